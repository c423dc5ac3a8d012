import { Inject, Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { exclusive, plainPlans, SettingsService } from '@touchbase/store';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, Locale } from '@touchbase/core';
import { WriteOutcome } from '../customer-writer';
import { recomputeTiers } from '../tiers/tier-recompute';
import { BadRowsFile } from './bad-rows-file';
import { CodedProblem } from '../normalize/problem-texts';
import { ColumnChoices, ColumnMapping, ImportKind, mapHeader } from './columns';
import { openCsv, ImportFileError } from './csv-reader';
import { DetectedEncoding, Encoding } from './encoding';
import { ImportReport } from './import-report';
import { BATCH_WRITERS, ImportRow, RowResult, WriterContext } from './row-writers';
import { sampleValues } from './sample';

export interface ImportProgress {
  /** Data rows read so far. */
  rows: number;
  /** Bytes of the file read so far. */
  bytesRead: number;
}

export interface ImportOptions {
  /** Report what would happen; write nothing. */
  dryRun?: boolean;
  /** Apply the good rows even when some are bad (default: any bad row → nothing is written). */
  skipBadRows?: boolean;
  batchSize?: number;
  /** The file's language (default: the business locale); an explicit one also breaks encoding ties. */
  locale?: Locale;
  /** The file's encoding, when the owner knows better than the detection. */
  encoding?: Encoding;
  /** The owner's column choices (header → field, null = ignore) over the recognised ones. */
  columns?: ColumnChoices;
  /** Write the bad rows (original cells + "problem") to this path. */
  badRowsFile?: string;
  /** The language of the bad-rows file's "problem" column (default: the business locale). */
  problemLocale?: Locale;
  /** Called after each batch. */
  onProgress?: (p: ImportProgress) => void;
}

/** What the mapping step shows before anything is checked: how the file is read and mapped. */
export interface ImportPreview {
  encoding: DetectedEncoding;
  delimiter: string;
  locale: Locale;
  header: string[];
  columns: ColumnMapping['columns'];
  /** File-level problems with the mapping (a missing key column, an unmapped consent column). */
  problems: string[];
  /** The first rows' cells as read, per column. */
  rows: string[][];
}

