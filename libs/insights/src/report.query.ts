import type { EntityManager } from 'typeorm';
import { TREATED_STATUSES } from './effect.query';
import { bool, inList, num, rows } from '@touchbase/store';

/** One (rule, channel) line of the report: what the touches did in the period. */
export interface ChannelFigures {
  channel: string;
  /** Touches made: a message (queued, sent, delivered, held or failed) or a task. */
  touches: number;
  /** Of those, messages not sent yet (the touch is `queued`). */
  pending: number;
  /** Of those, messages held because their outcome is unknown (waiting for the owner). */
  held: number;
  heldOut: number;
  skipped: number;
  /** Messages cancelled before sending (an opt-out, a bounce, an erasure). */
  cancelled: number;
  missed: number;
  /** Messages the provider accepted (email `sent`) or confirmed (`delivered`). */
  delivered: number;
  /** Messages `failed` or `undelivered`. */
  failed: number;
  tasksMade: number;
  tasksDone: number;
  /** Done tasks by outcome, e.g. { reached: 3, no_answer: 1 }. */
  outcomes: Record<string, number>;
  /**
   * Touches after which the customer opted out (see docs/insights.md#reports: linked, or within
   * optOutDays).
   */
  optOuts: number;
  /** Answers to this rule's own survey touches (satisfaction_survey rules). */
  ratings: number;
  averageRating: number | null;
  /** Answers to surveys about this rule's touches (survey:touch:<id>, or survey:call:<task> of its call task). */
  feedbackRatings: number;
  feedbackAverageRating: number | null;
}

