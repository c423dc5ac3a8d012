import { type Db, inList, num, readSpendEdge, rows, SPEND_WINDOW_DAYS } from '@touchbase/store';

/** One customer's spend and order count in (since, until]. */
export interface Spender {
  customerId: number;
  spend: number;
  orders: number;
}

export interface SpendRanking {
  currency: string;
  /** Exclusive start and inclusive end of the window, epoch ms. */
  since: number;
  until: number;
  windowDays: number;
  topN: number | null;
  topPercent: number | null;
}

const DAY = 86_400_000;
/** The rollup is used while its edge is this close to the window's start … */
const MAX_EDGE_GAP_MS = 3 * DAY;
/** … and the orders it must correct touch at most this many customers. */
const MAX_CORRECTED = 20_000;

/**
 * The top spenders by spend DESC, customer id, exactly as summing the window's orders would rank
 * them (docs/rules-and-scheduler.md#spend-rollup). For the 365-day window this reads the rollup's
 * index (currency, spend DESC, customer_id) and corrects the few customers whose orders lie between
 * the rollup's edge and the window's start, or after the window's end; otherwise (another window,
 * an edge far away after time travel) it sums the orders.
 */
export async function topSpenders(db: Db, q: SpendRanking): Promise<Spender[]> {
  if (q.windowDays === SPEND_WINDOW_DAYS) {
    const fromRollup = await fromTheRollup(db, q);
    if (fromRollup) return fromRollup;
  }
  return fromTheOrders(db, q);
}

async function fromTheRollup(db: Db, q: SpendRanking): Promise<Spender[] | null> {
  const edge = await readSpendEdge(db);
  if (Math.abs(q.since - edge) > MAX_EDGE_GAP_MS) return null;
  // Window = rollup (edge, ∞) ± orders in (lo, hi] − orders after `until`.
  const [lo, hi, sign] = q.since < edge ? [q.since, edge, 1] : [edge, q.since, -1];
  // Two range reads on ix_orders_placed (a UNION ALL, so the aggregate cannot walk a whole index).
  const corrections = await rows<{ customer_id: unknown; spend: unknown; n: unknown }>(
    db,
    `SELECT customer_id, SUM(w * total_minor) AS spend, SUM(w) AS n FROM (
       SELECT o.customer_id, o.total_minor, ${sign} AS w FROM orders o
       WHERE o.placed_at > ? AND o.placed_at <= ? AND o.currency = ?
       UNION ALL
       SELECT o.customer_id, o.total_minor, -1 AS w FROM orders o WHERE o.placed_at > ? AND o.currency = ?
     ) d GROUP BY customer_id LIMIT ?`,
    [lo, hi, q.currency, q.until, q.currency, MAX_CORRECTED + 1],
  );
  if (corrections.length > MAX_CORRECTED) return null;
  const corrected = new Map<number, Spender>();
  for (const c of corrections) {
    const id = num(c.customer_id);
    corrected.set(id, { customerId: id, spend: num(c.spend), orders: num(c.n) });
  }
  const ids = [...corrected.keys()];
  const stored = new Map<number, Spender>();
  for (let i = 0; i < ids.length; i += 5000) {
    const chunk = ids.slice(i, i + 5000);
    for (const r of await rows<Record<string, unknown>>(
      db,
      `SELECT customer_id, spend_minor, order_count FROM customer_spend WHERE currency = ? AND customer_id IN (${inList(chunk)})`,
      [q.currency, ...chunk],
    ))
      stored.set(num(r.customer_id), spender(r));
  }
  // exact figures for the corrected customers; 0 orders means outside the window
  let spenders = 0;
  for (const [id, c] of corrected) {
    const s = stored.get(id);
    c.spend += s?.spend ?? 0;
    c.orders += s?.orders ?? 0;
    spenders += (c.orders > 0 ? 1 : 0) - (s ? 1 : 0);
  }
  let limit = q.topN ?? 0;
  if (q.topPercent !== null) {
    const [{ n }] = await rows<{ n: unknown }>(
      db,
      'SELECT COUNT(*) AS n FROM customer_spend WHERE currency = ?',
      [q.currency],
    );
    limit = Math.ceil(((num(n) + spenders) * q.topPercent) / 100);
  }
  if (limit <= 0) return [];
  // The top `limit` of the others are within the rollup's first limit + |corrected| rows.
  const ranked = await rows<Record<string, unknown>>(
    db,
    `SELECT customer_id, spend_minor, order_count FROM customer_spend WHERE currency = ?
     ORDER BY spend_minor DESC, customer_id LIMIT ?`,
    [q.currency, limit + corrected.size],
  );
  const merged = ranked.map(spender).filter((s) => !corrected.has(s.customerId));
  for (const c of corrected.values()) if (c.orders > 0) merged.push(c);
  merged.sort((a, b) => b.spend - a.spend || a.customerId - b.customerId);
  return merged.slice(0, limit);
}

/** The plain ranking: sum the window's orders per customer (the covering ix_orders_customer_spend). */
async function fromTheOrders(db: Db, q: SpendRanking): Promise<Spender[]> {
  const where = 'o.placed_at > ? AND o.placed_at <= ? AND o.currency = ?';
  const params = [q.since, q.until, q.currency];
  let limit = q.topN ?? 0;
  if (q.topPercent !== null) {
    const [{ n }] = await rows<{ n: unknown }>(
      db,
      `SELECT COUNT(*) AS n FROM (SELECT o.customer_id FROM orders o WHERE ${where} GROUP BY o.customer_id) spenders`,
      params,
    );
    limit = Math.ceil((num(n) * q.topPercent) / 100);
  }
  if (limit <= 0) return [];
  const top = await rows<Record<string, unknown>>(
    db,
    `SELECT o.customer_id, SUM(o.total_minor) AS spend_minor, COUNT(*) AS order_count FROM orders o WHERE ${where}
     GROUP BY o.customer_id ORDER BY spend_minor DESC, o.customer_id LIMIT ?`,
    [...params, limit],
  );
  return top.map(spender);
}

function spender(r: Record<string, unknown>): Spender {
  return { customerId: num(r.customer_id), spend: num(r.spend_minor), orders: num(r.order_count) };
}
