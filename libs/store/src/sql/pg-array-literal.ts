/**
 * PostgreSQL's array literal (`{1,NULL,"a \"b\""}`) of one column of many rows: the text the bulk
 * statements send for each `unnest(?::type[], …)` parameter (bulk.ts), built here instead of by
 * node-postgres, whose serializer concatenates a string per element (at 1M customers it
 * allocated 215 MB in a tick).
 *
 * A column of nulls, finite numbers, booleans and strings is written by one `JSON.stringify` of
 * the column: natively, in one pass, one string. JSON's array is the literal's but for its
 * brackets: elements comma-separated, strings in double quotes with `"` and `\` escaped by a
 * backslash, numbers and `true`/`false` as the literal writes them, `null` (the literal reads
 * NULL in any case). Only JSON's other escapes (`\n`, `\u0001`, a lone surrogate's `\udc00`…)
 * read differently in a literal (a backslash there quotes the next character); a column whose
 * JSON has one is written element by element as before. Measured in a 1M tick on PostgreSQL:
 * the per-element form's escaped copies, parts and join put ~215 MB into the old generation
 * (the tasks' ~700-character texts, each escaped by two `replace`s).
 */
export function arrayLiteral(values: readonly unknown[][], c: number): string | unknown[] {
  const column = new Array<unknown>(values.length);
  let json = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i][c];
    if (v == null) column[i] = null;
    else if (typeof v === 'string' || typeof v === 'boolean') column[i] = v;
    else if (typeof v === 'number' || typeof v === 'bigint') {
      column[i] = v;
      if (typeof v === 'bigint' || !Number.isFinite(v)) json = false; // JSON has no bigint, NaN or Infinity
    } else return values.map((row) => row[c]); // a Date, a Buffer: node-postgres serializes the array
  }
  if (json) {
    const text = JSON.stringify(column);
    if (!OTHER_ESCAPE.test(text)) return `{${text.slice(1, -1)}}`;
  }
  return elementWise(column);
}

/** A backslash JSON writes for anything but `"` and `\` (a false match only takes the slower path). */
const OTHER_ESCAPE = /\\[bfnrtu]/;

/** The literal one element at a time (strings with control characters or lone surrogates, bigints, NaN). */
function elementWise(column: readonly unknown[]): string {
  const parts = new Array<string>(column.length);
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    if (v == null) parts[i] = 'NULL';
    else if (typeof v === 'string') parts[i] = `"${NEEDS_ESCAPE.test(v) ? v.replace(ESCAPED, '\\$&') : v}"`;
    else parts[i] = String(v);
  }
  return `{${parts.join(',')}}`;
}

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
