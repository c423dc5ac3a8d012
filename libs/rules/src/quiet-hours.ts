import { DateTime, Info, type Zone } from 'luxon';
import { nextAllowedInstant, nextAllowedInWeek, parseHhMm, type SendingWeek } from '@touchbase/core';

/** When quiet hours let a message go: the instant, and (when it moved) that instant on the local clock. */
export interface QuietHoursAnswer {
  at: Date;
  /** `yyyy-LL-dd HH:mm` in the zone (what the quiet_hours reason shows); null when `at` is the given instant. */
  local: string | null;
}

/** The sending window: per weekday (the settings page), or one window every day (start/end). */
export type SendingWindow = { week: SendingWeek } | { start: string; end: string };

const DAY = 86_400_000;
const MINUTE = 60_000;

/**
 * nextAllowedInWeek / nextAllowedInstant for many instants, with the same answers: a tick asks
 * them for thousands of occasions in a handful of zones, and building luxon DateTimes was the
 * costly part (~65 µs a call warm, several hundred cold). Here an instant costs one offset
 * lookup (luxon's, the one DateTime.fromJSDate makes) and clock arithmetic: inside the window
 * the answer is the instant itself; otherwise it depends only on the local day, the offset
 * and whether the instant is before the day's window or after it, and is remembered by those.
 * When the next local day has an offset change (DST, a zone's jump), the instant's time of day
 * could matter (luxon adds the day at that time): such days are not remembered but computed.
 */
export function quietHoursFrom(base: Date, zoneName: string, window: SendingWindow): QuietHoursAnswer {
  const ts = base.getTime();
  const zone = zoneOf(zoneName);
  const offset = offsetAt(zoneName, zone, ts);
  if (!Number.isFinite(offset)) return uncached(base, zoneName, window);
  const local = ts + offset * MINUTE; // luxon's local fields are the UTC fields of this
  const sinceMidnight = ((local % DAY) + DAY) % DAY;
  const minutes = Math.floor(sinceMidnight / MINUTE);
  const m = minutesOf(window);
  const day = m.days[new Date(local).getUTCDay()];
  // the functions' own tests, in their order: inside the day's window, then before its start
  if (day && minutes >= day.start && minutes < day.end) return { at: base, local: null };
  const before = !!day && minutes < day.start;
  const midnight = local - sinceMidnight;
  const key = `${zoneName}|${m.key}|${midnight}|${offset}|${before ? 'before' : 'after'}`;
  let found = answers.get(key);
  if (found === undefined) {
    // after the window, the answer starts from the same time on the next local day: the same
    // for every instant of the key only if that day keeps the offset
    const utc = (localMs: number) => localMs - offset * MINUTE;
    if (
      !before &&
      (zone.offset(utc(midnight + DAY)) !== offset || zone.offset(utc(midnight + 2 * DAY)) !== offset)
    )
      return uncached(base, zoneName, window);
    found = uncached(base, zoneName, window);
    if (answers.size >= 10_000) answers.clear();
    answers.set(key, found);
  }
  return found;
}

/** The answer from luxon, without a cache. */
function uncached(base: Date, zone: string, window: SendingWindow): QuietHoursAnswer {
  const at =
    'week' in window
      ? nextAllowedInWeek(base, zone, window.week)
      : nextAllowedInstant(base, zone, window.start, window.end);
  if (at.getTime() === base.getTime()) return { at: base, local: null };
  return { at, local: DateTime.fromJSDate(at, { zone }).toFormat('yyyy-LL-dd HH:mm') };
}

const answers = new Map<string, QuietHoursAnswer>();

/**
 * The zone's offset at an instant, remembered by zone and instant: many occasions share their
 * due instant (every birthday of a date in a zone is due at the same 09:00), and luxon's lookup
 * (an Intl formatToParts) costs 7–20 µs.
 */
function offsetAt(zoneName: string, zone: Zone, ts: number): number {
  const key = `${zoneName}|${ts}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    offset = zone.offset(ts);
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}
const offsets = new Map<string, number>();

const zones = new Map<string, Zone>();
function zoneOf(name: string): Zone {
  let z = zones.get(name);
  if (!z) {
    if (zones.size >= 1000) zones.clear();
    zones.set(name, (z = Info.normalizeZone(name)));
  }
  return z;
}

/** A window's days in minutes, Sunday first (Date#getUTCDay), and its key; remembered per window object. */
interface Minutes {
  days: ({ start: number; end: number } | null)[];
  key: string;
}
const weeks = new WeakMap<object, Minutes>();
const everyDays = new Map<string, Minutes>();

function minutesOf(window: SendingWindow): Minutes {
  if ('week' in window) {
    let m = weeks.get(window.week);
    if (!m) {
      const days = window.week.map((w) => (w ? span(w.start, w.end) : null));
      // SendingWeek is Monday first; Date#getUTCDay is Sunday first
      m = { days: [days[6] ?? null, ...days.slice(0, 6)], key: JSON.stringify(window.week) };
      weeks.set(window.week, m);
    }
    return m;
  }
  const key = `${window.start}-${window.end}`;
  let m = everyDays.get(key);
  if (!m) {
    const s = span(window.start, window.end);
    m = { days: Array(7).fill(s), key };
    everyDays.set(key, m);
  }
  return m;
}

function span(start: string, end: string): { start: number; end: number } {
  const [sh, sm] = parseHhMm(start);
  const [eh, em] = parseHhMm(end);
  return { start: sh * 60 + sm, end: eh * 60 + em };
}
