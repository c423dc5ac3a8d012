import type { DataSource } from 'typeorm';
import { ENGINE_STATE } from './engine-state.keys';
import { readState, writeState } from './engine-state.store';
import { type Db, inList, isPostgres, num, rows } from './sql/dialect';
import { insertRows } from './sql/bulk';
import { analyzeTables } from './sql/planner';

/**
 * The owner of the customer_spend table (docs/rules-and-scheduler.md#spend-rollup): per customer
 * and currency, the sum and count of the orders placed after the window edge (epoch ms, kept in
 * engine_state). Every order write calls `applySpendChanges` in its own transaction; the tick's
 * daily step `advanceSpendWindow` moves the edge and subtracts the orders that left the window.
 * The edge only moves forward, so an order counts from its write until the edge passes it.
 */
export const SPEND_WINDOW_DAYS = 365;
const DAY = 86_400_000;
/** A gap wider than this is rebuilt from the orders rather than subtracted order by order. */
const REBUILD_GAP_MS = 31 * DAY;

/** One order's contribution: +1 when it is written, −1 when it goes (an update is both). */
export interface SpendChange {
  customerId: number;
  currency: string;
  placedAt: Date;
  totalMinor: number;
  sign: 1 | -1;
}

type SpendOrder = Pick<SpendChange, 'customerId' | 'currency' | 'placedAt' | 'totalMinor'>;

/** The changes that turn `before` into `after` (null for an order that did not or does not exist). */
export function orderSpendChanges(before: SpendOrder | null, after: SpendOrder | null): SpendChange[] {
  const pick = (o: SpendOrder, sign: 1 | -1): SpendChange => ({
    customerId: o.customerId,
    currency: o.currency,
    placedAt: o.placedAt,
    totalMinor: o.totalMinor,
    sign,
  });
  if (
    before &&
    after &&
    before.customerId === after.customerId &&
    before.currency === after.currency &&
    before.placedAt.getTime() === after.placedAt.getTime() &&
    before.totalMinor === after.totalMinor
  )
    return [];
  return [...(before ? [pick(before, -1)] : []), ...(after ? [pick(after, 1)] : [])];
}

/** The edge the daily step moves to at `now`: the start of the UTC day, 365 days back. */
export function spendWindowEdge(now: Date): number {
  return Math.floor((now.getTime() - SPEND_WINDOW_DAYS * DAY) / DAY) * DAY;
}

/** The window edge as stored (0: every order counts); no lock, for readers. */
export async function readSpendEdge(db: Db): Promise<number> {
  return Number((await readState(db, ENGINE_STATE.spendWindowEdge)) ?? 0);
}

/**
 * The edge, locked on PostgreSQL until the caller's transaction ends: shared by order writers,
 * exclusive for the daily step, so an order is never added against an edge that has moved on.
 */
async function lockedEdge(db: Db, mode: 'share' | 'update' | 'update-nowait'): Promise<number> {
  const locks = { share: ' FOR SHARE', update: ' FOR UPDATE', 'update-nowait': ' FOR UPDATE NOWAIT' };
  const lock = isPostgres(db) ? locks[mode] : '';
  const [row] = await rows<{ value: string }>(db, `SELECT value FROM engine_state WHERE key = ?${lock}`, [
    ENGINE_STATE.spendWindowEdge,
  ]);
  return Number(row?.value ?? 0);
}

/** Adds and subtracts orders in the caller's transaction (the one that writes the orders). */
export async function applySpendChanges(db: Db, changes: readonly SpendChange[]): Promise<void> {
  if (!changes.length) return;
  const edge = await lockedEdge(db, 'share');
  const sums = new Map<string, [number, string, number, number]>();
  for (const c of changes) {
    if (c.placedAt.getTime() <= edge) continue;
    const key = `${c.customerId}|${c.currency}`;
    const s = sums.get(key) ?? [c.customerId, c.currency, 0, 0];
    s[2] += c.sign * c.totalMinor;
    s[3] += c.sign;
    sums.set(key, s);
  }
  const values = [...sums.values()].filter((s) => s[2] !== 0 || s[3] !== 0);
  if (!values.length) return;
  await insertRows(
    db,
    'customer_spend',
    ['customer_id', 'currency', 'spend_minor', 'order_count'],
    values,
    'customer_id',
    ` ON CONFLICT (customer_id, currency) DO UPDATE SET spend_minor = customer_spend.spend_minor + excluded.spend_minor,
      order_count = customer_spend.order_count + excluded.order_count`,
  );
  const gone = [...new Set(values.filter((s) => s[3] < 0).map((s) => s[0]))];
  for (let i = 0; i < gone.length; i += 5000) {
    const ids = gone.slice(i, i + 5000);
    await rows(
      db,
      `DELETE FROM customer_spend WHERE order_count <= 0 AND customer_id IN (${inList(ids)})`,
      ids,
    );
  }
}

/** Every order of the customer is gone (the customer was deleted): their rows go too. */
export async function dropCustomerSpend(db: Db, customerId: number): Promise<void> {
  await rows(db, 'DELETE FROM customer_spend WHERE customer_id = ?', [customerId]);
}

export interface SpendStep {
  from: number;
  to: number;
  /**
   * 'none': the edge was already there; 'subtracted': orders in (from, to]; 'rebuilt': from the
   * orders; 'busy': an order write (a long import) holds the edge, the next tick tries again.
   */
  applied: 'none' | 'subtracted' | 'rebuilt' | 'busy';
}

