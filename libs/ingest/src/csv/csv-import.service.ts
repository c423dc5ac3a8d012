import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { WriteOutcome } from '../customer-writer';
import { FieldProblem } from '../normalize/problems';
import { detectDelimiter, ImportKind, mapHeader } from './columns';
import { BATCH_WRITERS, ImportRow, RowResult } from './row-writers';

export interface ImportOptions {
  /** Report what would happen; write nothing. */
  dryRun?: boolean;
  /** Apply the good rows even when some are bad (default: any bad row → nothing is written). */
  skipBadRows?: boolean;
  batchSize?: number;
}

export interface BadRow {
  line: number;
  problems: FieldProblem[];
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
}

/** A problem with the whole file (no usable header, broken quoting): nothing is imported. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(line ? `line ${line}: ${message}` : message);
    this.name = 'ImportFileError';
  }
}

const MAX_LISTED = 1000;

/** Counts the line breaks in a record's raw text (CRLF, LF or CR each count once). */
function lineBreaks(raw: string): number {
  return raw.match(/\r\n|\n|\r/g)?.length ?? 0;
}

/** Splits off the first chunk to choose the delimiter, then streams the whole input on. */
async function withDelimiter(input: Readable): Promise<{ stream: Readable; delimiter: string }> {
  const it = input[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done
    ? Buffer.alloc(0)
    : Buffer.isBuffer(first.value)
      ? first.value
      : Buffer.from(String(first.value));
  const firstLine = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)[0];
  async function* rest() {
    if (head.length) yield head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { stream: Readable.from(rest()), delimiter: detectDelimiter(firstLine) };
}

/**
 * CSV import of customers, orders or products. The file is streamed (never held in memory) and
 * applied in batches inside ONE transaction, which is committed only when the user's choice
 * allows it: no bad rows (or --skip-bad-rows) and not a dry run. Rows are upserts (by external
 * id or SKU, customers by email when they have no external id), so re-importing a file reports
 * everything unchanged and writes nothing.
 */
@Injectable()
export class CsvImportService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async import(kind: ImportKind, input: Readable, opts: ImportOptions = {}): Promise<ImportReport> {
    const now = this.clock.now();
    const ctx = {
      now,
      businessZone: this.config.business.timezone,
      phoneRegion: this.config.business.phoneRegion,
      currency: this.config.business.currency,
      secret: this.config.secret,
    };
    const report: ImportReport = {
      kind,
      dryRun: !!opts.dryRun,
      skipBadRows: !!opts.skipBadRows,
      applied: false,
      rows: 0,
      created: 0,
      updated: 0,
      unchanged: 0,
      badRowCount: 0,
      badRows: [],
      warnings: [],
      unknownColumns: [],
    };
    const batchSize = opts.batchSize ?? 500;
    const write = BATCH_WRITERS[kind];
    const { stream, delimiter } = await withDelimiter(input);
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      // Created only now that it is read at once: a parse error must reach the loop below.
      const parser = parse({
        bom: true,
        raw: true,
        relax_column_count: true,
        delimiter,
        skip_empty_lines: false,
      });
      stream.on('error', (e) => parser.destroy(e));
      stream.pipe(parser);
      let line = 1;
      let fields: (string | undefined)[] | null = null;
      let headerOf: Record<string, string> = {};
      let width = 0;
      let batch: ImportRow[] = [];
      const flush = async () => {
        if (!batch.length) return;
        for (const r of await write(qr.manager, batch, ctx)) this.tally(report, r, headerOf);
        batch = [];
      };
      try {
        for await (const { record, raw } of parser as AsyncIterable<{ record: string[]; raw: string }>) {
          const start = line;
          line += lineBreaks(raw);
          if (record.length === 1 && record[0].trim() === '') continue; // blank line
          if (!fields) {
            const { mapping, problems } = mapHeader(kind, record);
            if (problems.length) throw new ImportFileError(`header: ${problems.join('; ')}`, start);
            fields = mapping.fields;
            headerOf = mapping.headerOf;
            width = record.length;
            report.unknownColumns = mapping.unknown;
            continue;
          }
          report.rows++;
          if (record.length > width && record.slice(width).some((v) => v.trim() !== '')) {
            this.tally(
              report,
              {
                line: start,
                problems: [
                  {
                    field: 'row',
                    problem: `has ${record.length} fields but the header has ${width} (an unquoted comma?)`,
                  },
                ],
              },
              headerOf,
            );
            continue;
          }
          const values: Record<string, string> = {};
          record.forEach((v, i) => {
            const f = fields![i];
            if (f && v.trim() !== '') values[f] = v.trim();
          });
          batch.push({ line: start, values });
          if (batch.length >= batchSize) await flush();
        }
      } catch (e) {
        if (e instanceof ImportFileError) throw e;
        const err = e as Error & { code?: string; lines?: number };
        if (err.code?.startsWith('CSV_'))
          throw new ImportFileError(`the file is not valid CSV: ${err.message}`);
        throw e;
      }
      if (!fields) throw new ImportFileError('the file is empty (no header row)');
      await flush();
      const commit = !report.dryRun && (report.badRowCount === 0 || report.skipBadRows);
      if (commit) await qr.commitTransaction();
      else await qr.rollbackTransaction();
      report.applied = commit;
      return report;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction();
      throw e;
    } finally {
      await qr.release();
    }
  }

  private tally(report: ImportReport, r: RowResult, headerOf: Record<string, string>): void {
    if (r.problems?.length) {
      report.badRowCount++;
      if (report.badRows.length < MAX_LISTED)
        report.badRows.push({
          line: r.line,
          problems: r.problems.map((p) => ({
            field:
              headerOf[p.field] && headerOf[p.field] !== p.field
                ? `${p.field} ("${headerOf[p.field]}")`
                : p.field,
            problem: p.problem,
          })),
        });
      return;
    }
    const outcome: WriteOutcome = r.outcome!;
    report[outcome]++;
    for (const w of r.warnings ?? [])
      if (report.warnings.length < MAX_LISTED) report.warnings.push({ line: r.line, message: w });
  }
}

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
