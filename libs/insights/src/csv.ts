import { stringify } from 'csv-stringify/sync';

/**
 * A text cell that starts with = + - @ TAB or CR could be run as a formula by a spreadsheet
 * (CSV injection): prefix it with a single quote. Numbers are written as numbers and left alone.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

/**
 * RFC 4180 CSV (csv-stringify) with every text cell formula-escaped. `header: null` writes only
 * the rows (a later chunk of a CSV streamed in batches).
 */
export function toCsv(header: string[] | null, rows: CsvCell[][]): string {
  return stringify(header ? [header, ...rows] : rows, {
    cast: {
      string: (v) => escapeFormula(v),
      number: (v) => (Number.isFinite(v) ? String(v) : ''),
      boolean: (v) => (v ? 'true' : 'false'),
    },
    record_delimiter: 'windows',
  });
}
