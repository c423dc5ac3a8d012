import { Injectable, Logger } from '@nestjs/common';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ImportKind } from './columns';
import { CsvImportService, ImportOptions } from './csv-import.service';
import { ImportFileError } from './csv-reader';
import { ImportHistoryService } from './import-history.service';
import { ImportReport } from './import-report';

export interface ImportRequest {
  kind: ImportKind;
  /** The file on disk. */
  path: string;
  /** Its name as the owner knows it (the upload's name). */
  fileName: string;
  actor: string;
  userId?: number | null;
  options: Omit<ImportOptions, 'onProgress' | 'badRowsFile'>;
  /** Where to write the bad rows, given the run's id. */
  badRowsFile?: (runId: number) => string;
}

export interface ImportJobStatus {
  runId: number;
  rows: number;
  bytesRead: number;
  totalBytes: number;
  /** Rows per second so far. */
  rate: number;
  /** Seconds left, estimated from the bytes read; null until there is a rate. */
  etaSeconds: number | null;
  done: boolean;
  report?: ImportReport;
  /** Why the run stopped without a report … */
  error?: string;
  /** … and whether that was the file's fault (ImportFileError: an answer for the user, not a crash). */
  fileError?: boolean;
}

interface Job {
  status: ImportJobStatus;
  started: number;
  finished: Promise<void>;
}

/**
 * Runs imports and records them in the history: awaited (CLI) or in the background (web), with
 * the progress (rows read, rate, estimated time left) readable while it runs. Progress lives in
 * this process; the history row is written when the run starts and when it ends.
 */
@Injectable()
export class ImportJobsService {
  private readonly log = new Logger('ImportJobs');
  private readonly jobs = new Map<number, Job>();

  constructor(
    private readonly imports: CsvImportService,
    private readonly history: ImportHistoryService,
  ) {}

  /** Starts the import and answers the run's id at once. */
  async begin(req: ImportRequest, onProgress?: (s: ImportJobStatus) => void): Promise<number> {
    const run = await this.history.start({
      kind: req.kind,
      fileName: req.fileName,
      actor: req.actor,
      userId: req.userId ?? null,
      dryRun: !!req.options.dryRun,
    });
    const status: ImportJobStatus = {
      runId: run.id,
      rows: 0,
      bytesRead: 0,
      totalBytes: fs.statSync(req.path).size,
      rate: 0,
      etaSeconds: null,
      done: false,
    };
    const started = performance.now();
    const update = (rows: number, bytesRead: number) => {
      const seconds = (performance.now() - started) / 1000;
      Object.assign(status, { rows, bytesRead });
      status.rate = seconds > 0 ? Math.round(rows / seconds) : 0;
      const byteRate = seconds > 0 ? bytesRead / seconds : 0;
      status.etaSeconds = byteRate > 0 ? Math.max(0, (status.totalBytes - bytesRead) / byteRate) : null;
      onProgress?.(status);
    };
    const work = this.imports
      .import(req.kind, fs.createReadStream(req.path), {
        ...req.options,
        badRowsFile: req.badRowsFile?.(run.id),
        onProgress: (p) => update(p.rows, p.bytesRead),
      })
      .then(async (report) => {
        update(report.rows, status.totalBytes);
        status.report = report;
        await this.history.finish(run.id, report);
        if (report.applied)
          await this.history.remember(req.kind, report, {
            locale: req.options.locale,
            encoding: req.options.encoding,
          });
      })
      .catch(async (e: Error) => {
        status.error = e.message;
        status.fileError = e instanceof ImportFileError;
        if (!(e instanceof ImportFileError)) this.log.error(`import run ${run.id} failed: ${e.stack ?? e}`);
        await this.history.fail(run.id, e.message).catch(() => undefined);
      })
      .finally(() => {
        status.done = true;
        onProgress?.(status);
      });
    this.jobs.set(run.id, { status, started, finished: work });
    return run.id;
  }

  /** Runs the import to its end (the CLI). */
  async run(req: ImportRequest, onProgress?: (s: ImportJobStatus) => void): Promise<ImportJobStatus> {
    const id = await this.begin(req, onProgress);
    const job = this.jobs.get(id)!;
    await job.finished;
    this.jobs.delete(id);
    return job.status;
  }

  /** The progress of a run started in this process (undefined: unknown here, see the history). */
  status(runId: number): ImportJobStatus | undefined {
    return this.jobs.get(runId)?.status;
  }

  /** Forgets a finished run's progress once its page has shown the final report. */
  forget(runId: number): void {
    if (this.jobs.get(runId)?.status.done) this.jobs.delete(runId);
  }
}
