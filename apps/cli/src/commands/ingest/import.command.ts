import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandRunner } from 'nest-commander';
import { CommandFrom } from '../../kit/from-syntax';
import { IMPORT } from '../../syntax/ingest';
import type { Locale } from '@touchbase/core';
import {
  ColumnChoices,
  CsvImportService,
  Encoding,
  formatImportReport,
  IMPORT_KINDS,
  ImportFileError,
  ImportHistoryService,
  ImportJobsService,
  ImportKind,
  normalizeLocale,
  parseColumnChoices,
  parseEncoding,
} from '@touchbase/ingest';
import { importProgressBar } from './progress-bar';

interface ImportFlags {
  dryRun?: boolean;
  skipBadRows?: boolean;
  json?: boolean;
  locale?: string;
  encoding?: string;
  mapping?: string;
  map?: string[];
  badRows?: string;
}

/**
 * `touchbase import customers|orders|products FILE [--locale de] [--encoding windows-1252]
 * [--mapping map.json] [--map "SMS erlaubt=smsConsent"] [--bad-rows bad.csv] [--dry-run]
 * [--skip-bad-rows] [--json]` (docs/import.md#cli). Exit code 0 when applied (or a clean dry run),
 * 1 when bad rows stopped the import (nothing written) or a dry run found bad rows, 2 for an
 * unusable file or mapping.
 */
@CommandFrom(IMPORT)
export class ImportCommand extends CommandRunner {
  constructor(
    private readonly imports: CsvImportService,
    private readonly jobs: ImportJobsService,
    private readonly history: ImportHistoryService,
  ) {
    super();
  }

  async run([kind, file]: string[], flags: ImportFlags): Promise<void> {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind))
      return this.fail(2, `unknown kind "${kind}" (use ${IMPORT_KINDS.join(', ')})`);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return this.fail(2, `no such file: ${file}`);
    let columns: ColumnChoices;
    let locale: Locale | undefined;
    let encoding: Encoding | undefined;
    try {
      locale = flags.locale ? normalizeLocale(flags.locale) : undefined;
      encoding = flags.encoding ? parseEncoding(flags.encoding) : undefined;
    } catch (e) {
      return this.fail(
        2,
        `--${flags.encoding && !encoding ? 'encoding' : 'locale'}: ${(e as Error).message}`,
      );
    }
    try {
      const json = flags.mapping ? JSON.parse(fs.readFileSync(flags.mapping, 'utf8')) : undefined;
      columns = parseColumnChoices(json, flags.map ?? []);
    } catch (e) {
      return this.fail(2, `mapping: ${(e as Error).message}`);
    }
    try {
      // A mapping confirmed before for a file with these headers applies unless overridden here.
      const { header } = await this.imports.preview(kind as ImportKind, fs.createReadStream(file), {
        locale,
        encoding,
      });
      const remembered = await this.history.remembered(kind as ImportKind, header);
      const bar = importProgressBar();
      const status = await this.jobs.run(
        {
          kind: kind as ImportKind,
          path: file,
          fileName: path.basename(file),
          actor: `CLI (${os.userInfo().username})`,
          options: {
            dryRun: flags.dryRun,
            skipBadRows: flags.skipBadRows,
            locale: locale ?? (remembered?.locale as Locale | undefined),
            encoding: encoding ?? (remembered?.encoding as Encoding | undefined),
            columns: { ...remembered?.columns, ...columns },
          },
          badRowsFile: flags.badRows ? () => flags.badRows! : undefined,
        },
        bar.draw,
      );
      if (status.fileError) return this.fail(2, status.error!);
      if (status.error) throw new Error(status.error);
      const report = status.report!;
      console.log(flags.json ? JSON.stringify(report, null, 2) : formatImportReport(report));
      if (flags.badRows && report.badRowCount === 0) fs.rmSync(flags.badRows, { force: true });
      else if (flags.badRows)
        process.stderr.write(
          `The ${report.badRowCount} bad row(s) are in ${flags.badRows}: fix them there and import that file.\n`,
        );
      if (report.badRowCount > 0 && !report.applied) process.exitCode = 1;
    } catch (e) {
      if (e instanceof ImportFileError) return this.fail(2, e.message);
      throw e;
    }
  }

  private fail(code: number, message: string): void {
    process.stderr.write(`touchbase import: ${message}\n`);
    process.exitCode = code;
  }
}
