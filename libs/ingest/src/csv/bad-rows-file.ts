import * as fs from 'node:fs';
import type * as CsvStringify from 'csv-stringify/sync';
import type * as IconvLite from 'iconv-lite';
import { lazy } from '@touchbase/core';
import { PROBLEM_COLUMN } from './columns';
import { DetectedEncoding } from './encoding';
import { CodedProblem, lineWord, problemText } from '../normalize/problem-texts';

/** Loaded with the first bad row, not at start-up. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const csvStringify = lazy(() => require('csv-stringify/sync') as typeof CsvStringify);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const iconv = lazy(() => require('iconv-lite') as typeof IconvLite);
/**
 * The bad rows of an import as a file to fix and upload again (docs/import.md#bad-rows): the
 * original header and cells plus a "problem" column, in the file's own encoding (and BOM) and
 * delimiter, so Excel opens it as it opened the original. The import ignores the "problem"
 * column when the fixed file comes back.
 */
export class BadRowsFile {
  private readonly fd: number;
  private count = 0;

  constructor(
    readonly path: string,
    private readonly encoding: DetectedEncoding,
    private readonly delimiter: string,
    /** The language of the "problem" column. */
    private readonly locale: string = 'en',
  ) {
    this.fd = fs.openSync(path, 'w');
  }

  writeHeader(header: string[]): void {
    const bom = this.encoding.bom ? '\uFEFF' : '';
    this.write(bom + this.line([...header, PROBLEM_COLUMN]));
  }

  add(line: number, cells: string[], problems: CodedProblem[]): void {
    const texts = problems.map((p) => `${p.field}: ${problemText(this.locale, p)}`).join('; ');
    const problem = `${lineWord(this.locale)} ${line}: ${texts}`;
    this.write(this.line([...cells, problem]));
    this.count++;
  }

  get rows(): number {
    return this.count;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private line(cells: string[]): string {
    return csvStringify().stringify([cells], { delimiter: this.delimiter, record_delimiter: 'windows' });
  }

  private write(text: string): void {
    // iconv-lite adds no BOM of its own here: the header carries it when the original had one.
    fs.writeSync(this.fd, iconv().encode(text, this.encoding.encoding, { addBOM: false }));
  }
}
