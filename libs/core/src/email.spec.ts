import { isEmailAddress } from './email';
import isEmail from 'validator/lib/isEmail';

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
});

describe('isEmailAddress answers as validator’s isEmail with its own length checks', () => {
  /** The check as it was: validator measures every length itself. */
  const RULES = { allow_utf8_local_part: true, require_tld: true };
  const reference = (v: string): boolean => {
    if (isEmail(v, RULES)) return true;
    const at = v.lastIndexOf('@');
    return (
      at > 0 &&
      v.slice(at + 1).toLowerCase() === 'localhost' &&
      isEmail(`${v.slice(0, at)}@example.com`, RULES)
    );
  };
  const label = (n: number) => 'a'.repeat(n);
  const cases = [
    ...[63, 64, 65].map((n) => `${label(n)}@example.com`),
    ...[31, 32, 33].map((n) => `${'ü'.repeat(n)}@example.com`), // 2 bytes each: 62, 64, 66
    `${'ü'.repeat(21)}a@example.com`, // 43 bytes in 22 characters
    `${'😀'.repeat(16)}@example.com`, // 64 bytes
    `${'😀'.repeat(16)}a@example.com`, // 65 bytes
    `${label(63)}%@example.com`, // what encodeURI escapes counts once
    `a b@example.com`,
    ...[62, 63, 64].map((n) => `anna@${label(n)}.com`),
    ...[62, 63, 64].map((n) => `anna@example.${label(n)}`),
    `anna@${[label(63), label(63), label(63), label(58)].join('.')}.de`, // 254 after the @
    `anna@${[label(63), label(63), label(63), label(59)].join('.')}.de`, // 255
    `a@${[label(63), label(63), label(63), label(60)].join('.')}.de`, // 255 long in all
    `a@${[label(63), label(63), label(63), label(59)].join('.')}.de`, // 254 long in all
    `${label(64)}@${[label(63), label(63), label(60)].join('.')}.de`,
    `anna@ünïcödé.de`,
    `anna@${'ü'.repeat(63)}.de`,
    `anna@${'ü'.repeat(64)}.de`,
    'a@b@example.com',
    `${label(40)}@${label(30)}@example.com`,
    '"quoted local"@example.com',
    `${label(70)}@localhost`,
    `${label(64)}@localhost`,
    'owner@localhost',
    'anna@',
    '@',
    'no-at-sign',
    label(300),
    'anna@example.com.',
    'anna@-example.com',
    'anna@exa_mple.com',
    'anna@example.c0m',
    'anna@１２３.com',
  ];

  it('accepts and refuses the same addresses near every length limit', () => {
    for (const v of cases) expect([v, isEmailAddress(v)]).toEqual([v, reference(v)]);
    expect(cases.filter((v) => reference(v)).length).toBeGreaterThan(10);
    expect(cases.filter((v) => !reference(v)).length).toBeGreaterThan(10);
  });

  it('throws where validator throws (a lone surrogate in a part it measures)', () => {
    for (const v of ['an\uD800na@example.com', 'anna@exa\uD800mple.com'])
      expect(() => isEmailAddress(v)).toThrow(URIError);
    expect(() => reference('an\uD800na@example.com')).toThrow(URIError);
  });
});
