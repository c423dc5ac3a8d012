import type { EntityManager } from 'typeorm';
import { inList, isPostgres, rows, valuesTable } from '@touchbase/store';
import type { KindContext } from './kinds/rule-kind';
import type { SqlPart } from './sql';

/** Ledger statuses a later tick looks at again (within the grace period): the rest are final. */
export const RETRIED_STATUSES = ['deferred', 'blocked'] as const;
const RETRIED_SQL = RETRIED_STATUSES.map((s) => `'${s}'`).join(', ');

/** A touch already in the ledger for an occasion (the candidate query's anti-join found it). */
export interface PriorTouch {
  id: number;
  status: string;
}

/**
 * The anti-join of a kind's candidate query against the ledger, by the unique key
 * (rule_id, customer_id, occasion_key) — an index lookup per candidate, never a read of all of the
 * rule's touches. Use as
 * `SELECT …, ${l.columns} FROM … ${l.join.sql} WHERE … ${l.where.sql}`, with the params in that order.
 *
 * A touch with a final status excludes the candidate in SQL; a deferred or blocked one comes back
 * as `prior_id`/`prior_status` (moved on by the ledger). A preview also gets the final touches that
 * were in the ledger before it began (`baselineTouchId`), to explain them as already touched.
 * `keys`: the occasion key as one SQL expression (e.g. `'order:' || o.id`), or the few keys the
 * candidates can have (a birthday's years), matched exactly later by `priorFor`.
 */
export function ledgerAntiJoin(
  ruleId: number,
  customerExpr: string,
  keys: { expr: string } | { values: string[] },
  ctx: Pick<KindContext, 'db' | 'mode' | 'baselineTouchId'>,
): { columns: string; join: SqlPart; where: SqlPart } {
  const byExpr = 'expr' in keys;
  const keySql = byExpr ? `= ${keys.expr}` : `IN (${inList(keys.values)})`;
  // a preview keeps the final touches from before it began (all of them without a baseline)
  const preview = ctx.mode === 'preview';
  const explain =
    preview && ctx.baselineTouchId !== undefined
      ? { sql: ' OR lt.id <= ?', params: [ctx.baselineTouchId] }
      : { sql: '', params: [] };
  return {
    columns: 'lt.id AS prior_id, lt.status AS prior_status, lt.occasion_key AS prior_key',
    join: {
      // PostgreSQL: LATERAL … OFFSET 0 makes it one probe of the unique index per candidate; as a
      // plain join, statistics taken before the tick wrote made the planner read all of the
      // rule's touches for the key once and filter them per candidate (quadratic over a tick)
      sql: isPostgres(ctx.db)
        ? ` LEFT JOIN LATERAL (SELECT lt0.id, lt0.status, lt0.occasion_key FROM touches lt0 WHERE lt0.rule_id = ? AND lt0.customer_id = ${customerExpr} AND lt0.occasion_key ${keySql} OFFSET 0) lt ON TRUE`
        : ` LEFT JOIN touches lt ON lt.rule_id = ? AND lt.customer_id = ${customerExpr} AND lt.occasion_key ${keySql}`,
      params: [ruleId, ...(byExpr ? [] : keys.values)],
    },
    where:
      preview && ctx.baselineTouchId === undefined
        ? { sql: '', params: [] }
        : {
            sql: ` AND (lt.id IS NULL OR lt.status IN (${RETRIED_SQL})${explain.sql})`,
            params: explain.params,
          },
  };
}

/** The prior touch of a candidate row from `ledgerAntiJoin`'s columns (null: none for this key). */
export function priorFor(
  row: { prior_id?: unknown; prior_status?: unknown; prior_key?: unknown },
  occasionKey: string,
): PriorTouch | null {
  if (row.prior_id == null || row.prior_key !== occasionKey) return null;
  return { id: Number(row.prior_id), status: String(row.prior_status) };
}

/**
 * For a kind whose candidate query has no anti-join (e.g. one registered by another area): the
 * ledger rows of exactly these occasions, by the unique key. Key `${customerId}|${occasionKey}`.
 */
export async function existingTouches(
  db: EntityManager,
  ruleId: number,
  occasions: ReadonlyArray<{ customerId: number; occasionKey: string }>,
): Promise<Map<string, PriorTouch>> {
  const out = new Map<string, PriorTouch>();
  for (let i = 0; i < occasions.length; i += 5000) {
    const chunk = occasions.slice(i, i + 5000);
    const v = valuesTable(
      db,
      'v',
      ['integer', 'text'],
      chunk.map((o) => [o.customerId, o.occasionKey]),
    );
    const found = await rows<{ id: number; customer_id: number; occasion_key: string; status: string }>(
      db,
      `SELECT t.id, t.customer_id, t.occasion_key, t.status FROM ${v.sql}
       JOIN touches t ON t.rule_id = ? AND t.customer_id = v.column1 AND t.occasion_key = v.column2`,
      [...v.params, ruleId],
    );
    for (const r of found)
      out.set(`${Number(r.customer_id)}|${r.occasion_key}`, { id: Number(r.id), status: r.status });
  }
  return out;
}
