import { effectiveZone, Feb29Policy, occasionKey } from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import { audienceSql, rows } from '../sql';
import { candidateBirthdayMds, birthdayDueInWindow } from './birthday-dates';
import { ParamReader, readFallback, ConsentFallback } from './params';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind, ValidatedParams } from './rule-kind';

export interface BirthdayParams {
  days_before: number;
  send_time: string;
  feb29: Feb29Policy;
  fallback: ConsentFallback;
}

/** A birthday message (or a card task) `days_before` the birthday, at `send_time` local. */
export const birthdayKind: RuleKind<BirthdayParams> = {
  kind: 'birthday',
  description: "the customer's birthday, days_before ahead, at send_time in their own zone",

  validateParams(raw): ValidatedParams<BirthdayParams> {
    const r = new ParamReader(raw);
    const params: BirthdayParams = {
      days_before: r.int('days_before', 0, 60, 0),
      send_time: r.time('send_time', '09:00'),
      feb29: r.oneOf('feb29', ['feb28', 'mar1'] as const, 'feb28'),
      fallback: readFallback(r),
    };
    r.finish();
    return { params, problems: r.problems };
  },

  async *findDueOccasions(rule: Rule, p: BirthdayParams, window: EvaluationWindow, ctx: KindContext) {
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    for (const md of candidateBirthdayMds(window, p.days_before)) {
      let after = 0;
      for (;;) {
        const batch = await rows<{
          id: number;
          timezone: string | null;
          birthday_month: number;
          birthday_day: number;
        }>(
          ctx.db,
          `SELECT c.id, c.timezone, c.birthday_month, c.birthday_day FROM customers c
           WHERE c.birthday_md = ? AND c.id > ? AND c.erased_at IS NULL${audience.sql}
           ORDER BY c.id LIMIT ?`,
          [md, after, ...audience.params, ctx.batchSize],
        );
        if (!batch.length) break;
        after = Number(batch[batch.length - 1].id);
        const due: DueOccasion[] = [];
        for (const c of batch) {
          const zone = effectiveZone(c.timezone, ctx.config.business.timezone);
          for (const d of birthdayDueInWindow(
            Number(c.birthday_month),
            Number(c.birthday_day),
            zone,
            { daysBefore: p.days_before, sendTime: p.send_time, feb29: p.feb29 },
            window,
          )) {
            due.push({
              customerId: Number(c.id),
              occasionKey: occasionKey.birthday(d.year),
              dueAt: d.dueAt,
              task: {
                kind: 'card',
                title: (name) => `Write and post a birthday card for ${name}`,
                reason: `Birthday on ${d.birthdayDate}`,
              },
            });
          }
        }
        if (due.length) yield due;
        if (batch.length < ctx.batchSize) break;
      }
    }
  },
};