const MAX_LISTED = 1000;
const SAMPLE_ROWS = 5;

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
    private readonly ownerSettings: SettingsService,
  ) {}

  /** Reads the header and the first rows only: the mapping step's view of the file. */
  async preview(kind: ImportKind, input: Readable, opts: ImportOptions = {}): Promise<ImportPreview> {
    const csv = await openCsv(input, { encoding: opts.encoding, language: opts.locale });
    const rows: string[][] = [];
    let header: string[] | null = null;
    for await (const r of csv.records) {
      if (!header) header = r.cells.map((h) => h.trim());
      else rows.push(r.cells);
      if (rows.length >= SAMPLE_ROWS) break;
    }
    if (!header) throw new ImportFileError('the file is empty (no header row)');
    const { mapping, problems } = mapHeader(kind, header, opts.columns);
    return {
      encoding: csv.encoding,
      delimiter: csv.delimiter,
      locale: opts.locale ?? this.ownerSettings.get().defaultLocale,
      header,
      columns: mapping.columns,
      problems,
      rows,
    };
  }

  async import(kind: ImportKind, input: Readable, opts: ImportOptions = {}): Promise<ImportReport> {
    const locale = opts.locale ?? this.ownerSettings.get().defaultLocale;
    const ctx: WriterContext = {
      now: this.clock.now(),
      businessZone: this.ownerSettings.get().timezone,
      phoneRegion: this.config.business.phoneRegion,
      currency: this.config.business.currency,
      secret: this.config.secret,
      reading: { locale, zone: this.ownerSettings.get().timezone },
    };
    const csv = await openCsv(input, { encoding: opts.encoding, language: opts.locale });
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
      encoding: csv.encoding.encoding,
      encodingHow: csv.encoding.how,
      delimiter: csv.delimiter,
      locale,
      columns: [],
      sample: [],
    };
    const bad = opts.badRowsFile
      ? new BadRowsFile(
          opts.badRowsFile,
          csv.encoding,
          csv.delimiter,
          opts.problemLocale ?? this.ownerSettings.get().defaultLocale,
        )
      : null;
    // its own transaction, one at a time on SQLite: aborting it rolls back only its rows
    // (docs/delivery-guarantees.md#transactions-on-sqlite)
    await exclusive(this.ds, () => this.applyFile(kind, csv, report, bad, ctx, opts));
    // the fast writer does not recompute tiers row by row: once the import has committed, every
    // customer's tier is recomputed set-based, as the daily step does (docs/ingest.md#service-tiers)
    if (report.applied && kind !== 'products' && report.created + report.updated > 0)
      await this.ds.transaction((m) => recomputeTiers(m, ctx.now, ctx.currency));
    return report;
  }

  private async applyFile(
    kind: ImportKind,
    csv: Awaited<ReturnType<typeof openCsv>>,
    report: ImportReport,
    bad: BadRowsFile | null,
    ctx: WriterContext,
    opts: ImportOptions,
  ): Promise<ImportReport> {
    const batchSize = opts.batchSize ?? 500;
    const write = BATCH_WRITERS[kind];
    const qr = this.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      // PostgreSQL: each batch looks its rows up by external id and email in a table this very
      // transaction is filling, whose statistics still say "empty" (autovacuum may be off): the
      // planner chose sequential scans, so every lookup re-read every row imported so far
      // (30 ms a batch at 50,000 rows, quadratic in the file). Plain plans use the indexes.
      await plainPlans(qr.manager);
      let fields: (string | undefined)[] | null = null;
      let headerOf: Record<string, string> = {};
      let width = 0;
      let batch: ImportRow[] = [];
      const flush = async () => {
        if (!batch.length) return;
        const cells = bad ? new Map(batch.map((r) => [r.line, r.cells!])) : null;
        for (const r of await write(qr.manager, batch, ctx)) this.tally(report, r, headerOf, bad, cells);
        batch = [];
        opts.onProgress?.({ rows: report.rows, bytesRead: csv.bytesRead() });
      };
      for await (const run of csv.batches)
        for (const { line, cells: record } of run) {
          if (!fields) {
            const { mapping, problems } = mapHeader(kind, record, opts.columns);
            if (problems.length) throw new ImportFileError(`header: ${problems.join('; ')}`, line);
            fields = mapping.fields;
            headerOf = mapping.headerOf;
            width = record.length;
            report.unknownColumns = mapping.unknown;
            report.columns = mapping.columns;
            bad?.writeHeader(record);
            continue;
          }
          report.rows++;
          if (record.length > width && record.slice(width).some((v) => v.trim() !== '')) {
            const problem = `has ${record.length} fields but the header has ${width} (an unquoted delimiter?)`;
            this.tally(
              report,
              { line, problems: [{ field: 'row', problem }] },
              headerOf,
              bad,
              new Map([[line, record]]),
            );
            continue;
          }
          const values: Record<string, string> = {};
          for (let i = 0; i < record.length; i++) {
            const f = fields[i];
            if (f === undefined) continue;
            const v = record[i].trim();
            if (v !== '') values[f] = v;
          }
          if (report.sample.length < SAMPLE_ROWS) {
            const shown = sampleValues(kind, values, ctx);
            if (shown) report.sample.push({ line, values: shown });
          }
          batch.push(bad ? { line, values, cells: record } : { line, values });
          if (batch.length >= batchSize) await flush();
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
      bad?.close();
      await qr.release();
    }
  }

  private tally(
    report: ImportReport,
    r: RowResult,
    headerOf: Record<string, string>,
    bad: BadRowsFile | null,
    cells: Map<number, string[]> | null,
  ): void {
    if (r.problems?.length) {
      report.badRowCount++;
      const problems = r.problems.map((p: CodedProblem) => ({
        ...p,
        field:
          headerOf[p.field] && headerOf[p.field] !== p.field
            ? `${p.field} ("${headerOf[p.field]}")`
            : p.field,
      }));
      if (report.badRows.length < MAX_LISTED) report.badRows.push({ line: r.line, problems });
      bad?.add(r.line, cells?.get(r.line) ?? [], problems);
      return;
    }
    const outcome: WriteOutcome = r.outcome!;
    report[outcome]++;
    for (const w of r.warnings ?? [])
      if (report.warnings.length < MAX_LISTED) report.warnings.push({ line: r.line, message: w });
  }
}
