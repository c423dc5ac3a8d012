import { DateTime } from 'luxon';
import { addDays, birthdayInYear, Feb29Policy, localDateTimeToInstant } from '@touchbase/core';
import type { EvaluationWindow } from './rule-kind';

const DAY = 86_400_000;

/**
 * The 'MM-DD' birthdays that can be due in the window, whatever the customer's zone
 * (UTC−12 … UTC+14 is covered by one spare day each side), so the query is an index lookup.
 * 29 Feb is added when 28 Feb or 1 Mar is in the set; the exact check happens per customer.
 */
export function candidateBirthdayMds(window: EvaluationWindow, daysBefore: number): string[] {
  const first = DateTime.fromMillis(window.from.getTime() - DAY, { zone: 'UTC' }).toISODate()!;
  const last = DateTime.fromMillis(window.to.getTime() + DAY, { zone: 'UTC' }).toISODate()!;
  const mds = new Set<string>();
  for (let d = first; d <= last && mds.size < 367; d = addDays(d, 1))
    mds.add(addDays(d, daysBefore).slice(5));
  if (mds.has('02-28') || mds.has('03-01')) mds.add('02-29');
  return [...mds].sort();
}

export interface BirthdayDue {
  /** The year of the birthday being celebrated (the occasion key's year). */
  year: number;
  /** The local date the birthday is celebrated on (after the 29 Feb rule). */
  birthdayDate: string;
  dueAt: Date;
}

/**
 * When a customer's birthday touch is due inside (from, to]: `sendTime` local on
 * (birthday − daysBefore) in the customer's zone. A 1 Jan birthday with 3 days before is due
 * on 29 Dec of the year before, keyed by the birthday's own year.
 */
export function birthdayDueInWindow(
  month: number,
  day: number,
  zone: string,
  opts: { daysBefore: number; sendTime: string; feb29: Feb29Policy },
  window: EvaluationWindow,
): BirthdayDue[] {
  const out: BirthdayDue[] = [];
  for (const { year, birthdayDate } of nearYears(month, day, opts, window)) {
    const dueAt = dueInstant(addDays(birthdayDate, -opts.daysBefore), opts.sendTime, zone);
    if (dueAt.getTime() > window.from.getTime() && dueAt.getTime() <= window.to.getTime())
      out.push({ year, birthdayDate, dueAt });
  }
  return out;
}

/**
 * `localDateTimeToInstant`, remembered: a batch of one 'MM-DD' asks the same date and time for
 * thousands of customers in a handful of zones, and luxon's zone arithmetic is the costly part.
 */
const instants = new Map<string, number>();
function dueInstant(date: string, time: string, zone: string): Date {
  const key = `${date}|${time}|${zone}`;
  let at = instants.get(key);
  if (at === undefined) {
    if (instants.size >= 10_000) instants.clear();
    at = localDateTimeToInstant(date, time, zone).getTime();
    instants.set(key, at);
  }
  return new Date(at);
}

/**
 * The birthday years a 'MM-DD' can be due for in the window in some zone: the occasion keys the
 * candidate query's already-touched anti-join looks for (one, unless the window spans a year).
 */
export function candidateBirthdayYears(
  md: string,
  window: EvaluationWindow,
  opts: { days_before: number; send_time: string; feb29: Feb29Policy },
): number[] {
  const [month, day] = md.split('-').map(Number);
  const near = nearYears(
    month,
    day,
    { daysBefore: opts.days_before, sendTime: opts.send_time, feb29: opts.feb29 },
    window,
  );
  return near.map((n) => n.year);
}

/** Years whose local due wall time, read as if UTC, is within 15 h of the window: a cheap check valid in any zone. */
function nearYears(
  month: number,
  day: number,
  opts: { daysBefore: number; sendTime: string; feb29: Feb29Policy },
  window: EvaluationWindow,
): Array<{ year: number; birthdayDate: string }> {
  const out: Array<{ year: number; birthdayDate: string }> = [];
  const y0 = new Date(window.from.getTime() - 2 * DAY).getUTCFullYear();
  const y1 = new Date(window.to.getTime() + 62 * DAY).getUTCFullYear();
  const [hh, mm] = opts.sendTime.split(':').map(Number);
  for (let year = y0; year <= y1 + 1; year++) {
    const birthdayDate = birthdayInYear(month, day, year, opts.feb29);
    const [by, bm, bd] = birthdayDate.split('-').map(Number);
    const wall = Date.UTC(by, bm - 1, bd - opts.daysBefore, hh, mm);
    if (wall < window.from.getTime() - 15 * 3_600_000 || wall > window.to.getTime() + 15 * 3_600_000)
      continue;
    out.push({ year, birthdayDate });
  }
  return out;
}
