import { everyDay, nextAllowedInWeek, nextAllowedInstant, SendingWeek } from './local-time';

const BERLIN = 'Europe/Berlin';
// Mon–Fri 08:00–21:00, Saturday 10:00–14:00, Sunday nothing
const WEEK: SendingWeek = [...everyDay('08:00', '21:00').slice(0, 5), { start: '10:00', end: '14:00' }, null];

describe('sending windows per weekday (quiet hours outside them)', () => {
  it('lets an instant inside its day’s window go at once', () => {
    const wed = new Date('2026-06-17T10:00:00Z'); // 12:00 Berlin
    expect(nextAllowedInWeek(wed, BERLIN, WEEK)).toEqual(wed);
  });

  it('moves a Saturday afternoon past the closed Sunday to Monday 08:00 local', () => {
    const sat = new Date('2026-06-20T13:30:00Z'); // 15:30 Berlin, after Saturday's 14:00
    expect(nextAllowedInWeek(sat, BERLIN, WEEK).toISOString()).toBe('2026-06-22T06:00:00.000Z');
  });

  it('moves a Saturday morning to Saturday’s own later start', () => {
    const sat = new Date('2026-06-20T06:30:00Z'); // 08:30 Berlin
    expect(nextAllowedInWeek(sat, BERLIN, WEEK).toISOString()).toBe('2026-06-20T08:00:00.000Z');
  });

  it('gives the same answer as the single window when every day is the same', () => {
    for (const iso of ['2026-03-29T00:30:00Z', '2026-10-25T20:15:00Z', '2026-06-15T19:59:00Z']) {
      const at = new Date(iso);
      expect(nextAllowedInWeek(at, BERLIN, everyDay('08:00', '21:00'))).toEqual(
        nextAllowedInstant(at, BERLIN, '08:00', '21:00'),
      );
    }
  });

  it('leaves the instant as is when no day has a window', () => {
    const at = new Date('2026-06-17T02:00:00Z');
    expect(nextAllowedInWeek(at, BERLIN, Array(7).fill(null))).toEqual(at);
  });
});
