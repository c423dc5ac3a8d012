import type { EntityManager } from 'typeorm';
import { MESSAGE_TO_TOUCH_STATUS } from '@touchbase/core';
import { pgStatementName, runPgStatement, type PgStatement } from '@touchbase/store';

/** Touch statuses that come from the touch's message (as touch-status.ts's FOLLOWING). */
const FOLLOWING = [...new Set(Object.values(MESSAGE_TO_TOUCH_STATUS))];

/**
 * PostgreSQL: a write group's sent messages recorded in one statement (data-modifying CTEs),
 * prepared once per connection: status, provider id and lease released (only where this
 * dispatcher still holds the lease), a contact-history event each, the touch following to
 * `sent` (reached by primary key through the message's touch_id), and whether status news came
 * before the send was recorded (early_statuses) for the caller to apply in the same transaction.
 * The separate statements it replaces (UPDATE, SELECT of early news, INSERT, UPDATE of touches)
 * cost PostgreSQL about as much CPU per SMS as the engine's own extra work
 * (docs/benchmarks.md#npm-run-benchdispatch).
 */
const SENT: PgStatement = {
  name: pgStatementName('outbox|sent-group'),
  text: `WITH v AS (SELECT * FROM unnest($1::integer[], $2::varchar[]) AS v(id, provider_id)),
s AS (
  UPDATE outbox_messages m SET status = 'sent', sent_at = $3, lease_owner = NULL, lease_until = NULL,
    last_error = NULL, provider_id = v.provider_id
  FROM v WHERE m.id = v.id AND m.id = ANY($1::integer[]) AND m.lease_owner = $4 AND m.status = 'sending'
  RETURNING m.id, m.customer_id, m.channel, m.touch_id, m.subject, m.text, m.provider_id),
e AS (
  INSERT INTO contact_events (customer_id, occurred_at, direction, kind, summary, touch_id, message_id)
  SELECT customer_id, $3, 'out', channel, CASE WHEN channel = 'email' THEN subject ELSE left(text, 200) END,
    touch_id, id
  FROM s WHERE customer_id IS NOT NULL ORDER BY id),
t AS (
  UPDATE touches SET status = $6, updated_at = $3
  WHERE touches.id = ANY($5::integer[]) AND touches.message_id IN (SELECT id FROM s)
    AND touches.status = ANY($7::varchar[]) AND touches.status <> $6)
SELECT s.id, s.customer_id, s.provider_id,
  s.channel = 'sms' AND (EXISTS (SELECT 1 FROM early_statuses n WHERE n.outbox_id = s.id)
    OR EXISTS (SELECT 1 FROM early_statuses n WHERE n.provider_id = s.provider_id)) AS news
FROM s`,
};

export interface SentMessage {
  id: number;
  touchId: number | null;
  providerId: string;
}

export interface RecordedSms {
  id: number;
  customerId: number | null;
  providerId: string;
}

/**
 * Records these sent messages (inside the caller's transaction); answers the ids it updated
 * and the SMS among them with early status news waiting.
 */
export async function recordSentPg(
  em: EntityManager,
  sent: readonly SentMessage[],
  now: Date,
  owner: string,
): Promise<{ updated: Set<number>; withNews: RecordedSms[] }> {
  const updated = new Set<number>();
  const withNews: RecordedSms[] = [];
  if (!sent.length) return { updated, withNews };
  const found = (await runPgStatement(em, SENT, [
    sent.map((m) => m.id),
    sent.map((m) => m.providerId),
    now.getTime(),
    owner,
    sent.flatMap((m) => (m.touchId == null ? [] : [m.touchId])),
    MESSAGE_TO_TOUCH_STATUS.sent,
    FOLLOWING,
  ])) as Array<{
    id: number | string;
    customer_id: number | string | null;
    provider_id: string;
    news: boolean;
  }>;
  for (const r of found) {
    const id = Number(r.id);
    updated.add(id);
    if (r.news)
      withNews.push({
        id,
        customerId: r.customer_id == null ? null : Number(r.customer_id),
        providerId: r.provider_id,
      });
  }
  return { updated, withNews };
}