export interface FiguresQuery {
  /** Touches due in [from, to). */
  from: Date;
  to: Date;
  optOutDays: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * Per rule and channel, one set-based statement: each touch joins at most one outbox message
 * (touches.message_id), one task (touches.task_id) and one rating (survey_responses.touch_id is
 * unique), so nothing multiplies. Opt-outs: a contact event of kind `opt_out` by the customer
 * that names the touch or its message, or comes within optOutDays after the message went out
 * (or the touch's due time) — read through ix_contact_events_customer_at.
 */
export async function channelFigures(
  db: EntityManager,
  q: FiguresQuery,
): Promise<Array<ChannelFigures & { ruleId: number }>> {
  const treated = inList(TREATED_STATUSES);
  const touches = await rows<Record<string, unknown>>(
    db,
    `SELECT t.rule_id, COALESCE(t.channel, r.channel) AS channel,
            SUM(CASE WHEN t.status IN (${treated}) THEN 1 ELSE 0 END) AS touches,
            SUM(CASE WHEN t.status = 'holdout' THEN 1 ELSE 0 END) AS held_out,
            SUM(CASE WHEN t.status = 'queued' THEN 1 ELSE 0 END) AS pending,
            SUM(CASE WHEN t.status = 'held' THEN 1 ELSE 0 END) AS held,
            SUM(CASE WHEN t.status = 'skipped' THEN 1 ELSE 0 END) AS skipped,
            SUM(CASE WHEN t.status = 'cancelled' THEN 1 ELSE 0 END) AS cancelled,
            SUM(CASE WHEN t.status = 'missed' THEN 1 ELSE 0 END) AS missed,
            SUM(CASE WHEN m.status = 'delivered' OR (m.channel = 'email' AND m.status = 'sent') THEN 1 ELSE 0 END) AS delivered,
            SUM(CASE WHEN m.status IN ('failed', 'undelivered') THEN 1 ELSE 0 END) AS failed,
            SUM(CASE WHEN t.status IN (${treated}) AND m.id IS NOT NULL AND EXISTS (
                  SELECT 1 FROM contact_events e
                   WHERE e.customer_id = t.customer_id AND e.kind = 'opt_out'
                     AND (e.touch_id = t.id OR e.message_id = m.id
                          OR (e.occurred_at >= COALESCE(m.sent_at, t.due_at) AND e.occurred_at < COALESCE(m.sent_at, t.due_at) + ?)))
                THEN 1 ELSE 0 END) AS opt_outs,
            COUNT(s.id) AS ratings,
            SUM(s.rating) AS rating_sum
       FROM touches t
       JOIN rules r ON r.id = t.rule_id
       LEFT JOIN outbox_messages m ON m.id = t.message_id
       LEFT JOIN survey_responses s ON s.touch_id = t.id
      WHERE t.due_at >= ? AND t.due_at < ?
      GROUP BY t.rule_id, COALESCE(t.channel, r.channel)
      ORDER BY t.rule_id, COALESCE(t.channel, r.channel)`,
    [...TREATED_STATUSES, ...TREATED_STATUSES, q.optOutDays * MS_PER_DAY, q.from.getTime(), q.to.getTime()],
  );
  // tasks: those a touch made (task channel) and those made beside a message (tasks.touch_id)
  const tasks = await rows<Record<string, unknown>>(
    db,
    `SELECT t.rule_id, COALESCE(t.channel, r.channel) AS channel, k.status, k.outcome, COUNT(*) AS n
       FROM tasks k
       JOIN touches t ON t.id = k.touch_id
       JOIN rules r ON r.id = t.rule_id
      WHERE t.due_at >= ? AND t.due_at < ?
      GROUP BY t.rule_id, COALESCE(t.channel, r.channel), k.status, k.outcome`,
    [q.from.getTime(), q.to.getTime()],
  );
  // ratings about a touch: the survey touch's occasion key names the touch, or the call task it made
  const feedback = await rows<Record<string, unknown>>(
    db,
    `SELECT src.rule_id, COALESCE(src.channel, r.channel) AS channel, COUNT(*) AS n, SUM(s.rating) AS rating_sum
       FROM survey_responses s
       JOIN touches st ON st.id = s.touch_id
       JOIN touches src ON src.id = (CASE
              WHEN st.occasion_key LIKE 'survey:touch:%' THEN CAST(SUBSTR(st.occasion_key, 14) AS INTEGER)
              WHEN st.occasion_key LIKE 'survey:call:%'
                THEN (SELECT k.touch_id FROM tasks k WHERE k.id = CAST(SUBSTR(st.occasion_key, 13) AS INTEGER))
            END)
       JOIN rules r ON r.id = src.rule_id
      WHERE src.due_at >= ? AND src.due_at < ?
      GROUP BY src.rule_id, COALESCE(src.channel, r.channel)`,
    [q.from.getTime(), q.to.getTime()],
  );
  const key = (ruleId: unknown, channel: unknown) => `${Number(ruleId)}|${String(channel)}`;
  const out = new Map<string, ChannelFigures & { ruleId: number }>();
  for (const r of touches) {
    const ratings = num(r.ratings);
    out.set(key(r.rule_id, r.channel), {
      ruleId: Number(r.rule_id),
      channel: String(r.channel),
      touches: num(r.touches),
      pending: num(r.pending),
      held: num(r.held),
      heldOut: num(r.held_out),
      skipped: num(r.skipped),
      cancelled: num(r.cancelled),
      missed: num(r.missed),
      delivered: num(r.delivered),
      failed: num(r.failed),
      tasksMade: 0,
      tasksDone: 0,
      outcomes: {},
      optOuts: num(r.opt_outs),
      ratings,
      averageRating: ratings ? num(r.rating_sum) / ratings : null,
      feedbackRatings: 0,
      feedbackAverageRating: null,
    });
  }
  for (const k of tasks) {
    const line = out.get(key(k.rule_id, k.channel));
    if (!line) continue;
    const n = num(k.n);
    line.tasksMade += n;
    if (k.status === 'done') {
      line.tasksDone += n;
      const outcome = k.outcome == null ? 'none' : String(k.outcome);
      line.outcomes[outcome] = (line.outcomes[outcome] ?? 0) + n;
    }
  }
  for (const f of feedback) {
    const line = out.get(key(f.rule_id, f.channel));
    if (!line) continue;
    line.feedbackRatings = num(f.n);
    line.feedbackAverageRating = line.feedbackRatings ? num(f.rating_sum) / line.feedbackRatings : null;
  }
  return [...out.values()];
}

/** The rules named in a report, with their kind (also rules without touches in the period). */
export async function reportRules(
  db: EntityManager,
): Promise<Array<{ id: number; name: string; kind: string; holdoutPercent: number; enabled: boolean }>> {
  const found = await rows<Record<string, unknown>>(
    db,
    'SELECT id, name, kind, holdout_percent, enabled FROM rules ORDER BY id',
  );
  return found.map((r) => ({
    id: Number(r.id),
    name: String(r.name),
    kind: String(r.kind),
    holdoutPercent: num(r.holdout_percent),
    enabled: bool(r.enabled),
  }));
}
