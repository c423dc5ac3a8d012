import { NOTIFY_ME_TEXTS, notifyMeLocale, notifyMeText } from './notify-me.texts';

describe('notify-me texts', () => {
  it('every locale has every text, with the same placeholders', () => {
    const keys = Object.keys(NOTIFY_ME_TEXTS.en).sort();
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const t of Object.values(NOTIFY_ME_TEXTS)) {
      expect(Object.keys(t).sort()).toEqual(keys);
      for (const k of keys)
        expect(vars(t[k as keyof typeof t])).toEqual(vars(NOTIFY_ME_TEXTS.en[k as keyof typeof t]));
    }
  });

  it('fills placeholders and falls back to the business locale, then English', () => {
    expect(notifyMeText('pl', 'done', { product: 'Matcha' })).toBe(
      'Dziękujemy. Damy znać, gdy Matcha będzie znów dostępny.',
    );
    expect(notifyMeLocale('de-AT', 'en')).toBe('de');
    expect(notifyMeLocale('fr', 'pl')).toBe('pl');
    expect(notifyMeLocale(undefined, 'fr')).toBe('en');
  });
});
