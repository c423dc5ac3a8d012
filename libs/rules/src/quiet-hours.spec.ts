import { DateTime } from 'luxon';
import { everyDay, nextAllowedInstant, nextAllowedInWeek, SendingWeek } from '@touchbase/core';
import { quietHoursFrom, SendingWindow } from './quiet-hours';

/** What quietHoursFrom stands for: luxon, each instant on its own. */
function expected(at: Date, zone: string, window: SendingWindow) {
  const allowed =
    'week' in window
      ? nextAllowedInWeek(at, zone, window.week)
      : nextAllowedInstant(at, zone, window.start, window.end);
  return {
    at: allowed.toISOString(),
    local:
      allowed.getTime() === at.getTime()
        ? null
        : DateTime.fromJSDate(allowed, { zone }).toFormat('yyyy-LL-dd HH:mm'),
  };
}

const WEEK: SendingWeek = [...everyDay('08:00', '21:00').slice(0, 5), { start: '10:00', end: '14:00' }, null];
const WINDOWS: SendingWindow[] = [
  { start: '08:00', end: '21:00' },
  { week: everyDay('08:00', '21:00') },
  { week: WEEK },
  // a window that starts inside a DST gap, one from midnight, and an overnight one (never inside)
  { week: everyDay('02:30', '03:30') },
  { start: '02:30', end: '03:30' },
  { week: everyDay('00:00', '01:00') },
  { start: '00:00', end: '01:00' },
  { week: [null, null, null, { start: '22:00', end: '06:00' }, null, null, null] },
  { start: '22:00', end: '06:00' },
];

/** The hard days: DST gaps and overlaps (also at midnight and by 30 minutes), UTC+14 and −11, a skipped day, 29 Feb, year ends. */
const CASES: Array<[zone: string, day: string]> = [
  ['Europe/Berlin', '2026-03-29'],
  ['Europe/Berlin', '2026-10-25'],
  ['America/New_York', '2026-03-08'],
  ['America/New_York', '2026-11-01'],
  ['America/Santiago', '2026-04-05'], // back at midnight: 00:00 twice
  ['America/Santiago', '2026-09-06'], // forward at midnight: no 00:00
  ['America/Havana', '2026-03-08'],
  ['Australia/Lord_Howe', '2026-04-05'], // 30-minute DST
  ['Australia/Lord_Howe', '2026-10-04'],
  ['Pacific/Kiritimati', '2026-12-31'], // UTC+14
  ['Pacific/Pago_Pago', '2027-01-01'], // UTC−11
  ['Pacific/Apia', '2011-12-30'], // the day Samoa skipped
  ['Asia/Kathmandu', '2028-02-29'],
  ['Europe/Warsaw', '2028-02-29'],
  ['UTC', '2026-12-31'],
  ['America/St_Johns', '2026-11-01'],
];

describe('quiet hours for many instants (quietHoursFrom)', () => {
  it.each(CASES)('answers as luxon does around %s %s, in any order the cache fills', (zone, day) => {
    const from = DateTime.fromISO(day, { zone: 'UTC' }).minus({ days: 2 }).toMillis();
    // every 17 minutes and 13 seconds over four days, forwards and then backwards
    const instants: Date[] = [];
    for (let t = from; t < from + 4 * 86_400_000; t += 1_033_000) instants.push(new Date(t));
    const wrong: string[] = [];
    for (const window of WINDOWS)
      for (const at of [...instants, ...[...instants].reverse()]) {
        const got = quietHoursFrom(at, zone, window);
        const want = expected(at, zone, window);
        if (got.at.toISOString() !== want.at || got.local !== want.local)
          wrong.push(
            `${at.toISOString()} ${JSON.stringify(window)}: ${got.at.toISOString()} ${got.local}, not ${want.at} ${want.local}`,
          );
      }
    expect(wrong).toEqual([]);
    expect(instants.length).toBeGreaterThan(300);
  });

  it('answers the given instant inside the window, and a moved one with its local time', () => {
    const at = new Date('2026-06-15T10:00:00Z'); // 12:00 in Berlin
    expect(quietHoursFrom(at, 'Europe/Berlin', { start: '08:00', end: '21:00' })).toEqual({
      at,
      local: null,
    });
    const night = new Date('2026-06-15T22:00:00Z'); // midnight in Berlin
    expect(quietHoursFrom(night, 'Europe/Berlin', { start: '08:00', end: '21:00' })).toEqual({
      at: new Date('2026-06-16T06:00:00Z'),
      local: '2026-06-16 08:00',
    });
  });
});
