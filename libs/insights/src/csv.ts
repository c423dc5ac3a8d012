import { stringify } from 'csv-stringify/sync';

/**
 * A text cell that starts with = + - @ TAB or CR could be run as a formula by a spreadsheet
 * (CSV injection): prefix it with a single quote. Numbers are written as numbers and left alone.
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export type CsvCell = string | number | boolean | null | undefined;

/** RFC 4180 CSV (csv-stringify) with every text cell formula-escaped. */
export function toCsv(header: string[], rows: CsvCell[][]): string {
  return stringify([header, ...rows], {
    cast: {
      string: (v) => escapeFormula(v),
      number: (v) => (Number.isFinite(v) ? String(v) : ''),
      boolean: (v) => (v ? 'true' : 'false'),
    },
    record_delimiter: 'windows',
  });
}
