import type { EntityManager } from 'typeorm';
import { rows } from '@touchbase/store';
import { applyEarlyNews } from '../consent/status-news';
import type { Outcome } from './outbox-store';

type Sent = Extract<Outcome, { kind: 'sent' }>;

/**
 * SQLite: a write group's sent messages (still leased to this dispatcher) marked sent with their
 * provider ids. The group is one JSON parameter, so the text is the same for any group size and
 * better-sqlite3 prepares it once (a text per group size was a new statement for most groups).
 */
const MARK_SENT = `UPDATE outbox_messages SET status = 'sent', sent_at = ?, lease_owner = NULL, lease_until = NULL,
  last_error = NULL, provider_id = v.provider_id
FROM (SELECT value ->> 0 AS id, value ->> 1 AS provider_id FROM json_each(?)) AS v
WHERE outbox_messages.id = v.id AND lease_owner = ? AND status = 'sending'
RETURNING id`;

/** Their contact-history events, as sent-outcomes-pg.ts writes them. */
const EVENTS = `INSERT INTO contact_events (customer_id, occurred_at, direction, kind, summary, touch_id, message_id)
SELECT customer_id, ?, 'out', channel, CASE WHEN channel = 'email' THEN COALESCE(subject, '') ELSE substr(text, 1, 200) END,
  touch_id, id
FROM outbox_messages WHERE id IN (SELECT value FROM json_each(?)) AND customer_id IS NOT NULL ORDER BY id`;

/**
 * Marks these sent messages, applies status news that came before the send was recorded and
 * writes their events, inside the caller's transaction; answers the ids it updated (for their
 * touches to follow).
 */
export async function recordSentSqlite(
  em: EntityManager,
  sent: readonly Sent[],
  now: Date,
  owner: string,
): Promise<number[]> {
  if (!sent.length) return [];
  const group = JSON.stringify(sent.map((o) => [o.msg.id, o.providerId]));
  const found = await rows<{ id: number | string }>(em, MARK_SENT, [now.getTime(), group, owner]);
  const updated = new Set(found.map((r) => Number(r.id)));
  const recorded = sent.filter((o) => updated.has(o.msg.id));
  await applyEarlyNews(
    em,
    recorded
      .filter((o) => o.msg.channel === 'sms')
      .map((o) => ({ id: o.msg.id, customerId: o.msg.customerId, providerId: o.providerId })),
    now,
  );
  await rows(em, EVENTS, [now.getTime(), JSON.stringify([...updated])]);
  return [...updated];
}
