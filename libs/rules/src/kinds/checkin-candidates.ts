import { inList, NON_CONTACT_KINDS, rows, withPlainPlans } from '@touchbase/store';
import type { Rule } from '@touchbase/store';
import { ledgerAntiJoin, priorFor, type PriorTouch } from '../ledger-lookup';
import { CONTACT_STATUSES_SQL, type SqlPart } from '../sql';
import { TOUCH_CUSTOMER_SQL, touchCustomer, type TouchCustomer } from '../customers';
import type { KindContext } from './rule-kind';

const OPEN_TASK = ['open', 'snoozed'];
/** Task outcomes that did not reach the customer: the task's creation counts, not its completion. */
const UNREACHED = ['no_answer', 'voicemail', 'wrong_number', 'unreached', 'not_collected'];

export interface CheckinCandidate {
  customerId: number;
  prior: PriorTouch | null;
  /** The last contact of any kind (event, touch, task), epoch ms; null: never. */
  lastContact: number | null;
  openTask: boolean;
  customer: TouchCustomer;
}

/**
 * Which of these ranked customers a check-in rule may touch, in one statement: not erased, in
 * the audience, not already touched for `occasionKey` (the ledger anti-join), and — in a tick —
 * no open check-in task of this rule and no contact since `quietSince` (anti-joins on the
 * (customer_id, …) indexes of contact_events, touches and tasks). A preview keeps those two and
 * gets why (`openTask`, `lastContact`) to explain them as not due. It runs with plain plans
 * (withPlainPlans): a parallel plan of such a lookup cost 5× a plain one on PostgreSQL, and JIT 4×.
 */
export async function checkinCandidates(
  rule: Rule,
  ids: number[],
  occasionKey: string,
  quietSince: number,
  audience: SqlPart,
  ctx: KindContext,
): Promise<CheckinCandidate[]> {
  if (!ids.length) return [];
  const ledger = ledgerAntiJoin(rule.id, 'c.id', { values: [occasionKey] }, ctx);
  const contactEvent = `FROM contact_events e WHERE e.customer_id = c.id AND e.kind NOT IN (${inList(NON_CONTACT_KINDS)})`;
  const contactTouch = `FROM touches ct WHERE ct.customer_id = c.id AND COALESCE(ct.status, '') IN (${CONTACT_STATUSES_SQL})`;
  const taskAt = `CASE WHEN k.outcome IN (${inList(UNREACHED)}) THEN k.created_at ELSE COALESCE(k.completed_at, k.created_at) END`;
  // a tick leaves customers with an open task out (NOT EXISTS below): no count to make for them
  const tick = ctx.mode === 'tick';
  const openTask = `FROM tasks ot WHERE ot.customer_id = c.id AND ot.rule_id = ? AND ot.status IN (${inList(OPEN_TASK)})`;
  const found = await withPlainPlans(ctx.db, (db) =>
    rows<{
      id: number;
      prior_id: number | null;
      prior_status: string | null;
      prior_key: string | null;
      last_event: number | null;
      last_touch: number | null;
      last_task: number | null;
      open_task: number | boolean | null;
      [column: string]: unknown;
    }>(
      db,
      `SELECT c.id, ${TOUCH_CUSTOMER_SQL}, ${ledger.columns},
         (SELECT MAX(e.occurred_at) ${contactEvent}) AS last_event,
         (SELECT MAX(ct.created_at) ${contactTouch}) AS last_touch,
         (SELECT MAX(${taskAt}) FROM tasks k WHERE k.customer_id = c.id) AS last_task,
         ${tick ? '0' : `(SELECT COUNT(*) ${openTask})`} AS open_task
       FROM customers c${ledger.join.sql}
       WHERE c.id IN (${inList(ids)}) AND c.erased_at IS NULL${audience.sql}${ledger.where.sql}${
         tick
           ? ` AND NOT EXISTS (SELECT 1 ${openTask})
               AND NOT EXISTS (SELECT 1 ${contactEvent} AND e.occurred_at > ?)
               AND NOT EXISTS (SELECT 1 ${contactTouch} AND ct.created_at > ?)
               AND NOT EXISTS (SELECT 1 FROM tasks k WHERE k.customer_id = c.id AND ${taskAt} > ?)`
           : ''
       }`,
      [
        ...NON_CONTACT_KINDS,
        ...UNREACHED,
        ...(tick ? [] : [rule.id, ...OPEN_TASK]),
        ...ledger.join.params,
        ...ids,
        ...audience.params,
        ...ledger.where.params,
        ...(tick
          ? [rule.id, ...OPEN_TASK, ...NON_CONTACT_KINDS, quietSince, quietSince, ...UNREACHED, quietSince]
          : []),
      ],
    ),
  );
  return found.map((r) => ({
    customerId: Number(r.id),
    prior: priorFor(r, occasionKey),
    lastContact: latest(latest(latest(null, r.last_event), r.last_touch), r.last_task),
    openTask: Number(r.open_task ?? 0) > 0,
    customer: touchCustomer(r, ctx.config.business.timezone),
  }));
}

/** The later of an instant so far (or null) and a column's (null: none). */
function latest(so: number | null, t: number | string | null): number | null {
  if (t == null) return so;
  const n = Number(t);
  return so === null || n > so ? n : so;
}
