import { de, en, localeFromAcceptLanguage, pl, translate, webLocale, WEB_LOCALES } from './index';
import { AREA_CATALOGS } from './areas';
import { en as enBase } from './en';
import { Message, placeholders, pluralCategories } from './message';

const CATALOGS: Record<string, Record<string, Message>> = { en, de, pl };

describe('web i18n', () => {
  it('has the same keys in every catalog, none empty', () => {
    expect([...WEB_LOCALES].sort()).toEqual(Object.keys(CATALOGS).sort());
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      expect(Object.keys(catalog).sort()).toEqual(Object.keys(en).sort());
      for (const [key, message] of Object.entries(catalog)) {
        const texts = typeof message === 'string' ? [message] : Object.values(message);
        for (const text of texts)
          expect(`${locale}:${key}:${text?.trim() ? 'ok' : 'empty'}`).toBe(`${locale}:${key}:ok`);
      }
    }
  });

  it('has no key in two places (the base catalog and the area catalogs)', () => {
    const seen = new Map<string, number>();
    for (const keys of [Object.keys(enBase), ...AREA_CATALOGS.map((area) => Object.keys(area.en))])
      for (const key of keys) seen.set(key, (seen.get(key) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1).map(([key]) => key)).toEqual([]);
  });

  it('has the same placeholders in every language, and every plural form the language needs', () => {
    for (const [locale, catalog] of Object.entries(CATALOGS)) {
      for (const [key, message] of Object.entries(catalog)) {
        const reference = en[key as keyof typeof en];
        expect(`${locale}:${key}:${placeholders(message).join(',')}`).toBe(
          `${locale}:${key}:${placeholders(reference).join(',')}`,
        );
        // A count message is plural in every language, and has each category Intl.PluralRules uses.
        expect(`${locale}:${key}:${typeof message}`).toBe(`${locale}:${key}:${typeof reference}`);
        if (typeof message !== 'string') {
          const missing = pluralCategories(locale).filter((form) => message[form] === undefined);
          expect(`${locale}:${key}:missing ${missing.join(',')}`).toBe(`${locale}:${key}:missing `);
          for (const text of Object.values(message)) expect(text).toContain('{n}');
        }
      }
    }
  });

  it('fills parameters and falls back to English, then to the key', () => {
    expect(translate('de', 'today.overdue', { n: 3 })).toBe('3 Tage überfällig');
    expect(translate('fr', 'nav.today')).toBe('Today');
    expect(translate('de', 'no.such.key')).toBe('no.such.key');
    expect(translate('en', 'today.overdue')).toBe('{n} days overdue');
    expect(translate('pl', 'users.created', { email: 'a@b.pl' })).toBe('a@b.pl może się teraz zalogować.');
  });

  it('chooses the plural form by the language’s rules', () => {
    expect(translate('en', 'today.overdue', { n: 1 })).toBe('1 day overdue');
    expect(translate('de', 'customers.results', { n: 1 })).toBe('1 Kunde');
    expect(translate('de', 'customers.results', { n: 0 })).toBe('0 Kunden');
    const rows = (n: number) => translate('pl', 'imports.ok', { n });
    expect(rows(1)).toBe('1 wiersz jest w porządku.');
    expect(rows(3)).toBe('3 wiersze są w porządku.');
    expect(rows(5)).toBe('5 wierszy jest w porządku.');
    expect(rows(12)).toBe('12 wierszy jest w porządku.');
    expect(rows(22)).toBe('22 wiersze są w porządku.');
    expect(rows(0)).toBe('0 wierszy jest w porządku.');
    expect(translate('pl', 'today.overdue', { n: 1 })).toBe('1 dzień po terminie');
    expect(translate('pl', 'templates.smsLength', { n: 154 })).toBe('154 znaki');
    expect(translate('pl', 'templates.smsLength', { n: 160 })).toBe('160 znaków');
  });

  it('writes the count with the language’s digit grouping', () => {
    expect(translate('en', 'customers.results', { n: 12345 })).toBe('12,345 customers');
    expect(translate('de', 'customers.results', { n: 12345 })).toBe('12.345 Kunden');
    expect(translate('pl', 'customers.results', { n: 12345 })).toBe('12\u00a0345 klientów');
  });

  it('picks a supported locale', () => {
    expect(webLocale('de-AT')).toBe('de');
    expect(webLocale('pl-PL')).toBe('pl');
    expect(webLocale(null)).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR,fr;q=0.9,de;q=0.8')).toBe('de');
    expect(localeFromAcceptLanguage('pl-PL,pl;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('pl');
    expect(localeFromAcceptLanguage('en;q=0.5,pl;q=0.9')).toBe('pl');
    expect(localeFromAcceptLanguage('pl;q=0,de')).toBe('de');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
  });
});