/**
 * The daily step, a plain method taking `now` (the tick calls it): moves the edge to
 * `spendWindowEdge(now)` and subtracts the orders placed in between, in one transaction. Running
 * it again, or from another instance, finds the edge already there and does nothing; the edge
 * never moves back (time travel backwards is corrected by the readers). It does not wait for an
 * import holding the edge (PostgreSQL): the tick goes on, the readers stay exact, the next tick
 * moves the edge.
 */
export async function advanceSpendWindow(ds: DataSource, now: Date): Promise<SpendStep> {
  try {
    const step = await stepWindow(ds, now);
    // a rebuilt table has new statistics to gather (autovacuum may be off)
    if (step.applied === 'rebuilt') await analyzeTables(ds, ['customer_spend']);
    return step;
  } catch (e) {
    const code =
      (e as { code?: string; driverError?: { code?: string } }).driverError?.code ??
      (e as { code?: string }).code;
    if (code === '55P03') return { from: -1, to: spendWindowEdge(now), applied: 'busy' };
    throw e;
  }
}

async function stepWindow(ds: DataSource, now: Date): Promise<SpendStep> {
  const to = spendWindowEdge(now);
  return ds.transaction(async (m) => {
    const from = await lockedEdge(m, 'update-nowait');
    if (to <= from) return { from, to: from, applied: 'none' as const };
    if (from === 0 || to - from > REBUILD_GAP_MS) {
      await refill(m, to, now);
      return { from, to, applied: 'rebuilt' as const };
    }
    await rows(
      m,
      `UPDATE customer_spend AS s SET spend_minor = s.spend_minor - d.spend, order_count = s.order_count - d.n
       FROM (SELECT customer_id, currency, SUM(total_minor) AS spend, COUNT(*) AS n FROM orders
             WHERE placed_at > ? AND placed_at <= ? GROUP BY customer_id, currency) d
       WHERE s.customer_id = d.customer_id AND s.currency = d.currency`,
      [from, to],
    );
    await rows(
      m,
      `DELETE FROM customer_spend WHERE order_count <= 0
       AND customer_id IN (SELECT customer_id FROM orders WHERE placed_at > ? AND placed_at <= ?)`,
      [from, to],
    );
    await writeState(m, ENGINE_STATE.spendWindowEdge, String(to), now);
    return { from, to, applied: 'subtracted' as const };
  });
}

/** Rebuilds the table from the orders with the edge at `spendWindowEdge(now)` (repairs any mismatch). */
export async function rebuildSpend(ds: DataSource, now: Date): Promise<SpendStep> {
  const to = spendWindowEdge(now);
  const step = await ds.transaction(async (m) => {
    const from = await lockedEdge(m, 'update');
    await refill(m, to, now);
    return { from, to, applied: 'rebuilt' as const };
  });
  await analyzeTables(ds, ['customer_spend']);
  return step;
}

async function refill(db: Db, edge: number, now: Date): Promise<void> {
  await rows(db, 'DELETE FROM customer_spend');
  await rows(
    db,
    `INSERT INTO customer_spend (customer_id, currency, spend_minor, order_count)
     SELECT customer_id, currency, SUM(total_minor), COUNT(*) FROM orders WHERE placed_at > ? GROUP BY customer_id, currency`,
    [edge],
  );
  await writeState(db, ENGINE_STATE.spendWindowEdge, String(edge), now);
}

export interface SpendMismatch {
  customerId: number;
  currency: string;
  expectedSpendMinor: number;
  expectedOrders: number;
  spendMinor: number;
  orders: number;
}

export interface SpendCheck {
  edge: number;
  rows: number;
  mismatches: number;
  /** The first 20 mismatches, by customer. */
  examples: SpendMismatch[];
}

/** Compares the table with the sum over the orders placed after the edge, row by row. */
export async function checkSpend(db: Db): Promise<SpendCheck> {
  const edge = await readSpendEdge(db);
  const diff = `FROM (SELECT customer_id, currency, SUM(total_minor) AS spend, COUNT(*) AS n FROM orders
                     WHERE placed_at > ? GROUP BY customer_id, currency) a
                FULL OUTER JOIN customer_spend s ON s.customer_id = a.customer_id AND s.currency = a.currency
                WHERE a.customer_id IS NULL OR s.customer_id IS NULL OR a.spend <> s.spend_minor OR a.n <> s.order_count`;
  const [{ n }] = await rows<{ n: unknown }>(db, `SELECT COUNT(*) AS n ${diff}`, [edge]);
  const found = await rows<Record<string, unknown>>(
    db,
    `SELECT COALESCE(a.customer_id, s.customer_id) AS customer_id, COALESCE(a.currency, s.currency) AS currency,
            a.spend AS expected, a.n AS expected_n, s.spend_minor AS spend, s.order_count AS n
     ${diff} ORDER BY 1, 2 LIMIT 20`,
    [edge],
  );
  const [{ total }] = await rows<{ total: unknown }>(db, 'SELECT COUNT(*) AS total FROM customer_spend');
  return {
    edge,
    rows: num(total),
    mismatches: num(n),
    examples: found.map((r) => ({
      customerId: num(r.customer_id),
      currency: String(r.currency),
      expectedSpendMinor: num(r.expected),
      expectedOrders: num(r.expected_n),
      spendMinor: num(r.spend),
      orders: num(r.n),
    })),
  };
}
