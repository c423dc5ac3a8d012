import { occasionKey } from '@touchbase/core';
import {
  audienceSql,
  DueOccasion,
  EvaluationWindow,
  KindContext,
  ParamReader,
  readFallback,
  RuleKind,
  ValidatedParams,
} from '@touchbase/rules';
import type { Rule } from '@touchbase/store';
import { inList, queryRows as rows } from '../sql';
import { SatisfactionSurveyParams, SURVEY_AFTER, SURVEY_DEFAULTS, SURVEY_KIND } from './survey-params';
import { SurveyLinks } from './survey-link';

/*
 * satisfaction_survey, owned by the insights area and registered with the rule engine by
 * InsightsModule (the engine core does not know it): "How did we do?" a set time after a
 * message touch went out, a call was done with outcome `reached`, or an order was placed.
 * The message carries a signed link ({{ survey_url }}) to the public rating page /r/:token.
 */

const UNIT_MINUTES: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };
const MAX_DELAY = 90 * 1440;
/** A message goes out at most this long after its touch was due (quiet hours, retries). */
const SEND_SLACK_MS = 14 * 86_400_000;

function readDelay(r: ParamReader): number {
  const raw = r.raw_('delay');
  if (raw === undefined || raw === null) return SURVEY_DEFAULTS.delay_minutes;
  let minutes: number | null = null;
  if (typeof raw === 'string') {
    const m = /^(\d+)\s*(m|h|d)$/.exec(raw.trim());
    if (m) minutes = Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2] as 'm' | 'h' | 'd'];
  } else if (typeof raw === 'object' && !Array.isArray(raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (
      entries.length === 1 &&
      UNIT_MINUTES[entries[0][0]] &&
      Number.isInteger(entries[0][1]) &&
      (entries[0][1] as number) >= 0
    )
      minutes = (entries[0][1] as number) * UNIT_MINUTES[entries[0][0]];
  }
  if (minutes === null || minutes > MAX_DELAY) {
    r.problems.push({
      field: 'params.delay',
      problem: 'must be { minutes: n } | { hours: n } | { days: n }, or "30m" / "2h" / "1d", at most 90 days',
    });
    return SURVEY_DEFAULTS.delay_minutes;
  }
  return minutes;
}

function readRuleIds(r: ParamReader): number[] {
  const raw = r.raw_('rule_ids');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.some((v) => !Number.isInteger(v) || v <= 0)) {
    r.problems.push({ field: 'params.rule_ids', problem: 'must be a list of rule ids, e.g. [1, 4]' });
    return [];
  }
  return raw as number[];
}

interface Source {
  id: number;
  customer_id: number;
  at: number;
  label: string;
  order?: { id: number; externalId: string; placedAt: Date; totalMinor: number; currency: string };
}

