import type { FieldProblem, Locale } from '@touchbase/core';
import { ColumnMapping, ImportKind } from './columns';
import { DetectedEncoding } from './encoding';

export interface BadRow {
  line: number;
  problems: FieldProblem[];
}

/** A row as the import would store it, shown before anything is written (field → readable value). */
export interface SampleRow {
  line: number;
  values: Record<string, string>;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  skipBadRows: boolean;
  /** True when the changes were committed. */
  applied: boolean;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  badRowCount: number;
  /** Every bad row with its line number (the physical line in the file) and reasons; at most 1,000 listed. */
  badRows: BadRow[];
  warnings: { line: number; message: string }[];
  unknownColumns: string[];
  /** How the file was read (docs/import.md#encodings). */
  encoding: DetectedEncoding['encoding'];
  encodingHow: DetectedEncoding['how'];
  delimiter: string;
  /** The language dates, amounts and yes/no words were read in. */
  locale: Locale;
  /** Each column with the field it filled (null = ignored). */
  columns: ColumnMapping['columns'];
  /** The first good rows, normalized. */
  sample: SampleRow[];
}

const DELIMITER_NAMES: Record<string, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/** The report as plain lines for the CLI. */
export function formatImportReport(r: ImportReport): string {
  const out: string[] = [];
  const verb = r.applied
    ? 'Imported'
    : r.dryRun
      ? 'Dry run (nothing written)'
      : 'NOT imported (nothing written)';
  const counts = r.applied
    ? `${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged`
    : `would create ${r.created}, update ${r.updated}, leave ${r.unchanged} unchanged`;
  out.push(`${verb}: ${r.kind}, ${r.rows} row(s): ${counts}, ${r.badRowCount} bad.`);
  out.push(
    `Read as ${r.encoding} (${r.encodingHow}), ${DELIMITER_NAMES[r.delimiter] ?? r.delimiter}-separated, language ${r.locale}.`,
  );
  const mapped = r.columns.filter((c) => c.field).map((c) => `${c.header} → ${c.field}`);
  if (mapped.length) out.push(`Columns: ${mapped.join(', ')}`);
  if (r.unknownColumns.length) out.push(`Ignored columns: ${r.unknownColumns.join(', ')}`);
  for (const b of r.badRows)
    out.push(`  line ${b.line}: ${b.problems.map((p) => `${p.field}: ${p.problem}`).join('; ')}`);
  if (r.badRowCount > r.badRows.length)
    out.push(`  … and ${r.badRowCount - r.badRows.length} more bad row(s)`);
  for (const w of r.warnings) out.push(`  warning, line ${w.line}: ${w.message}`);
  if (r.badRowCount && !r.applied && !r.dryRun && !r.skipBadRows)
    out.push('Fix the rows above, or use --skip-bad-rows to import the good rows only.');
  if (r.badRowCount && r.applied) out.push(`Skipped ${r.badRowCount} bad row(s).`);
  return out.join('\n');
}
