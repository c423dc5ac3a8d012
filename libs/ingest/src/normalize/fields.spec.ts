import {
  decimalToMinor,
  normalizeChannels,
  normalizeEmail,
  normalizeLocale,
  normalizeMultiLine,
  normalizePhone,
  normalizeSingleLine,
  normalizeTags,
  normalizeTimezone,
  parseBirthday,
  parseInstant,
  parseYesNo,
} from './fields';

describe('names (single-line text)', () => {
  it('trims and keeps any Unicode: umlauts, Polish letters, emoji, right-to-left text', () => {
    expect(normalizeSingleLine('  Jürgen Łukasz 🎉 ')).toBe('Jürgen Łukasz 🎉');
    expect(normalizeSingleLine('محمد')).toBe('محمد');
    expect(normalizeSingleLine('שָׁלוֹם')).toBe('שָׁלוֹם'.normalize('NFC'));
  });
  it('stores <script> as plain text (escaping is the renderer’s job)', () => {
    expect(normalizeSingleLine('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
  it('rejects CR, LF and other control characters with a clear reason', () => {
    expect(() => normalizeSingleLine('Anna\r\nBcc: evil@example.com')).toThrow(/contains CR/);
    expect(() => normalizeSingleLine('Anna\nSmith')).toThrow(/contains LF/);
    expect(() => normalizeSingleLine('Anna\u0000')).toThrow(/NUL/);
    expect(() => normalizeSingleLine('Anna\u2028Smith')).toThrow(/contains U\+2028/);
  });
  it('allows a trailing newline to be trimmed but refuses names over the limit', () => {
    expect(normalizeSingleLine('Anna\n')).toBe('Anna');
    expect(() => normalizeSingleLine('x'.repeat(201))).toThrow(/at most 200/);
  });
  it('notes may have line breaks but no other control characters', () => {
    expect(normalizeMultiLine('line 1\r\nline 2')).toBe('line 1\nline 2');
    expect(() => normalizeMultiLine('a\u0007b')).toThrow(/U\+0007/);
  });
});

describe('email', () => {
  it('lower-cases and trims', () =>
    expect(normalizeEmail('  Anna.Schmidt@Example.COM ')).toBe('anna.schmidt@example.com'));
  it('rejects bad addresses', () => {
    for (const bad of [
      'anna',
      'anna@',
      '@example.com',
      'anna@example',
      'an na@example.com',
      'anna@example.com\r\nbcc:x@y.z',
    ])
      expect(() => normalizeEmail(bad)).toThrow(/not a valid email/);
  });
});

describe('phone', () => {
  it('reads local formats in the default region', () => {
    expect(normalizePhone('0151 12345678', 'DE')).toBe('+4915112345678');
    expect(normalizePhone('(0151) 123-456-78', 'DE')).toBe('+4915112345678');
    expect(normalizePhone('512 345 678', 'PL')).toBe('+48512345678');
    expect(normalizePhone('07911 123456', 'GB')).toBe('+447911123456');
  });
  it('keeps international numbers whatever the default region', () => {
    expect(normalizePhone('+48 512 345 678', 'DE')).toBe('+48512345678');
    expect(normalizePhone('0048 512 345 678', 'DE')).toBe('+48512345678');
  });
  it('rejects numbers that are not valid', () => {
    expect(() => normalizePhone('12', 'DE')).toThrow(/not a valid phone number for region DE/);
    expect(() => normalizePhone('call me', 'DE')).toThrow(/not a valid phone/);
  });
});

describe('birthday', () => {
  const today = '2026-06-15';
  it('accepts YYYY-MM-DD and keeps the month-day column', () => {
    expect(parseBirthday('1985-07-04', today)).toEqual({ year: 1985, month: 7, day: 4, md: '07-04' });
  });
  it('accepts a birthday without a year as --MM-DD or MM-DD', () => {
    expect(parseBirthday('--12-24', today)).toEqual({ year: null, month: 12, day: 24, md: '12-24' });
    expect(parseBirthday('03-09', today)).toEqual({ year: null, month: 3, day: 9, md: '03-09' });
  });
  it('accepts 29 Feb in a leap year or without a year, rejects it in a common year', () => {
    expect(parseBirthday('2000-02-29', today).md).toBe('02-29');
    expect(parseBirthday('--02-29', today)).toMatchObject({ year: null, md: '02-29' });
    expect(() => parseBirthday('1999-02-29', today)).toThrow(/1999 is not a leap year/);
    expect(() => parseBirthday('1900-02-29', today)).toThrow(/not a leap year/);
  });
  it('rejects impossible dates: 30 Feb, 31 Apr, month 13', () => {
    expect(() => parseBirthday('1990-02-30', today)).toThrow(/February has 29 days|not a real date/);
    expect(() => parseBirthday('--02-30', today)).toThrow(/not a real date/);
    expect(() => parseBirthday('1990-04-31', today)).toThrow(/April has 30 days/);
    expect(() => parseBirthday('1990-13-01', today)).toThrow(/no month 13/);
  });
  it('rejects birthdays in the future (today itself is fine)', () => {
    expect(() => parseBirthday('2026-06-16', today)).toThrow(/in the future/);
    expect(parseBirthday('2026-06-15', today).year).toBe(2026);
  });
  it('rejects other formats', () => {
    expect(() => parseBirthday('04.07.1985', today)).toThrow(/YYYY-MM-DD/);
    expect(() => parseBirthday('1985-7-4', today)).toThrow(/YYYY-MM-DD/);
  });
});

describe('timezone, locale, channels, tags, yes/no', () => {
  it('accepts IANA zones including the extreme ones, rejects others', () => {
    expect(normalizeTimezone('Pacific/Kiritimati')).toBe('Pacific/Kiritimati');
    expect(normalizeTimezone('Pacific/Pago_Pago')).toBe('Pacific/Pago_Pago');
    expect(() => normalizeTimezone('Europe/Berlín')).toThrow(/IANA/);
    expect(() => normalizeTimezone('Mars/Olympus')).toThrow(/IANA/);
    expect(() => normalizeTimezone('+02:00')).toThrow(/IANA/);
  });
  it('reduces locales to en|de|pl', () => {
    expect(normalizeLocale('de-DE')).toBe('de');
    expect(normalizeLocale('PL')).toBe('pl');
    expect(() => normalizeLocale('fr')).toThrow(/one of en, de, pl/);
  });
  it('keeps the channel order and refuses unknown channels', () => {
    expect(normalizeChannels('SMS, email')).toBe('sms,email');
    expect(normalizeChannels(['email', 'email'])).toBe('email');
    expect(() => normalizeChannels('fax')).toThrow(/"fax" is not a channel/);
  });
  it('tags are lower-cased, unique and sorted', () =>
    expect(normalizeTags('VIP; wholesale|vip')).toEqual(['vip', 'wholesale']));
  it('tags are capped in number and length', () => {
    const many = Array.from({ length: 31 }, (_, i) => `t${i}`);
    expect(() => normalizeTags(many)).toThrow(/at most 30 tags/);
    expect(normalizeTags(many.slice(0, 30))).toHaveLength(30);
    expect(() => normalizeTags(['x'.repeat(51)])).toThrow(/at most 50 characters/);
  });
  it('yes/no in en, de, pl', () => {
    expect(['yes', 'Ja', 'tak', '1', 'true'].map(parseYesNo)).toEqual([true, true, true, true, true]);
    expect(['no', 'Nein', 'nie', '0'].map(parseYesNo)).toEqual([false, false, false, false]);
    expect(() => parseYesNo('maybe')).toThrow(/yes or no/);
  });
});

describe('instants and money', () => {
  it('needs an explicit offset', () => {
    expect(parseInstant('2026-03-01T14:30:00+01:00').toISOString()).toBe('2026-03-01T13:30:00.000Z');
    expect(parseInstant('2026-03-01T14:30:00Z').toISOString()).toBe('2026-03-01T14:30:00.000Z');
    expect(() => parseInstant('2026-03-01T14:30:00')).toThrow(/with an offset/);
    expect(() => parseInstant('2026-02-30T10:00:00Z')).toThrow(/not a real date/);
  });
  it('converts decimal amounts exactly to minor units', () => {
    expect(decimalToMinor('1234.56', 'EUR')).toBe(123456);
    expect(decimalToMinor('0.1', 'EUR')).toBe(10);
    expect(decimalToMinor('19,99', 'EUR')).toBe(1999);
    expect(decimalToMinor(1.15, 'EUR')).toBe(115);
    expect(decimalToMinor('1500', 'JPY')).toBe(1500);
    expect(() => decimalToMinor('1.5', 'JPY')).toThrow(/more than 0 decimal places/);
    expect(() => decimalToMinor('1.234', 'EUR')).toThrow(/more than 2 decimal places/);
    expect(() => decimalToMinor('12abc', 'EUR')).toThrow(/amount/);
  });
});
