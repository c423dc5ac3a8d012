import type * as CsvStringify from 'csv-stringify/sync';
import { lazy } from '@touchbase/core';

/** Loaded with the first CSV export, not at start-up. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const csvStringify = lazy(() => require('csv-stringify/sync') as typeof CsvStringify);

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
  return csvStringify().stringify(header ? [header, ...rows] : rows, {
    cast: {
      string: (v) => escapeFormula(v),
      number: (v) => (Number.isFinite(v) ? String(v) : ''),
      boolean: (v) => (v ? 'true' : 'false'),
    },
    record_delimiter: 'windows',
  });
}
