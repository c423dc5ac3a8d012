import { isEmailAddress } from './email';

describe('isEmailAddress', () => {
  it('accepts ordinary addresses, sub-addresses and Unicode local parts', () => {
    for (const ok of [
      'anna.schmidt@example.com',
      'Anna+shop@Example.COM',
      'zofia@sklep.example.pl',
      'jürgen@beispiel.de',
      "o'brien@example.ie",
    ])
      expect([ok, isEmailAddress(ok)]).toEqual([ok, true]);
  });

  it('accepts the embedded default’s localhost addresses, with a valid local part only', () => {
    expect(isEmailAddress('owner@localhost')).toBe(true);
    expect(isEmailAddress('no-reply@LOCALHOST')).toBe(true);
    expect(isEmailAddress('@localhost')).toBe(false);
    expect(isEmailAddress('an na@localhost')).toBe(false);
    expect(isEmailAddress('a@b@localhost')).toBe(false);
  });

  it('refuses addresses without a top-level domain, and malformed ones', () => {
    for (const bad of [
      'anna',
      'anna@',
      '@example.com',
      'anna@example',
      'anna@shop',
      'an na@example.com',
      'anna@example..com',
      'anna@example.com\r\nbcc:x@y.z',
      'Anna <anna@example.com>',
      ' anna@example.com',
      `${'a'.repeat(65)}@example.com`,
      '',
    ])
      expect([bad, isEmailAddress(bad)]).toEqual([bad, false]);
  });

  it('refuses what is not text', () => {
    expect(isEmailAddress(undefined)).toBe(false);
    expect(isEmailAddress(42)).toBe(false);
  });

  it('refuses text with a lone surrogate instead of throwing (validator measures lengths with encodeURI)', () => {
    for (const bad of ['an\uD800na@example.com', 'anna@exa\uD800mple.com', 'an\uDC00na@localhost'])
      expect([bad, isEmailAddress(bad)]).toEqual([bad, false]);
  });
});
