import { DateTime } from 'luxon';
import { FieldProblem, ValidationFailed } from '@touchbase/core';

/** The Overview's periods (docs/insights.md#the-overview-page); weeks start on Monday. */
export const OVERVIEW_PERIODS = ['this-week', 'last-week', 'this-month', 'last-month', 'custom'] as const;
export type OverviewPeriodName = (typeof OVERVIEW_PERIODS)[number];

/** The longest custom period, in days: the report reads every touch in it. */
export const MAX_PERIOD_DAYS = 366;

export interface OverviewPeriodInput {
  period?: string;
  from?: string;
  to?: string;
}

/** A period as local days of the business time zone and the instants [from, to) they cover. */
export interface OverviewPeriod {
  period: OverviewPeriodName;
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
  today: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads a period: a preset relative to `now`, or `custom` from–to (local days, `to` included).
 * Dates without a period mean `custom`; every bad field is named (400).
 */
export function overviewPeriod(input: OverviewPeriodInput, now: Date, zone: string): OverviewPeriod {
  const str = (v: unknown) => (v == null ? '' : String(v).trim());
  const problems: FieldProblem[] = [];
  const asked = str(input.period) || (str(input.from) || str(input.to) ? 'custom' : 'this-week');
  if (!(OVERVIEW_PERIODS as readonly string[]).includes(asked))
    throw new ValidationFailed([
      { field: 'period', problem: `must be one of ${OVERVIEW_PERIODS.join(', ')}` },
    ]);
  const period = asked as OverviewPeriodName;
  const local = DateTime.fromJSDate(now, { zone });
  const today = local.toISODate()!;
  let start: DateTime;
  let end: DateTime; // exclusive
  switch (period) {
    case 'this-week':
      start = local.startOf('week');
      end = start.plus({ weeks: 1 });
      break;
    case 'last-week':
      start = local.startOf('week').minus({ weeks: 1 });
      end = start.plus({ weeks: 1 });
      break;
    case 'this-month':
      start = local.startOf('month');
      end = start.plus({ months: 1 });
      break;
    case 'last-month':
      start = local.startOf('month').minus({ months: 1 });
      end = start.plus({ months: 1 });
      break;
    case 'custom': {
      const day = (field: 'from' | 'to') => {
        const v = str(input[field]);
        const dt = DAY.test(v) ? DateTime.fromISO(v, { zone }) : null;
        if (!dt?.isValid) problems.push({ field, problem: 'must be a date (YYYY-MM-DD)' });
        return dt?.isValid ? dt.startOf('day') : null;
      };
      const from = day('from');
      const to = day('to');
      if (from && to && to < from) problems.push({ field: 'to', problem: 'must not be before from' });
      else if (from && to && to.diff(from, 'days').days >= MAX_PERIOD_DAYS)
        problems.push({ field: 'to', problem: `the period may be at most ${MAX_PERIOD_DAYS} days` });
      if (problems.length || !from || !to) throw new ValidationFailed(problems);
      start = from;
      end = to.plus({ days: 1 });
      break;
    }
  }
  return {
    period,
    from: start.toJSDate(),
    to: end.toJSDate(),
    fromDay: start.toISODate()!,
    toDay: end.minus({ days: 1 }).toISODate()!,
    today,
  };
}
