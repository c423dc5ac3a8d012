import * as fs from 'node:fs';
import { Command, CommandRunner, Option } from 'nest-commander';
import {
  CsvImportService,
  formatImportReport,
  IMPORT_KINDS,
  ImportFileError,
  ImportKind,
} from '@touchbase/ingest';

interface ImportFlags {
  dryRun?: boolean;
  skipBadRows?: boolean;
  json?: boolean;
}

/**
 * `touchbase import customers|orders|products FILE [--dry-run] [--skip-bad-rows] [--json]`.
 * Exit code 0 when applied (or a clean dry run), 1 when bad rows stopped the import (nothing
 * written) or a dry run found bad rows, 2 for an unusable file.
 */
@Command({
  name: 'import',
  arguments: '<kind> <file>',
  description: 'import customers, orders or products from a CSV file (all-or-nothing unless --skip-bad-rows)',
  argsDescription: { kind: IMPORT_KINDS.join(' | '), file: 'path to a UTF-8 CSV file (header row first)' },
})
export class ImportCommand extends CommandRunner {
  constructor(private readonly imports: CsvImportService) {
    super();
  }

  async run([kind, file]: string[], flags: ImportFlags): Promise<void> {
    if (!(IMPORT_KINDS as readonly string[]).includes(kind))
      return this.fail(2, `unknown kind "${kind}" (use ${IMPORT_KINDS.join(', ')})`);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return this.fail(2, `no such file: ${file}`);
    try {
      const report = await this.imports.import(kind as ImportKind, fs.createReadStream(file), {
        dryRun: flags.dryRun,
        skipBadRows: flags.skipBadRows,
      });
      console.log(flags.json ? JSON.stringify(report, null, 2) : formatImportReport(report));
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
}
