import { EntityManager } from 'typeorm';
import { effectiveZone, FieldProblem, localDate } from '@touchbase/core';
import { User } from '@touchbase/store';
import { parseWorkingDays, weekday } from './task-outcomes';

/** What decides whether a person works on a day. */
export interface Availability {
  timezone: string | null;
  workingDays: string;
  awayFrom: string | null;
  awayUntil: string | null;
}

/** Whether `day` (YYYY-MM-DD) is a day off: not one of their working days, or in their away period. */
export function isOffOn(person: Availability, day: string): boolean {
  if (!parseWorkingDays(person.workingDays).includes(weekday(day))) return true;
  return isAwayOn(person, day);
}

/** Whether `day` is in the person's away period (a holiday), whatever their working days. */
export function isAwayOn(person: Pick<Availability, 'awayFrom' | 'awayUntil'>, day: string): boolean {
  const { awayFrom: from, awayUntil: until } = person;
  return (from != null || until != null) && (from == null || from <= day) && (until == null || day <= until);
}

/** The person's own calendar day at `now` (their zone, else the business's). */
export function ownDay(person: Pick<Availability, 'timezone'>, now: Date, businessZone: string): string {
  return localDate(now, effectiveZone(person.timezone, businessZone));
}

/** Whether the person is off at `now`, judged by the calendar day in their own zone. */
export function isOffAt(person: Availability, now: Date, businessZone: string): boolean {
  return isOffOn(person, ownDay(person, now, businessZone));
}

/** What an owner may change about a person's days (PATCH /api/users/:id, the user page). */
export interface AvailabilityChanges {
  /** ISO weekdays, 1 = Monday … 7 = Sunday; at least one. */
  workingDays?: number[];
  awayFrom?: string | null;
  awayUntil?: string | null;
  coverUserId?: number | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: unknown): boolean =>
  typeof v === 'string' &&
  DAY.test(v) &&
  !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) &&
  new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/**
 * Checks and applies availability changes to `user` (not saved). The away period is judged as it
 * will be after the change; the cover must be another active user.
 */
export async function applyAvailability(
  m: EntityManager,
  user: User,
  changes: AvailabilityChanges,
): Promise<FieldProblem[]> {
  const p: FieldProblem[] = [];
  const wd = changes.workingDays;
  if (wd !== undefined) {
    if (!Array.isArray(wd) || !wd.length || wd.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
      p.push({
        field: 'workingDays',
        problem: 'must list at least one ISO weekday, 1 (Monday) to 7 (Sunday)',
      });
    else user.workingDays = [...new Set(wd)].sort().join(',');
  }
  for (const field of ['awayFrom', 'awayUntil'] as const) {
    const v = changes[field];
    if (v === undefined) continue;
    if (v !== null && !isDay(v)) p.push({ field, problem: 'must be a day as YYYY-MM-DD, or null' });
    else user[field] = v;
  }
  if (user.awayFrom && user.awayUntil && user.awayFrom > user.awayUntil)
    p.push({ field: 'awayUntil', problem: 'must not be before awayFrom' });
  const cover = changes.coverUserId;
  if (cover !== undefined) {
    if (cover === null) user.coverUserId = null;
    else if (!Number.isInteger(cover) || cover === user.id)
      p.push({ field: 'coverUserId', problem: 'must be another user’s id, or null' });
    else if (!(await m.findOne(User, { select: { id: true }, where: { id: cover, active: true } })))
      p.push({ field: 'coverUserId', problem: `no active user ${cover}` });
    else user.coverUserId = cover;
  }
  return p;
}
