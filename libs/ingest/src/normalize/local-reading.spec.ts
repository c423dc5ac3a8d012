import { normalizeLocale, parseYesNo } from './fields';
import { readDecimal, readInteger, readLocalDate, readLocalInstant } from './local-reading';

describe('reading values by the file’s language', () => {
  it('dates as German and Polish Excel shows them, with or without a year', () => {
    expect(readLocalDate('24.12.1980', 'de')).toBe('1980-12-24');
    expect(readLocalDate('5.1.1980', 'pl')).toBe('1980-01-05');
    expect(readLocalDate('24.12.', 'de')).toBe('--12-24');
    expect(readLocalDate('29.02.', 'pl')).toBe('--02-29');
    expect(readLocalDate('1980-12-24', 'de')).toBe('1980-12-24');
    expect(() => readLocalDate('24.12.80', 'de')).toThrow(/two-digit year.*24\.12\.1980/);
    expect(() => readLocalDate('Heiligabend', 'de')).toThrow(/such as 24\.12\.1980/);
  });

  it('slash dates in English: day first, a US order only when it cannot be a day first', () => {
    expect(readLocalDate('04/03/1985', 'en')).toBe('1985-03-04');
    expect(readLocalDate('12/24/1980', 'en')).toBe('1980-12-24');
    expect(readLocalDate('24/12', 'en')).toBe('--12-24');
  });

  it('amounts with grouping and decimal comma or point, by language', () => {
    expect(readDecimal('1.049,90', 'de')).toBe('1049.90');
    expect(readDecimal('1 049,90', 'pl')).toBe('1049.90');
    expect(readDecimal('1\u00A0049,90', 'pl')).toBe('1049.90');
    expect(readDecimal('1.049,90 €', 'de')).toBe('1049.90');
    expect(readDecimal('12,5', 'de')).toBe('12.5');
    expect(readDecimal('1.049', 'de')).toBe('1049');
    expect(readDecimal('12.50', 'de')).toBe('12.50');
    expect(readDecimal('1,049.90', 'en')).toBe('1049.90');
    expect(readDecimal('1,049', 'en')).toBe('1049');
    expect(() => readDecimal('1,049.90', 'de')).toThrow(/such as 1\.049,90/);
    expect(readInteger('1.000', 'de')).toBe('1000');
  });

  it('local date-times in the business zone, refusing the hour skipped in spring', () => {
    const berlin = { locale: 'de' as const, zone: 'Europe/Berlin' };
    expect(readLocalInstant('27.11.2026 14:30', berlin)).toBe('2026-11-27T14:30:00+01:00');
    expect(readLocalInstant('15.06.2026 09:05:07', berlin)).toBe('2026-06-15T09:05:07+02:00');
    expect(readLocalInstant('2026-06-15T10:00:00Z', berlin)).toBe('2026-06-15T10:00:00Z');
    expect(readLocalInstant('27.11.2026', berlin)).toBe('2026-11-27T00:00:00+01:00');
    expect(() => readLocalInstant('29.03.2026 02:30', berlin)).toThrow(/does not exist in Europe\/Berlin/);
    // Clocks go back on 25 Oct 2026: 02:30 happens twice; the first (summer time) is taken.
    expect(readLocalInstant('25.10.2026 02:30', berlin)).toBe('2026-10-25T02:30:00+02:00');
    expect(readLocalInstant('31.12.2026 23:59', { locale: 'pl', zone: 'Pacific/Kiritimati' })).toBe(
      '2026-12-31T23:59:00+14:00',
    );
    expect(() => readLocalInstant('27.11. 14:30', berlin)).toThrow(/needs a year/);
  });

  it('language names and codes in en, de and pl; yes/no words', () => {
    expect(['Deutsch', 'German', 'niemiecki', 'de-DE'].map(normalizeLocale)).toEqual([
      'de',
      'de',
      'de',
      'de',
    ]);
    expect(['polski', 'Polish', 'Polnisch', 'PL'].map(normalizeLocale)).toEqual(['pl', 'pl', 'pl', 'pl']);
    expect(['English', 'Englisch', 'angielski'].map(normalizeLocale)).toEqual(['en', 'en', 'en']);
    expect(() => normalizeLocale('Französisch')).toThrow(/one of en, de, pl/);
    expect(['x', 'X', 'ja', 'Tak', 'wahr', '✓'].map(parseYesNo)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(['nein', 'NIE', 'falsch', '-'].map(parseYesNo)).toEqual([false, false, false, false]);
  });
});
