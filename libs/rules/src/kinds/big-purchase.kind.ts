import { ACTION_CHANNELS, ActionChannel, formatMoney, occasionKey } from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import { audienceSql, rows } from '../sql';
import { ParamReader, readFallback, ConsentFallback } from './params';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind, ValidatedParams } from './rule-kind';

export interface BigPurchaseParams {
  /** Minimum order total per currency, minor units. */
  min_total: Record<string, number>;
  /** Minutes after the order was placed. */
  delay_minutes: number;
  second_tier: null | { min_total: Record<string, number>; channel: ActionChannel; template_key: string };
  fallback: ConsentFallback;
}

interface OrderRow {
  id: number;
  customer_id: number;
  placed_at: number;
  total_minor: number;
  currency: string;
  external_id: string;
}

const UNIT_MINUTES: Record<string, number> = { minutes: 1, hours: 60, days: 1440 };

/** `delay: { hours: 2 }` (minutes | hours | days), or `delay: "2h"` / "30m" / "1d". */
function readDelay(r: ParamReader): number {
  const raw = r.raw_('delay');
  if (raw === undefined || raw === null)
    return r.has('delay_minutes') ? r.int('delay_minutes', 0, 60 * 24 * 60) : 0;
  if (typeof raw === 'string') {
    const m = /^(\d+)\s*(m|h|d)$/.exec(raw.trim());
    if (m) return Number(m[1]) * { m: 1, h: 60, d: 1440 }[m[2] as 'm' | 'h' | 'd'];
  } else if (typeof raw === 'object' && !Array.isArray(raw)) {
    const entries = Object.entries(raw as Record<string, unknown>);
    if (
      entries.length === 1 &&
      UNIT_MINUTES[entries[0][0]] &&
      Number.isInteger(entries[0][1]) &&
      (entries[0][1] as number) >= 0
    )
      return (entries[0][1] as number) * UNIT_MINUTES[entries[0][0]];
  }
  r.problems.push({
    field: 'params.delay',
    problem: 'must be one of { minutes: n } | { hours: n } | { days: n }, or "30m" / "2h" / "1d"',
  });
  return 0;
}

/** A thank-you `delay` after an order above `min_total`; above `second_tier.min_total`, a different channel. */
export const bigPurchaseKind: RuleKind<BigPurchaseParams> = {
  kind: 'big_purchase_thanks',
  description: 'an order with a total at or above min_total (per currency), delay after it was placed',

  validateParams(raw): ValidatedParams<BigPurchaseParams> {
    const r = new ParamReader(raw);
    const min_total = r.amounts('min_total', true);
    const delay_minutes = readDelay(r);
    if (delay_minutes > 60 * 24 * 60)
      r.problems.push({ field: 'params.delay', problem: 'must be at most 60 days' });
    let second_tier: BigPurchaseParams['second_tier'] = null;
    const tier = r.raw_('second_tier');
    if (tier !== undefined && tier !== null) {
      if (typeof tier !== 'object' || Array.isArray(tier))
        r.problems.push({
          field: 'params.second_tier',
          problem: 'must be { min_total, channel, template_key }',
        });
      else {
        const t = tier as Record<string, unknown>;
        const tierMin = r.amounts('second_tier', true, t.min_total, 'params.second_tier.min_total');
        if (!ACTION_CHANNELS.includes(t.channel as ActionChannel))
          r.problems.push({
            field: 'params.second_tier.channel',
            problem: `must be one of ${ACTION_CHANNELS.join(', ')}`,
          });
        if (typeof t.template_key !== 'string' || !t.template_key.trim())
          r.problems.push({
            field: 'params.second_tier.template_key',
            problem: 'is required (a template key)',
          });
        for (const [cur, amount] of Object.entries(tierMin))
          if (min_total[cur] !== undefined && amount < min_total[cur])
            r.problems.push({
              field: `params.second_tier.min_total.${cur}`,
              problem: 'must not be below params.min_total',
            });
        second_tier = {
          min_total: tierMin,
          channel: t.channel as ActionChannel,
          template_key: String(t.template_key ?? ''),
        };
      }
    }
    const params = { min_total, delay_minutes, second_tier, fallback: readFallback(r) };
    r.finish();
    return { params, problems: r.problems };
  },

  async *findDueOccasions(rule: Rule, p: BigPurchaseParams, window: EvaluationWindow, ctx: KindContext) {
    const currencies = Object.entries(p.min_total);
    if (!currencies.length) return;
    const delayMs = p.delay_minutes * 60_000;
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    const threshold = `(${currencies.map(() => '(o.currency = ? AND o.total_minor >= ?)').join(' OR ')})`;
    const thresholdParams = currencies.flat();
    const hi = window.to.getTime() - delayMs;
    let cursor: [number, number] | null = null;
    for (;;) {
      const keyset: string = cursor
        ? '(o.placed_at > ? OR (o.placed_at = ? AND o.id > ?))'
        : 'o.placed_at > ?';
      const keysetParams: number[] = cursor
        ? [cursor[0], cursor[0], cursor[1]]
        : [window.from.getTime() - delayMs];
      const batch: OrderRow[] = await rows<OrderRow>(
        ctx.db,
        `SELECT o.id, o.customer_id, o.placed_at, o.total_minor, o.currency, o.external_id FROM orders o
         JOIN customers c ON c.id = o.customer_id
         WHERE ${keyset} AND o.placed_at <= ? AND ${threshold} AND c.erased_at IS NULL${audience.sql}
         ORDER BY o.placed_at, o.id LIMIT ?`,
        [...keysetParams, hi, ...thresholdParams, ...audience.params, ctx.batchSize],
      );
      if (!batch.length) break;
      const last: OrderRow = batch[batch.length - 1];
      cursor = [Number(last.placed_at), Number(last.id)];
      const locale = ctx.config.business.defaultLocale;
      yield batch.map((o): DueOccasion => {
        const total = Number(o.total_minor);
        const tier =
          p.second_tier &&
          p.second_tier.min_total[o.currency] !== undefined &&
          total >= p.second_tier.min_total[o.currency]
            ? p.second_tier
            : null;
        const money = formatMoney(total, o.currency, locale);
        const placedAt = new Date(Number(o.placed_at));
        return {
          customerId: Number(o.customer_id),
          occasionKey: occasionKey.order(o.id),
          dueAt: new Date(placedAt.getTime() + delayMs),
          orderId: Number(o.id),
          channel: tier?.channel,
          templateKey: tier?.template_key,
          task: {
            kind: 'call',
            title: (name) => `Call ${name} to thank them for order ${o.external_id}`,
            reason: `Order ${o.external_id} of ${money}`,
          },
          context: {
            order: {
              id: Number(o.id),
              externalId: o.external_id,
              placedAt,
              totalMinor: total,
              currency: o.currency,
            },
          },
        };
      });
      if (batch.length < ctx.batchSize) break;
    }
  },
};
