import type { EntityManager } from 'typeorm';
import { occasionKey } from '@touchbase/core';
import { inList, rows, type Rule, valuesTable, withPlainPlans } from '@touchbase/store';
import { ledgerAntiJoin, priorFor, type PriorTouch } from '../ledger-lookup';
import type { SqlPart } from '../sql';
import { TOUCH_CUSTOMER_SQL, touchCustomer, type TouchCustomer } from '../customers';
import type { KindContext } from './rule-kind';

/** A restock and how many waiting customers it tells (notifyLimit), in restock id order. */
export interface RestockShare {
  id: number;
  productId: number;
  limit: number;
}

export interface RestockCandidate {
  /** The waitlist entry. */
  entryId: number;
  restockId: number;
  prior: PriorTouch | null;
  customer: TouchCustomer;
}

/**
 * The waiting customers these restocks tell, for all of them in one statement (not one per
 * restock): each product's waitlist is ranked once (joined first, then entry id; erased
 * customers and those outside the audience left out), and each restock of the product takes the
 * next `limit` places after the earlier restocks' — as if they had been told one after the
 * other. The ledger anti-join (by the restock's own occasion key) leaves out final touches.
 * Ordered by restock id, then waitlist place. Plain plans (withPlainPlans), like the other kinds.
 */
export async function restockCandidates(
  rule: Rule,
  restocks: readonly RestockShare[],
  audience: SqlPart,
  ctx: KindContext,
): Promise<RestockCandidate[]> {
  const ranges: number[][] = [];
  const given = new Map<number, number>(); // places each product's earlier restocks took
  for (const r of restocks) {
    if (r.limit <= 0) continue;
    const first = given.get(r.productId) ?? 0;
    given.set(r.productId, first + r.limit);
    ranges.push([r.id, r.productId, first + 1, first + r.limit]);
  }
  if (!ranges.length) return [];
  const products = [...given.keys()];
  const key = `'restock:' || CAST(q.product_id AS varchar(20)) || ':' || CAST(v.column1 AS varchar(20))`;
  const ledger = ledgerAntiJoin(rule.id, 'q.customer_id', { expr: key }, ctx);
  const found = await withPlainPlans(ctx.db, (db) => {
    const v = valuesTable(db, 'v', ['integer', 'integer', 'integer', 'integer'], ranges);
    return rows<Record<string, unknown>>(
      db,
      `SELECT q.id AS entry_id, v.column1 AS restock_id, ${TOUCH_CUSTOMER_SQL}, ${ledger.columns}
       FROM (SELECT w.id, w.customer_id, w.product_id,
                    ROW_NUMBER() OVER (PARTITION BY w.product_id ORDER BY w.joined_at, w.id) AS place
             FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id
             WHERE w.product_id IN (${inList(products)}) AND w.status = 'waiting' AND c.erased_at IS NULL${audience.sql}) q
       JOIN ${v.sql} ON v.column2 = q.product_id AND q.place BETWEEN v.column3 AND v.column4
       JOIN customers c ON c.id = q.customer_id${ledger.join.sql}
       WHERE 1 = 1${ledger.where.sql}
       ORDER BY v.column1, q.place`,
      [...products, ...audience.params, ...v.params, ...ledger.join.params, ...ledger.where.params],
    );
  });
  const productOf = new Map(restocks.map((r) => [r.id, r.productId]));
  return found.map((w) => {
    const restockId = Number(w.restock_id);
    return {
      entryId: Number(w.entry_id),
      restockId,
      prior: priorFor(w, occasionKey.restock(productOf.get(restockId)!, restockId)),
      customer: touchCustomer(w, ctx.config.business.timezone),
    };
  });
}

/**
 * Marks these waitlist entries as told by their restock, in one statement (per 5,000): an entry
 * no longer waiting (removed meanwhile) is left as it is.
 */
export async function markNotified(
  db: EntityManager,
  entries: ReadonlyArray<{ entryId: number; restockId: number }>,
): Promise<void> {
  for (let i = 0; i < entries.length; i += 5000) {
    const v = valuesTable(
      db,
      'v',
      ['integer', 'integer'],
      entries.slice(i, i + 5000).map((e) => [e.entryId, e.restockId]),
    );
    await rows(
      db,
      `UPDATE waitlist_entries SET status = 'notified', notified_restock_id = v.column2 FROM ${v.sql}
       WHERE waitlist_entries.id = v.column1 AND waitlist_entries.status = 'waiting' RETURNING waitlist_entries.id`,
      v.params,
    );
  }
}
