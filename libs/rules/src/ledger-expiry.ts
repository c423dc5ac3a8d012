import type { EntityManager } from 'typeorm';
import { inList, rows, type Rule } from '@touchbase/store';
import { RETRIED_STATUSES } from './ledger-lookup';
import { englishReason } from './reasons';

const RETRIED_SQL = RETRIED_STATUSES.map((s) => `'${s}'`).join(', ');

/** Where a rule's grace period starts as of `now`: an occasion due before it is missed. */
export function graceStart(rule: Pick<Rule, 'gracePeriodMinutes'>, now: Date): number {
  return now.getTime() - rule.gracePeriodMinutes * 60_000;
}

/**
 * Marks the deferred and blocked touches of these rules whose grace period ran out as missed
 * (never sent late): one statement for all rules (each tick used to send two per rule), which
 * the status index `(status, due_at)` answers. Answers how many.
 */
export async function expireOverdue(db: EntityManager, rules: readonly Rule[], now: Date): Promise<number> {
  if (!rules.length) return 0;
  // rules with the same grace period (nearly all) share one condition
  const byStart = new Map<number, number[]>();
  for (const r of rules) {
    const start = graceStart(r, now);
    byStart.set(start, [...(byStart.get(start) ?? []), r.id]);
  }
  const groups = [...byStart];
  const expired = await rows(
    db,
    `UPDATE touches SET status = 'missed', updated_at = ?,
       reason = reason || CASE status WHEN 'deferred' THEN ? ELSE ? END
     WHERE status IN (${RETRIED_SQL}) AND due_at < ?
       AND (${groups.map(([, ids]) => `(rule_id IN (${inList(ids)}) AND due_at < ?)`).join(' OR ')}) RETURNING id`,
    [
      now.getTime(),
      `; ${englishReason([{ code: 'expired_deferred' }])}`,
      `; ${englishReason([{ code: 'expired_blocked' }])}`,
      Math.max(...groups.map(([start]) => start)),
      ...groups.flatMap(([start, ids]) => [...ids, start]),
    ],
  );
  return expired.length;
}

/**
 * The rules (of these) with a deferred or blocked touch still inside their grace period, in one
 * statement: such a rule looks at its grace period again, not only at what came due since the
 * last tick. Run after `expireOverdue`.
 */
export async function rulesWithRetries(
  db: EntityManager,
  rules: readonly Rule[],
  now: Date,
): Promise<Set<number>> {
  if (!rules.length) return new Set();
  const found = await rows<{ rule_id: unknown; latest: unknown }>(
    db,
    `SELECT rule_id, MAX(due_at) AS latest FROM touches
     WHERE status IN (${RETRIED_SQL}) AND due_at >= ? AND rule_id IN (${inList(rules)}) GROUP BY rule_id`,
    [Math.min(...rules.map((r) => graceStart(r, now))), ...rules.map((r) => r.id)],
  );
  const latest = new Map(found.map((r) => [Number(r.rule_id), Number(r.latest)]));
  return new Set(rules.filter((r) => (latest.get(r.id) ?? -Infinity) >= graceStart(r, now)).map((r) => r.id));
}
