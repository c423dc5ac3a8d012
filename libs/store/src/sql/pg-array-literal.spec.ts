import { arrayLiteral } from './pg-array-literal';

/** The literal as it was built before (each element quoted and escaped by itself), the reference. */
function elementByElement(column: unknown[]): string {
  const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return `{${column.map((v) => (v == null ? 'NULL' : typeof v === 'string' ? quote(v) : String(v))).join(',')}}`;
}

/**
 * A one-dimensional literal as PostgreSQL reads it (array_in): quoted elements with backslash
 * escapes; unquoted ones trimmed, NULL in any case a null, else their text.
 */
function read(literal: string): Array<{ quoted: boolean; text: string } | null> {
  expect(literal.startsWith('{') && literal.endsWith('}')).toBe(true);
  const out: Array<{ quoted: boolean; text: string } | null> = [];
  const body = literal.slice(1, -1);
  let i = 0;
  while (i < body.length) {
    if (body[i] === '"') {
      let text = '';
      for (i++; body[i] !== '"'; i++) text += body[i] === '\\' ? body[++i] : body[i];
      out.push({ quoted: true, text });
      i++;
    } else {
      const end = body.indexOf(',', i) < 0 ? body.length : body.indexOf(',', i);
      const text = body.slice(i, end).trim();
      out.push(/^null$/i.test(text) ? null : { quoted: false, text });
      i = end;
    }
    if (i < body.length) expect(body[i++]).toBe(',');
  }
  return out;
}

const AWKWARD = [
  'plain',
  'quote " and \\ backslash',
  "it's, {braced}",
  'NULL',
  'null',
  '',
  'ünï 🎂 ł',
  JSON.stringify({ en: { title: 'Check in with "Zoë"', reason: 'a\\ b' }, pl: { title: 'Zadzwoń' } }),
  '\\"',
];
/** A backslash before one of JSON's escape letters: the slower path, the same literal. */
const LOOKS_ESCAPED = ['\\n is not a newline', JSON.stringify({ reason: 'a\\b' })];
const UNSAFE = [' line\n\ttab "q"', 'bell \u0007', 'lone \ud800 surrogate "q"', 'ok', '\u2028 and \u2029'];

describe('arrayLiteral (PostgreSQL array parameters of the bulk statements)', () => {
  const rowsOf = (column: unknown[]) => column.map((v) => [0, v]);

  it('writes strings, nulls, numbers and booleans that PostgreSQL reads as element by element', () => {
    for (const column of [
      AWKWARD,
      [...AWKWARD, null, undefined],
      UNSAFE,
      LOOKS_ESCAPED,
      [...AWKWARD, ...UNSAFE],
      [1, -0, 0.5, -12, 1781506800000, 1e21, null],
      [true, false, null],
      [],
    ]) {
      const literal = arrayLiteral(rowsOf(column), 1) as string;
      expect(read(literal)).toEqual(read(elementByElement(column)));
      expect(read(literal).map((e) => e?.text ?? null)).toEqual(
        column.map((v) => (v == null ? null : String(v))),
      );
    }
  });

  it('writes a column without control characters or lone surrogates with one JSON.stringify', () => {
    for (const column of [AWKWARD, [1, 2.5, null, true], [...AWKWARD, 7, null]])
      expect(arrayLiteral(rowsOf(column), 1)).toBe(`{${JSON.stringify(column).slice(1, -1)}}`);
  });

  it('writes bigints, NaN and Infinity as the element-by-element form did', () => {
    const column = [1n, 12345678901234567890n, NaN, Infinity, -Infinity, 2, null];
    expect(arrayLiteral(rowsOf(column), 1)).toBe(elementByElement(column));
  });

  it('leaves a column with other values (a Date) to node-postgres, as an array', () => {
    const at = new Date(0);
    expect(arrayLiteral(rowsOf(['a', at]), 1)).toEqual(['a', at]);
  });

  it('reads each column of the rows', () => {
    expect(
      arrayLiteral(
        [
          [1, 'a'],
          [2, null],
        ],
        0,
      ),
    ).toBe('{1,2}');
    expect(
      read(
        arrayLiteral(
          [
            [1, 'a'],
            [2, null],
          ],
          1,
        ) as string,
      ),
    ).toEqual([{ quoted: true, text: 'a' }, null]);
  });
});
