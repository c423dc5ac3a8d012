import {
  addDays,
  birthdayInYear,
  effectiveZone,
  isLeapYear,
  isValidTimezone,
  isWithinWindow,
  localDate,
  localDateTimeToInstant,
  nextAllowedInstant,
  parseHhMm,
} from './local-time';

const at = (iso: string) => new Date(iso);
const BERLIN = 'Europe/Berlin';
const KIRITIMATI = 'Pacific/Kiritimati'; // UTC+14, no DST
const PAGO_PAGO = 'Pacific/Pago_Pago'; // UTC−11, no DST

describe('quiet hours (default window 08:00–21:00 local)', () => {
  it('lets a touch due inside the window go at once, the start inclusive', () => {
    // 2027-01-15 in Berlin is UTC+1
    expect(nextAllowedInstant(at('2027-01-15T07:00:00Z'), BERLIN)).toEqual(at('2027-01-15T07:00:00Z'));
    expect(nextAllowedInstant(at('2027-01-15T19:59:00Z'), BERLIN)).toEqual(at('2027-01-15T19:59:00Z'));
    expect(isWithinWindow(at('2027-01-15T12:00:00Z'), BERLIN)).toBe(true);
  });

  it('holds a touch due at the end of the window (exclusive) until next morning', () => {
    expect(nextAllowedInstant(at('2027-01-15T20:00:00Z'), BERLIN)).toEqual(at('2027-01-16T07:00:00Z'));
    expect(isWithinWindow(at('2027-01-15T20:00:00Z'), BERLIN)).toBe(false);
  });

  it('across midnight: before midnight waits for the next morning, after midnight for the same morning', () => {
    // 23:30 local on the 15th → 08:00 local on the 16th
    expect(nextAllowedInstant(at('2027-01-15T22:30:00Z'), BERLIN)).toEqual(at('2027-01-16T07:00:00Z'));
    // 02:00 local on the 16th → 08:00 local on the 16th, not the 17th
    expect(nextAllowedInstant(at('2027-01-16T01:00:00Z'), BERLIN)).toEqual(at('2027-01-16T07:00:00Z'));
  });

  it('uses a custom window and waits, never drops', () => {
    expect(nextAllowedInstant(at('2027-01-15T06:00:00Z'), BERLIN, '09:30', '18:00')).toEqual(
      at('2027-01-15T08:30:00Z'),
    );
    expect(nextAllowedInstant(at('2027-01-15T17:00:00Z'), BERLIN, '09:30', '18:00')).toEqual(
      at('2027-01-16T08:30:00Z'),
    );
  });

  it('crosses the year end into the new year', () => {
    // 21:30 local on 31 Dec → 08:00 local on 1 Jan
    expect(nextAllowedInstant(at('2027-12-31T20:30:00Z'), BERLIN)).toEqual(at('2028-01-01T07:00:00Z'));
  });

  it('at UTC+14 (Kiritimati) the local morning is the previous UTC day', () => {
    // 2027-12-31T10:00Z is 00:00 on 1 Jan 2028 in Kiritimati
    expect(nextAllowedInstant(at('2027-12-31T10:00:00Z'), KIRITIMATI)).toEqual(at('2027-12-31T18:00:00Z'));
  });

  it('at UTC−11 (Pago Pago) the same instant is still the evening before', () => {
    // 2027-12-31T10:00Z is 23:00 on 30 Dec 2027 in Pago Pago
    expect(nextAllowedInstant(at('2027-12-31T10:00:00Z'), PAGO_PAGO)).toEqual(at('2027-12-31T19:00:00Z'));
  });
});

describe('daylight saving time in Europe/Berlin', () => {
  // 2027: spring forward on Sun 28 Mar (02:00 → 03:00), fall back on Sun 31 Oct (03:00 → 02:00)

  it('the offset changes with the season', () => {
    expect(localDateTimeToInstant('2027-03-27', '09:00', BERLIN)).toEqual(at('2027-03-27T08:00:00Z'));
    expect(localDateTimeToInstant('2027-03-28', '09:00', BERLIN)).toEqual(at('2027-03-28T07:00:00Z'));
    expect(localDateTimeToInstant('2027-10-31', '09:00', BERLIN)).toEqual(at('2027-10-31T08:00:00Z'));
  });

  it('gap: 02:30 on the spring-forward day does not exist and moves forward past the gap', () => {
    expect(localDateTimeToInstant('2027-03-28', '02:30', BERLIN)).toEqual(at('2027-03-28T01:30:00Z'));
  });

  it('gap: a window opening inside the gap opens after it, once', () => {
    // 00:00 local on the 28th, window from 02:30 → 03:30 CEST
    expect(nextAllowedInstant(at('2027-03-27T23:00:00Z'), BERLIN, '02:30', '21:00')).toEqual(
      at('2027-03-28T01:30:00Z'),
    );
  });

  it('gap: quiet hours on the spring-forward night end at 08:00 summer time', () => {
    // 01:30 CET → 08:00 CEST
    expect(nextAllowedInstant(at('2027-03-28T00:30:00Z'), BERLIN)).toEqual(at('2027-03-28T06:00:00Z'));
  });

  it('overlap: 02:30 on the fall-back day happens twice; the earlier instant is taken', () => {
    expect(localDateTimeToInstant('2027-10-31', '02:30', BERLIN)).toEqual(at('2027-10-31T00:30:00Z'));
  });

  it('overlap: both 02:30s are the same local date and wait for the same 08:00 winter time', () => {
    const first = at('2027-10-31T00:30:00Z'); // 02:30 CEST
    const second = at('2027-10-31T01:30:00Z'); // 02:30 CET
    expect(localDate(first, BERLIN)).toBe('2027-10-31');
    expect(localDate(second, BERLIN)).toBe('2027-10-31');
    expect(nextAllowedInstant(first, BERLIN)).toEqual(at('2027-10-31T07:00:00Z'));
    expect(nextAllowedInstant(second, BERLIN)).toEqual(at('2027-10-31T07:00:00Z'));
  });
});

