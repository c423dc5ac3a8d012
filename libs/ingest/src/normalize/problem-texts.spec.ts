import { parseBirthday, normalizeEmail } from './fields';
import { readLocalDate } from './local-reading';
import { PROBLEM_TEXTS, problemText } from './problem-texts';
import { Problems } from './problems';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('import problem texts', () => {
  it('has every code in en, de and pl with the same placeholders', () => {
    const codes = Object.keys(PROBLEM_TEXTS.en).sort();
    for (const locale of ['de', 'pl'] as const) {
      expect(Object.keys(PROBLEM_TEXTS[locale]).sort()).toEqual(codes);
      for (const code of codes)
        expect(`${locale}:${code}:${placeholders(PROBLEM_TEXTS[locale][code as 'text']).join(',')}`).toBe(
          `${locale}:${code}:${placeholders(PROBLEM_TEXTS.en[code as 'text']).join(',')}`,
        );
    }
  });

  it('keeps the code of a normalizer’s problem, with English as the problem text', () => {
    const p = new Problems();
    p.check('email', () => normalizeEmail('anna@'));
    p.check('birthday', () => parseBirthday('1990-04-31', '2026-06-15'));
    expect(p.list).toEqual([
      {
        field: 'email',
        problem: 'is not a valid email address ("anna@")',
        code: 'email',
        params: { value: 'anna@' },
      },
      {
        field: 'birthday',
        problem: 'is not a real date: April has 30 days ("1990-04-31")',
        code: 'monthDays',
        params: { monthName: 4, days: 30, value: '1990-04-31' },
      },
    ]);
  });

  it('shows a problem in the reader’s language, month names included', () => {
    const p = new Problems();
    p.check('birthday', () => parseBirthday('1990-04-31', '2026-06-15'));
    p.check('birthday', () => readLocalDate('24.12.80', 'de'));
    p.add('X-Shopify-Topic', 'must be one of orders/create');
    const [days, twoDigits, free] = p.list;
    expect(problemText('de', days)).toBe('ist kein gültiges Datum: Der April hat 30 Tage („1990-04-31“)');
    expect(problemText('pl', days)).toBe('nie jest prawdziwą datą: kwiecień ma 30 dni („1990-04-31”)');
    expect(problemText('pl', twoDigits)).toBe('ma dwucyfrowy rok; wpisz pełny rok, np. 24.12.1980');
    expect(problemText('de', twoDigits)).toBe(
      'hat eine zweistellige Jahreszahl; schreiben Sie das Jahr aus, z. B. 24.12.1980',
    );
    // a problem worded without a code stays as written; an unknown language falls back to English
    expect(problemText('pl', free)).toBe('must be one of orders/create');
    expect(problemText('fr', days)).toBe(days.problem);
  });
});
