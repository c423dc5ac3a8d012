import { DateTime, IANAZone } from 'luxon';

/** Answers remembered: luxon's check builds an Intl.DateTimeFormat each time (slow in a 1M-row import). */
const zoneValidity = new Map<string, boolean>();

/**
 * The one time-zone check: true only for an IANA name the ICU data knows (Europe/Berlin,
 * Etc/GMT+2, UTC). Offsets ("+02:00", "UTC+2") and luxon's own words ("local", "system") are
 * refused, even where luxon or a newer ICU would take them: a customer's zone must follow its
 * daylight-saving rules, and must not depend on the server's.
 */
export function isValidTimezone(zone: unknown): boolean {
  if (typeof zone !== 'string' || !zone) return false;
  let ok = zoneValidity.get(zone);
  if (ok === undefined) {
    ok = !/^[+-]/.test(zone) && IANAZone.isValidZone(zone);
    if (zoneValidity.size > 1000) zoneValidity.clear();
    zoneValidity.set(zone, ok);
  }
  return ok;
}

/** The customer's own zone, falling back to the business's (docs/architecture.md#invariants). */
export function effectiveZone(customerZone: string | null | undefined, businessZone: string): string {
  return customerZone && isValidTimezone(customerZone) ? customerZone : businessZone;
}

/** The local calendar date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(instant: Date, zone: string): string {
  return DateTime.fromJSDate(instant, { zone }).toISODate()!;
}

/**
 * The UTC instant of a local wall-clock time on a local date.
 * In a DST gap (e.g. 02:30 on the spring-forward day) the time moves forward past the gap,
 * as luxon does; in an overlap (01:30 on the fall-back day) the earlier of the two instants
 * is taken. Either way there is exactly one instant.
 */
export function localDateTimeToInstant(date: string, time: string, zone: string): Date {
  const [hour, minute] = parseHhMm(time);
  const dt = DateTime.fromISO(date, { zone }).set({ hour, minute, second: 0, millisecond: 0 });
  if (!dt.isValid) throw new Error(`Invalid local date/time ${date} ${time} in ${zone}`);
  return dt.toJSDate();
}

export function parseHhMm(time: string): [number, number] {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!m) throw new Error(`Invalid time "${time}", expected HH:MM`);
  return [Number(m[1]), Number(m[2])];
}

/** Add whole days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export type Feb29Policy = 'feb28' | 'mar1';

/**
 * The date a birthday (month/day) is celebrated in a given year: 29 Feb falls on 28 Feb
 * (or 1 Mar) in common years.
 */
export function birthdayInYear(
  month: number,
  day: number,
  year: number,
  feb29: Feb29Policy = 'feb28',
): string {
  let m = month;
  let d = day;
  if (month === 2 && day === 29 && !isLeapYear(year)) {
    if (feb29 === 'feb28') d = 28;
    else {
      m = 3;
      d = 1;
    }
  }
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * Quiet hours: the earliest instant at or after `instant` that lies inside the customer's
 * sending window [start, end) in their local time. A touch due at night waits for morning.
 */
export function nextAllowedInstant(
  instant: Date,
  zone: string,
  windowStart = '08:00',
  windowEnd = '21:00',
): Date {
  const local = DateTime.fromJSDate(instant, { zone });
  const [sh, sm] = parseHhMm(windowStart);
  const [eh, em] = parseHhMm(windowEnd);
  const minutes = local.hour * 60 + local.minute;
  const start = sh * 60 + sm;
  const end = eh * 60 + em;
  if (minutes >= start && minutes < end) return instant;
  const day = minutes < start ? local : local.plus({ days: 1 });
  return day.set({ hour: sh, minute: sm, second: 0, millisecond: 0 }).toJSDate();
}

export function isWithinWindow(
  instant: Date,
  zone: string,
  windowStart = '08:00',
  windowEnd = '21:00',
): boolean {
  return nextAllowedInstant(instant, zone, windowStart, windowEnd).getTime() === instant.getTime();
}

/** One day's sending window in local time, [start, end) as HH:MM. */
export interface DayWindow {
  start: string;
  end: string;
}

/**
 * A week of sending windows, Monday first (index = ISO weekday − 1); null: nothing is sent that
 * day. Outside the window are the quiet hours (docs/configuration.md#settings-page).
 */
export type SendingWeek = readonly (DayWindow | null)[];

/** Every day the same window: what QUIET_HOURS_START/END give. */
export function everyDay(start: string, end: string): SendingWeek {
  return Array.from({ length: 7 }, () => ({ start, end }));
}

/**
 * Quiet hours per weekday: the earliest instant at or after `instant` inside that day's window
 * in `zone`, looking up to a week ahead. A week without any window leaves the instant as is.
 */
export function nextAllowedInWeek(instant: Date, zone: string, week: SendingWeek): Date {
  let local = DateTime.fromJSDate(instant, { zone });
  for (let i = 0; i < 8; i++) {
    const w = week[local.weekday - 1];
    if (w) {
      const [sh, sm] = parseHhMm(w.start);
      const [eh, em] = parseHhMm(w.end);
      const minutes = local.hour * 60 + local.minute;
      if (minutes >= sh * 60 + sm && minutes < eh * 60 + em) return i === 0 ? instant : local.toJSDate();
      if (minutes < sh * 60 + sm)
        return local.set({ hour: sh, minute: sm, second: 0, millisecond: 0 }).toJSDate();
    }
    local = local.plus({ days: 1 }).startOf('day');
  }
  return instant;
}