describe('29 February', () => {
  it('knows leap years, centuries included', () => {
    expect([2024, 2028, 2000].map(isLeapYear)).toEqual([true, true, true]);
    expect([2027, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
  });

  it('a 29 Feb birthday is kept in a leap year', () => {
    expect(birthdayInYear(2, 29, 2028)).toBe('2028-02-29');
    expect(birthdayInYear(2, 29, 2000)).toBe('2000-02-29');
  });

  it('a 29 Feb birthday falls on 28 Feb in a common year by default, or on 1 Mar if configured', () => {
    expect(birthdayInYear(2, 29, 2027)).toBe('2027-02-28');
    expect(birthdayInYear(2, 29, 2100)).toBe('2100-02-28');
    expect(birthdayInYear(2, 29, 2027, 'mar1')).toBe('2027-03-01');
    expect(birthdayInYear(2, 29, 2028, 'mar1')).toBe('2028-02-29');
  });

  it('other birthdays are untouched by the policy', () => {
    expect(birthdayInYear(2, 28, 2027, 'mar1')).toBe('2027-02-28');
    expect(birthdayInYear(12, 31, 2027)).toBe('2027-12-31');
  });

  it('adding days walks through 29 Feb only in leap years', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2028-02-29', 1)).toBe('2028-03-01');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  it('the local date is 29 Feb at the far ends of the clock', () => {
    // 09:00 on 29 Feb in Kiritimati is 19:00 UTC on the 28th
    expect(localDateTimeToInstant('2028-02-29', '09:00', KIRITIMATI)).toEqual(at('2028-02-28T19:00:00Z'));
    // 05:00 UTC on 1 Mar is 18:00 on 29 Feb in Pago Pago
    expect(localDate(at('2028-03-01T05:00:00Z'), PAGO_PAGO)).toBe('2028-02-29');
  });

  it('a date that does not exist is refused with the date in the message', () => {
    expect(() => localDateTimeToInstant('2027-02-29', '09:00', BERLIN)).toThrow(/2027-02-29/);
  });
});

describe('year end and the local date', () => {
  it('one instant is three different dates around the world', () => {
    const instant = at('2027-12-31T10:00:00Z');
    expect(localDate(instant, KIRITIMATI)).toBe('2028-01-01');
    expect(localDate(instant, 'UTC')).toBe('2027-12-31');
    expect(localDate(instant, PAGO_PAGO)).toBe('2027-12-30');
  });

  it('adding days crosses the year in both directions', () => {
    expect(addDays('2027-12-31', 1)).toBe('2028-01-01');
    expect(addDays('2028-01-01', -1)).toBe('2027-12-31');
    expect(addDays('2027-12-25', 10)).toBe('2028-01-04');
  });

  it('midnight on New Year at UTC+14 is the first instant of the year anywhere', () => {
    expect(localDateTimeToInstant('2028-01-01', '00:00', KIRITIMATI)).toEqual(at('2027-12-31T10:00:00Z'));
    expect(localDateTimeToInstant('2028-01-01', '00:00', PAGO_PAGO)).toEqual(at('2028-01-01T11:00:00Z'));
  });
});

describe('zones and times', () => {
  it('a customer without a usable zone falls back to the business zone', () => {
    expect(effectiveZone(null, BERLIN)).toBe(BERLIN);
    expect(effectiveZone(undefined, BERLIN)).toBe(BERLIN);
    expect(effectiveZone('Mars/Olympus_Mons', BERLIN)).toBe(BERLIN);
    expect(effectiveZone(KIRITIMATI, BERLIN)).toBe(KIRITIMATI);
  });

  it('knows IANA zones', () => {
    expect(isValidTimezone(PAGO_PAGO)).toBe(true);
    expect(isValidTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimezone('')).toBe(false);
  });

  it('accepts only IANA names: no offsets, no luxon words, nothing depending on the server', () => {
    for (const ok of ['Europe/Berlin', 'Etc/GMT+2', 'UTC', 'America/Argentina/Buenos_Aires'])
      expect([ok, isValidTimezone(ok)]).toEqual([ok, true]);
    for (const bad of [
      '+02:00',
      '-05:00',
      '+0200',
      'UTC+2',
      'local',
      'system',
      'Europe/Berlín',
      ' Europe/Berlin',
    ])
      expect([bad, isValidTimezone(bad)]).toEqual([bad, false]);
    expect(isValidTimezone(null)).toBe(false);
    expect(effectiveZone('UTC+2', BERLIN)).toBe(BERLIN);
  });

  it('reads HH:MM and refuses anything else, naming the value', () => {
    expect(parseHhMm('00:00')).toEqual([0, 0]);
    expect(parseHhMm('23:59')).toEqual([23, 59]);
    for (const bad of ['24:00', '9:00', '08:60', '0800', ''])
      expect(() => parseHhMm(bad)).toThrow(`Invalid time "${bad}"`);
  });
});
