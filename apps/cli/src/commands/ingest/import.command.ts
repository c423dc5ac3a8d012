import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command, CommandRunner, Option } from 'nest-commander';
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
@Command({
  name: 'import',
  arguments: '<kind> <file>',
  description: 'import customers, orders or products from a CSV file (all-or-nothing unless --skip-bad-rows)',
  argsDescription: {
    kind: IMPORT_KINDS.join(' | '),
    file: 'a CSV file with a header row (UTF-8, UTF-16, Windows-1252/1250, ISO-8859-1/2; , ; or tab)',
  },
})
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

  @Option({ flags: '--dry-run', description: 'report what would happen; write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--skip-bad-rows', description: 'import the good rows even when some rows are bad' })
  parseSkip(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the report as JSON' })
  parseJson(): boolean {
    return true;
  }

  @Option({
    flags: '--locale <language>',
    description:
      'the language the file writes dates, amounts and yes/no in: en, de or pl (default: DEFAULT_LOCALE)',
  })
  parseLocale(value: string): string {
    return value;
  }

  @Option({
    flags: '--encoding <name>',
    description:
      'the file encoding when detection cannot tell: utf-8, utf-16le, windows-1252, windows-1250, …',
  })
  parseEncodingFlag(value: string): string {
    return value;
  }

  @Option({
    flags: '--mapping <file.json>',
    description: 'column mapping as JSON: { "SMS erlaubt": "smsConsent", "Shoe size": null }',
  })
  parseMapping(value: string): string {
    return value;
  }

  @Option({
    flags: '--map <column=field>',
    description: 'map one column ("SMS erlaubt=smsConsent"; "Column=" ignores it); repeatable',
  })
  parseMap(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({
    flags: '--bad-rows <file>',
    description: 'write the bad rows (original columns + "problem") to this file, to fix and import again',
  })
  parseBadRows(value: string): string {
    return value;
  }
}
