import { supportedLocale } from './types';

describe('supportedLocale', () => {
  it('reads the language of a locale and falls back to English', () => {
    expect(['de-AT', 'PL', 'pl', 'en-GB', 'fr', '', null, undefined].map(supportedLocale)).toEqual([
      'de',
      'pl',
      'pl',
      'en',
      'en',
      'en',
      'en',
      'en',
    ]);
  });
});
