import type { EntityManager } from 'typeorm';
import { inList, lockForTransaction, num, rows, Tier } from '@touchbase/store';

const DAY = 86_400_000;
/** Any constant shared by all instances: the PostgreSQL transaction lock every tier write takes. */
export const TIER_LOCK_KEY = 7_205_310_015;

/**
 * Serializes the writers of customers' tiers (recompute, a tier set by hand, a tier deleted) for
 * the rest of the caller's transaction. SQLite has one writer already.
 */
export async function lockTiers(m: EntityManager): Promise<void> {
  await lockForTransaction(m, TIER_LOCK_KEY);
}

/**
 * The best-ranked activity tier each customer meets as of `now`, as a derived table
 * (customer_id, tier_id): one aggregate over the orders in each tier's window (read through
 * ix_orders_customer_spend), the best per customer by (rank, id). Spend counts orders in the
 * business currency; the order count counts every order.
 */
function bestTierSql(
  tiers: readonly Tier[],
  now: Date,
  currency: string,
  customerIds: readonly number[] | null,
): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const parts = tiers.map((t, pos) => {
    const conds: string[] = [];
    const condParams: unknown[] = [];
    if (t.minSpendMinor !== null) {
      conds.push('SUM(CASE WHEN o.currency = ? THEN o.total_minor ELSE 0 END) >= ?');
      condParams.push(currency, t.minSpendMinor);
    }
    if (t.minOrders !== null) {
      conds.push('COUNT(*) >= ?');
      condParams.push(t.minOrders);
    }
    const only = customerIds ? ` AND o.customer_id IN (${inList(customerIds)})` : '';
    params.push(t.id, pos, now.getTime() - t.windowDays * DAY, now.getTime(), ...(customerIds ?? []));
    params.push(...condParams);
    return `SELECT o.customer_id, CAST(? AS integer) AS tier_id, CAST(? AS integer) AS pos FROM orders o
             WHERE o.placed_at > ? AND o.placed_at <= ?${only}
             GROUP BY o.customer_id HAVING ${conds.join(t.match === 'all' ? ' AND ' : ' OR ')}`;
  });
  if (!parts.length) return { sql: 'SELECT 0 AS customer_id, 0 AS tier_id WHERE 1 = 0', params: [] };
  return {
    sql: `SELECT customer_id, tier_id FROM (
            SELECT customer_id, tier_id, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY pos) AS rn
              FROM (${parts.join(' UNION ALL ')}) m) ranked
           WHERE rn = 1`,
    params,
  };
}

/**
 * Recomputes the tier of every customer not set by hand (or only of `customerIds`), set-based:
 * one INSERT … SELECT records each change in tier_changes (from, to, `computed`, now), then one
 * UPDATE moves the customers to what was recorded, so the history and the customers always
 * agree. Run inside the caller's transaction; takes the tier lock. Returns how many changed.
 */
export async function recomputeTiers(
  m: EntityManager,
  now: Date,
  currency: string,
  customerIds: readonly number[] | null = null,
): Promise<number> {
  if (customerIds && !customerIds.length) return 0;
  await lockTiers(m);
  const tiers = await m
    .getRepository(Tier)
    .find({ where: { basis: 'activity' }, order: { rank: 'ASC', id: 'ASC' } });
  const [{ before }] = await rows<{ before: unknown }>(
    m,
    'SELECT COALESCE(MAX(id), 0) AS before FROM tier_changes',
  );
  const best = bestTierSql(tiers, now, currency, customerIds);
  const only = customerIds ? ` AND c.id IN (${inList(customerIds)})` : '';
  // no activity tier: only customers still holding a computed tier can change (ix_customers_tier),
  // so a write or an import in a shop without tiers costs an index probe, not a scan
  const holding = tiers.length ? '' : ' AND c.tier_id IS NOT NULL';
  await rows(
    m,
    `INSERT INTO tier_changes (customer_id, from_tier_id, from_name, to_tier_id, to_name, reason, user_id, changed_at)
     SELECT c.id, c.tier_id, ft.name, b.tier_id, tt.name, 'computed', NULL, ?
       FROM customers c
       LEFT JOIN (${best.sql}) b ON b.customer_id = c.id
       LEFT JOIN tiers ft ON ft.id = c.tier_id
       LEFT JOIN tiers tt ON tt.id = b.tier_id
      WHERE c.tier_manual = FALSE AND c.erased_at IS NULL${only}
        AND COALESCE(c.tier_id, 0) <> COALESCE(b.tier_id, 0)${holding}`,
    [now.getTime(), ...best.params, ...(customerIds ?? [])],
  );
  const mark = num(before);
  const [{ n }] = await rows<{ n: unknown }>(
    m,
    "SELECT COUNT(*) AS n FROM tier_changes WHERE id > ? AND reason = 'computed'",
    [mark],
  );
  if (!num(n)) return 0;
  await rows(
    m,
    `UPDATE customers SET tier_id = (
        SELECT ch.to_tier_id FROM tier_changes ch
         WHERE ch.customer_id = customers.id AND ch.id > ? AND ch.reason = 'computed'
         ORDER BY ch.id DESC LIMIT 1)
      WHERE id IN (SELECT customer_id FROM tier_changes WHERE id > ? AND reason = 'computed')`,
    [mark, mark],
  );
  return num(n);
}