export const satisfactionSurveyKind: RuleKind<SatisfactionSurveyParams> = {
  kind: SURVEY_KIND,
  description: '"How did we do?" with a 1–5 rating, delay after a message touch, a call reached, or an order',

  validateParams(raw): ValidatedParams<SatisfactionSurveyParams> {
    const r = new ParamReader(raw);
    const params: SatisfactionSurveyParams = {
      after: r.oneOf('after', SURVEY_AFTER, SURVEY_DEFAULTS.after),
      rule_ids: readRuleIds(r),
      delay_minutes: readDelay(r),
      low_rating_at_most: r.int('low_rating_at_most', 1, 4, SURVEY_DEFAULTS.low_rating_at_most),
      recovery_priority: r.int('recovery_priority', 0, 1000, SURVEY_DEFAULTS.recovery_priority),
      fallback: readFallback(r),
    };
    if (params.rule_ids.length && params.after === 'order')
      r.problems.push({
        field: 'params.rule_ids',
        problem: 'only applies when params.after is touch or call',
      });
    r.finish();
    return { params, problems: r.problems };
  },

  async *findDueOccasions(
    rule: Rule,
    p: SatisfactionSurveyParams,
    window: EvaluationWindow,
    ctx: KindContext,
  ) {
    const links = new SurveyLinks(ctx.config);
    const delayMs = p.delay_minutes * 60_000;
    // a source is due when at + delay falls in (from, to]
    const lo = window.from.getTime() - delayMs;
    const hi = window.to.getTime() - delayMs;
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    const ruleFilter = p.rule_ids.length ? ` AND src.rule_id IN (${inList(p.rule_ids)})` : '';
    let cursor = 0;
    for (;;) {
      let batch: Source[];
      if (p.after === 'touch') {
        batch = (
          await rows<{ id: number; customer_id: number; at: number; rule_name: string }>(
            ctx.db,
            `SELECT src.id, src.customer_id, COALESCE(m.sent_at, src.due_at) AS at, r.name AS rule_name
               FROM touches src
               JOIN rules r ON r.id = src.rule_id
               JOIN outbox_messages m ON m.id = src.message_id
               JOIN customers c ON c.id = src.customer_id
              WHERE src.id > ? AND src.status IN ('queued', 'sent') AND m.status IN ('sent', 'delivered')
                AND src.due_at > ? AND src.due_at <= ?
                AND COALESCE(m.sent_at, src.due_at) > ? AND COALESCE(m.sent_at, src.due_at) <= ?
                AND r.kind <> ?${ruleFilter} AND c.erased_at IS NULL${audience.sql}
              ORDER BY src.id LIMIT ?`,
            [
              cursor,
              lo - SEND_SLACK_MS,
              hi,
              lo,
              hi,
              SURVEY_KIND,
              ...p.rule_ids,
              ...audience.params,
              ctx.batchSize,
            ],
          )
        ).map((s) => ({
          id: Number(s.id),
          customer_id: Number(s.customer_id),
          at: Number(s.at),
          label: `“${s.rule_name}”`,
        }));
      } else if (p.after === 'call') {
        batch = (
          await rows<{ id: number; customer_id: number; at: number; title: string }>(
            ctx.db,
            `SELECT src.id, src.customer_id, src.completed_at AS at, src.title
               FROM tasks src JOIN customers c ON c.id = src.customer_id
              WHERE src.id > ? AND src.kind = 'call' AND src.status = 'done' AND src.outcome = 'reached'
                AND src.completed_at > ? AND src.completed_at <= ?${ruleFilter} AND c.erased_at IS NULL${audience.sql}
              ORDER BY src.id LIMIT ?`,
            [cursor, lo, hi, ...p.rule_ids, ...audience.params, ctx.batchSize],
          )
        ).map((s) => ({
          id: Number(s.id),
          customer_id: Number(s.customer_id),
          at: Number(s.at),
          label: `our call (${s.title})`,
        }));
      } else {
        batch = (
          await rows<{
            id: number;
            customer_id: number;
            at: number;
            external_id: string;
            total_minor: number;
            currency: string;
          }>(
            ctx.db,
            `SELECT src.id, src.customer_id, src.placed_at AS at, src.external_id, src.total_minor, src.currency
               FROM orders src JOIN customers c ON c.id = src.customer_id
              WHERE src.id > ? AND src.placed_at > ? AND src.placed_at <= ? AND c.erased_at IS NULL${audience.sql}
              ORDER BY src.id LIMIT ?`,
            [cursor, lo, hi, ...audience.params, ctx.batchSize],
          )
        ).map((s) => ({
          id: Number(s.id),
          customer_id: Number(s.customer_id),
          at: Number(s.at),
          label: `order ${s.external_id}`,
          order: {
            id: Number(s.id),
            externalId: s.external_id,
            placedAt: new Date(Number(s.at)),
            totalMinor: Number(s.total_minor),
            currency: s.currency,
          },
        }));
      }
      if (!batch.length) break;
      cursor = batch[batch.length - 1].id;
      yield batch.map((s): DueOccasion => {
        const key = occasionKey.survey(p.after, s.id);
        const surveyUrl = links.url({ ruleId: rule.id, customerId: s.customer_id, occasionKey: key });
        return {
          customerId: s.customer_id,
          occasionKey: key,
          dueAt: new Date(s.at + delayMs),
          orderId: s.order?.id ?? null,
          task: {
            kind: 'call',
            title: (name) => `Ask ${name} how we did`,
            reason: `Satisfaction check after ${s.label}`,
          },
          context: { extra: { surveyUrl }, ...(s.order ? { order: s.order } : {}) },
        };
      });
      if (batch.length < ctx.batchSize) break;
    }
  },
};
