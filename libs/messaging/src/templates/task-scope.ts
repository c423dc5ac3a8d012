import { formatWholeMoney, type TaskFacts, type TouchContext } from '@touchbase/core';
import { BusinessVars, buildScope } from './template-scope';

/** The sample task's facts: every `task.*` variable present, so a typo fails when saved. */
export const SAMPLE_TASK_FACTS = (currency: string): TaskFacts => ({
  spendMinor: 423000,
  currency,
  orderCount: 14,
  windowDays: 365,
  daysSinceContact: 94,
  rating: 2,
  about: 'Espresso machine',
  comment: 'The milk frother broke after a week.',
  attempts: 3,
});

/**
 * What a task template sees: a message's variables (customer, business, order, product, rule)
 * and `task.{spend, order_count, window_days, window_months, days_since_contact, rating, about, comment, attempts}`.
 * `task.days_since_contact` is nil when there is no contact on record; other absent facts are
 * nil too. `task.spend` is the sum spent, formatted in whole units in the template's language.
 */
export function taskScope(
  ctx: TouchContext,
  business: BusinessVars,
  locale: string,
  facts: TaskFacts = {},
): Record<string, unknown> {
  const scope = buildScope(ctx, business, locale, { unsubscribe_url: '' });
  delete scope.unsubscribe_url;
  scope.task = {
    spend:
      facts.spendMinor === undefined
        ? null
        : formatWholeMoney(facts.spendMinor, facts.currency ?? business.currency, locale),
    order_count: facts.orderCount ?? null,
    window_days: facts.windowDays ?? null,
    window_months:
      facts.windowDays === undefined ? null : Math.max(1, Math.round((facts.windowDays / 365) * 12)),
    days_since_contact: facts.daysSinceContact ?? null,
    rating: facts.rating ?? null,
    about: facts.about ?? null,
    comment: facts.comment ?? '',
    attempts: facts.attempts ?? null,
  };
  return scope;
}
