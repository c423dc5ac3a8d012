import { parse } from 'csv-parse/sync';
import { escapeFormula, toCsv } from './csv';

describe('CSV export', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+1+2', `'+1+2`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['Birthday emails', 'Birthday emails'],
    ['a=b', 'a=b'],
  ])('escapes %j', (input, expected) => {
    expect(escapeFormula(input)).toBe(expected);
  });

  it('escapes text cells, keeps numbers and quotes commas and newlines', () => {
    const csv = toCsv(
      ['name', 'n', 'diff'],
      [
        ['=cmd|"/c calc"!A1', 3, -1.5],
        ['Thanks, "VIP"\nline', 0, null],
      ],
    );
    expect(parse(csv)).toEqual([
      ['name', 'n', 'diff'],
      [`'=cmd|"/c calc"!A1`, '3', '-1.5'],
      ['Thanks, "VIP"\nline', '0', ''],
    ]);
  });
});
