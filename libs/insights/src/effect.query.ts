import type { EntityManager } from 'typeorm';
import { computeEffect, EffectOptions, GroupAggregate, RuleEffect } from './effect';
import { inList, num, rows } from '@touchbase/store';

/**
 * Touches made: the rule acted on the customer — a message (queued, sent, delivered, held, or
 * failed later) or a task. A touch follows its message (docs/delivery-guarantees.md).
 */
export const TREATED_STATUSES = ['queued', 'sent', 'delivered', 'held', 'failed', 'task'] as const;

/**
 * The comparison is intention-to-treat. The rule engine draws the holdout before it checks
 * consent (libs/rules policies), so the held-out group contains customers who would have been
 * skipped for lack of consent. The fair counterpart is therefore every touch that was assigned
 * to be touched: the treated ones — and skipped (no consent, no template …) and cancelled (an
 * opt-out or a bounce before sending). A message that later failed also stays in. `deferred`
 * (still waiting for the contact budget), `scheduled` and `missed` (mostly past the grace
 * period, decided before the holdout draw) are in neither group.
 */
export const ASSIGNED_STATUSES = [...TREATED_STATUSES, 'skipped', 'cancelled'] as const;
export const HELD_OUT_STATUS = 'holdout';

export interface EffectQuery {
  /** Occasions due in [from, to). */
  from: Date;
  to: Date;
  /** Only occasions whose whole window has passed by `now` are compared. */
  now: Date;
  windowDays: number;
  ruleIds?: number[];
}

export interface RuleGroups {
  ruleId: number;
  ruleName: string;
  touched: GroupAggregate;
  heldOut: GroupAggregate;
}

const empty = (): GroupAggregate => ({ customers: 0, repeaters: 0, revenueMinor: 0, revenueSquaresMinor: 0 });

/**
 * Set-based, one statement on SQLite and PostgreSQL: per touch, its customer's orders placed
 * after the occasion's dueAt and within the window (the occasion's own order excluded), summed
 * per touch, then per rule and group. Uses ix_orders_customer_placed; nothing is loaded per touch.
 * Touches are read in one sequential scan: `t.status || ''` keeps SQLite from walking
 * ix_touches_status_due row by row, which measured 2–3× slower for a report period covering
 * most touches (npm run bench:insights). Grouping by the primary key alone is valid on both
 * databases (PostgreSQL: functional dependency) and lets SQLite stream the groups.
 * Revenue counts orders in `currency` only; any order counts as a repeat purchase.
 */
export async function ruleGroups(db: EntityManager, q: EffectQuery, currency: string): Promise<RuleGroups[]> {
  const windowMs = q.windowDays * 86_400_000;
  const statuses = [...ASSIGNED_STATUSES, HELD_OUT_STATUS];
  const ruleFilter = q.ruleIds?.length ? ` AND t.rule_id IN (${inList(q.ruleIds)})` : '';
  const lastDue = Math.min(q.to.getTime(), q.now.getTime() - windowMs + 1);
  const result = await rows<{
    rule_id: number;
    name: string;
    grp: string;
    customers: unknown;
    repeaters: unknown;
    revenue: unknown;
    revenue_sq: unknown;
  }>(
    db,
    `SELECT w.rule_id, r.name, w.grp, COUNT(*) AS customers,
            SUM(CASE WHEN w.orders > 0 THEN 1 ELSE 0 END) AS repeaters,
            SUM(w.revenue) AS revenue,
            SUM(CAST(w.revenue AS DOUBLE PRECISION) * w.revenue) AS revenue_sq
       FROM (SELECT t.id, t.rule_id, CASE WHEN t.status = ? THEN 'held_out' ELSE 'touched' END AS grp,
                    COUNT(o.id) AS orders,
                    COALESCE(SUM(CASE WHEN o.currency = ? THEN o.total_minor ELSE 0 END), 0) AS revenue
               FROM touches t
               LEFT JOIN orders o ON o.customer_id = t.customer_id AND o.placed_at > t.due_at
                                 AND o.placed_at <= t.due_at + ? AND (t.order_id IS NULL OR o.id <> t.order_id)
              WHERE t.status || '' IN (${inList(statuses)}) AND t.due_at >= ? AND t.due_at < ?${ruleFilter}
              GROUP BY t.id) w
       JOIN rules r ON r.id = w.rule_id
      GROUP BY w.rule_id, r.name, w.grp
      ORDER BY w.rule_id, w.grp`,
    [HELD_OUT_STATUS, currency, windowMs, ...statuses, q.from.getTime(), lastDue, ...(q.ruleIds ?? [])],
  );
  const byRule = new Map<number, RuleGroups>();
  for (const row of result) {
    const ruleId = Number(row.rule_id);
    const entry = byRule.get(ruleId) ?? { ruleId, ruleName: row.name, touched: empty(), heldOut: empty() };
    const g: GroupAggregate = {
      customers: num(row.customers),
      repeaters: num(row.repeaters),
      revenueMinor: num(row.revenue),
      revenueSquaresMinor: num(row.revenue_sq),
    };
    if (row.grp === 'held_out') entry.heldOut = g;
    else entry.touched = g;
    byRule.set(ruleId, entry);
  }
  return [...byRule.values()];
}

export async function ruleEffects(
  db: EntityManager,
  q: EffectQuery,
  o: Omit<EffectOptions, 'windowDays'>,
): Promise<RuleEffect[]> {
  const groups = await ruleGroups(db, q, o.currency);
  return groups.map((g) =>
    computeEffect({ id: g.ruleId, name: g.ruleName }, g.touched, g.heldOut, {
      ...o,
      windowDays: q.windowDays,
    }),
  );
}
