import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '@touchbase/core';
import { ImportMapping, ImportRun } from '@touchbase/store';
import { ColumnChoices, headerSignature, ImportKind } from './columns';
import { ImportReport } from './import-report';

export interface RememberedMapping {
  columns: ColumnChoices;
  locale: string | null;
  encoding: string | null;
}

/**
 * The list of imports (who, when, file, counts, report) and the column mappings remembered per
 * header (docs/import.md#history). Written outside the import's transaction, so a run that
 * imports nothing is still listed.
 */
@Injectable()
export class ImportHistoryService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  start(run: Pick<ImportRun, 'kind' | 'fileName' | 'actor' | 'userId' | 'dryRun'>): Promise<ImportRun> {
    return this.ds.getRepository(ImportRun).save({
      ...run,
      fileName: run.fileName.slice(0, 300),
      actor: run.actor.slice(0, 200),
      status: 'running',
      startedAt: this.clock.now(),
      finishedAt: null,
      report: null,
      error: null,
    });
  }

  async finish(id: number, report: ImportReport): Promise<void> {
    await this.ds.getRepository(ImportRun).update(
      { id },
      {
        status: report.applied ? 'applied' : report.dryRun ? 'dry_run' : 'not_applied',
        finishedAt: this.clock.now(),
        rows: report.rows,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        badRowCount: report.badRowCount,
        report,
      },
    );
  }

  async fail(id: number, message: string): Promise<void> {
    await this.ds
      .getRepository(ImportRun)
      .update({ id }, { status: 'failed', finishedAt: this.clock.now(), error: message });
  }

  list(limit = 50): Promise<ImportRun[]> {
    return this.ds.getRepository(ImportRun).find({
      order: { startedAt: 'DESC', id: 'DESC' },
      take: limit,
      select: {
        id: true,
        kind: true,
        fileName: true,
        actor: true,
        status: true,
        dryRun: true,
        startedAt: true,
        finishedAt: true,
        rows: true,
        created: true,
        updated: true,
        unchanged: true,
        badRowCount: true,
      },
    });
  }

  get(id: number): Promise<ImportRun | null> {
    return this.ds.getRepository(ImportRun).findOneBy({ id });
  }

  async remembered(kind: ImportKind, header: string[]): Promise<RememberedMapping | null> {
    const found = await this.ds
      .getRepository(ImportMapping)
      .findOneBy({ signature: signatureOf(kind, header) });
    return found ? { columns: found.columns, locale: found.locale, encoding: found.encoding } : null;
  }

  /** Keeps the mapping an applied import used, for the next file with the same headers. */
  async remember(kind: ImportKind, report: ImportReport, chosen: { locale?: string; encoding?: string }) {
    const header = report.columns.map((c) => c.header);
    const signature = signatureOf(kind, header);
    const columns: ColumnChoices = {};
    for (const c of report.columns) if (c.header && c.header !== 'problem') columns[c.header] = c.field;
    const repo = this.ds.getRepository(ImportMapping);
    const row = (await repo.findOneBy({ signature })) ?? repo.create({ kind, signature });
    Object.assign(row, {
      columns,
      locale: chosen.locale ?? null,
      encoding: chosen.encoding ?? null,
      updatedAt: this.clock.now(),
    });
    await repo.save(row);
  }
}

function signatureOf(kind: ImportKind, header: string[]): string {
  return createHash('sha256').update(headerSignature(kind, header)).digest('hex');
}
