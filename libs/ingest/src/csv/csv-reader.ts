import { finished, Readable, Transform } from 'node:stream';
import type * as CsvParse from 'csv-parse';
import type * as IconvLite from 'iconv-lite';
import { lazy as onFirstUse, type Locale, ValidationFailed } from '@touchbase/core';
import {
  detectDelimiter,
  detectEncoding,
  DetectedEncoding,
  Encoding,
  EncodingUnclearError,
} from './encoding';

/** Loaded with the first import, not at start-up. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const csvParse = onFirstUse(() => require('csv-parse') as typeof CsvParse);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const iconv = onFirstUse(() => require('iconv-lite') as typeof IconvLite);

/**
 * A problem with the whole file (no usable header, broken quoting, unclear encoding): nothing is
 * imported. The API names the field `file`; the message keeps the line number.
 */
export class ImportFileError extends ValidationFailed {
  constructor(
    message: string,
    readonly line?: number,
    full = line ? `line ${line}: ${message}` : message,
  ) {
    super([{ field: 'file', problem: full }], full);
    this.name = 'ImportFileError';
  }
}

export interface CsvRecord {
  /** The physical line the record starts on (1 = the header). */
  line: number;
  cells: string[];
}

export interface OpenedCsv {
  encoding: DetectedEncoding;
  delimiter: string;
  /** Bytes of the file read so far (for progress). */
  bytesRead(): number;
  /** Every record, blank lines left out; throws ImportFileError for broken CSV or undecodable bytes. */
  records: AsyncIterable<CsvRecord>;
  /**
   * The same records in runs of what the parser has ready (one await per run, not per record:
   * the import's loop). A file problem is thrown after the records before it were handed out.
   * Read either `records` or `batches`, not both.
   */
  batches: AsyncIterable<CsvRecord[]>;
}

/** How much of the file decides the encoding and the delimiter. */
const SNIFF_BYTES = 64 * 1024;

/** Counts the line breaks in a record's raw text (CRLF, LF or CR each count once). */
function lineBreaks(raw: string): number {
  let n = 0;
  for (let i = raw.indexOf('\n'); i !== -1; i = raw.indexOf('\n', i + 1)) n++;
  if (raw.includes('\r')) n += raw.match(/\r(?!\n)/g)?.length ?? 0;
  return n;
}

/**
 * Opens a CSV stream as people's spreadsheets write it: reads the first bytes to decide the
 * encoding (unless chosen) and the delimiter, then decodes and parses the whole input as a
 * stream (never held in memory).
 */
export async function openCsv(
  input: Readable,
  opts: { encoding?: Encoding; language?: Locale } = {},
): Promise<OpenedCsv> {
  const it = input[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < SNIFF_BYTES) {
    const n = await it.next();
    if (n.done) {
      done = true;
      break;
    }
    const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(String(n.value));
    chunks.push(b);
    size += b.length;
  }
  const head = Buffer.concat(chunks);
  let encoding: DetectedEncoding;
  try {
    encoding = opts.encoding
      ? { encoding: opts.encoding, bom: hasBom(head, opts.encoding), how: 'chosen' }
      : detectEncoding(head, opts.language, done);
  } catch (e) {
    if (e instanceof EncodingUnclearError) throw new ImportFileError(e.message);
    throw e;
  }
  const firstLine = iconv()
    .decode(head.subarray(0, 8192), encoding.encoding)
    .replace(/^\uFEFF/, '')
    .split(/\r?\n|\r/)[0];
  const delimiter = detectDelimiter(firstLine);
  let bytes = 0;
  async function* all() {
    try {
      for (const c of chunks) {
        bytes += c.length;
        yield c;
      }
      if (done) return;
      for (let n = await it.next(); !n.done; n = await it.next()) {
        const b = Buffer.isBuffer(n.value) ? n.value : Buffer.from(String(n.value));
        bytes += b.length;
        yield b;
      }
    } finally {
      await it.return?.(); // closes the file when the reader stops early (the mapping step's sample)
    }
  }
  let stream: Readable = Readable.from(all(), { objectMode: false });
  // UTF-8 goes to the parser as bytes (it decodes and drops the BOM itself); the rest through iconv-lite.
  if (encoding.encoding !== 'utf-8') {
    const decoder = iconv().decodeStream(encoding.encoding) as unknown as Transform;
    stream.on('error', (e) => decoder.destroy(e));
    stream = stream.pipe(decoder);
  }
  const batches = lazy(() => recordBatches(stream, delimiter));
  return {
    encoding,
    delimiter,
    bytesRead: () => bytes,
    batches,
    records: (async function* () {
      for await (const batch of batches) yield* batch;
    })(),
  };
}

