import { effectiveZone, localDate } from '@touchbase/core';
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
  const { awayFrom: from, awayUntil: until } = person;
  return (from != null || until != null) && (from == null || from <= day) && (until == null || day <= until);
}

/** Whether the person is off at `now`, judged by the calendar day in their own zone. */
export function isOffAt(person: Availability, now: Date, businessZone: string): boolean {
  return isOffOn(person, localDate(now, effectiveZone(person.timezone, businessZone)));
}
