import { de, en, localeFromAcceptLanguage, translate, webLocale } from './index';

describe('web i18n', () => {
  it('has the same keys in every catalog, none empty', () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(de))
      expect(`${key}:${text.trim() ? 'ok' : 'empty'}`).toBe(`${key}:ok`);
  });

  it('fills parameters and falls back to English, then to the key', () => {
    expect(translate('de', 'today.overdue', { n: 3 })).toBe('3 Tage überfällig');
    expect(translate('pl', 'nav.today')).toBe('Today');
    expect(translate('de', 'no.such.key')).toBe('no.such.key');
    expect(translate('en', 'today.overdue')).toBe('{n} days overdue');
  });

  it('picks a supported locale', () => {
    expect(webLocale('de-AT')).toBe('de');
    expect(webLocale(null)).toBe('en');
    expect(localeFromAcceptLanguage('fr-FR,fr;q=0.9,de;q=0.8')).toBe('de');
    expect(localeFromAcceptLanguage(undefined)).toBe('en');
  });
});