function hasBom(head: Buffer, enc: Encoding): boolean {
  if (enc === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (enc === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe;
  if (enc === 'utf-16be') return head[0] === 0xfe && head[1] === 0xff;
  return false;
}

/**
 * Bounds on one record (docs/import.md#bounded-uploads): a hostile file — one huge unterminated
 * quoted cell, a million columns — is refused with a clear error as soon as a record passes
 * them, before it can take the engine's memory. A real customer, order or product row is a
 * few hundred characters.
 */
export const MAX_RECORD_CHARS = 256 * 1024;
export const MAX_COLUMNS = 500;

/** An iterable that starts `make` only when first iterated (so the unread one costs nothing). */
function lazy<T>(make: () => AsyncIterator<T>): AsyncIterable<T> {
  return { [Symbol.asyncIterator]: make };
}

/** Up to this many records per run handed to the importer. */
const RUN = 1000;

async function* recordBatches(stream: Readable, delimiter: string): AsyncGenerator<CsvRecord[]> {
  const parser = csvParse().parse({
    bom: true,
    raw: true,
    relax_column_count: true,
    delimiter,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_CHARS,
  });
  stream.on('error', (e) => parser.destroy(e));
  stream.pipe(parser);
  let line = 1;
  try {
    for await (const parsed of runsOf<{ record: string[]; raw: string }>(parser)) {
      const out: CsvRecord[] = [];
      let problem: unknown = null;
      for (const { record, raw } of parsed) {
        const start = line;
        line += lineBreaks(raw);
        problem = recordProblem(record, raw, start);
        if (problem) break;
        if (record.length === 1 && record[0].trim() === '') continue; // blank line
        out.push({ line: start, cells: record });
      }
      if (out.length) yield out;
      if (problem) throw problem;
    }
  } catch (e) {
    if (e instanceof ImportFileError) throw e;
    const err = e as Error & { code?: string };
    if (err.code === 'CSV_MAX_RECORD_SIZE')
      throw new ImportFileError(
        `a row is longer than ${MAX_RECORD_CHARS / 1024} KiB (an unclosed quote makes the rest of the file one cell?); nothing was imported`,
        line,
      );
    if (err.code?.startsWith('CSV_')) throw new ImportFileError(`the file is not valid CSV: ${err.message}`);
    throw e;
  } finally {
    parser.destroy();
    stream.destroy();
  }
}

/** Undecodable bytes or too many columns in one record. */
function recordProblem(record: string[], raw: string, start: number): ImportFileError | null {
  if (raw.includes('\uFFFD'))
    return new ImportFileError(
      'the file has bytes that are not valid in its encoding; choose the encoding it was saved in ' +
        '(CLI: --encoding windows-1252), or save it from Excel as "CSV UTF-8"',
      start,
    );
  if (record.length > MAX_COLUMNS)
    return new ImportFileError(`a row has ${record.length} columns; at most ${MAX_COLUMNS} are read`, start);
  return null;
}

/**
 * An object-mode stream's items in runs of what it has buffered (at most RUN): the same
 * `read()` / 'readable' / `finished` loop as Node's own async iterator (an error or a premature
 * close is thrown), but one await per run instead of per item.
 */
async function* runsOf<T>(stream: Readable): AsyncGenerator<T[]> {
  let error: Error | null | undefined; // undefined: running; null: ended cleanly
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on('readable', notify);
  finished(stream, (e) => {
    error = e ?? null;
    notify();
  });
  for (;;) {
    const run: T[] = [];
    for (
      let x: T | null;
      run.length < RUN && (x = stream.destroyed ? null : (stream.read() as T | null)) !== null;
    )
      run.push(x);
    if (run.length) yield run;
    else if (error) throw error;
    else if (error === null) return;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}
