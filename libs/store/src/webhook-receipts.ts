import { EntityManager } from 'typeorm';
import { rows } from './sql/dialect';

/**
 * Records that a webhook delivery was processed, in the caller's transaction; false when it was
 * already there (a retry or a replay). INSERT … ON CONFLICT DO NOTHING RETURNING works on both
 * databases, and a concurrent twin waits for the first transaction and then sees the row.
 */
export async function recordWebhookReceipt(
  em: EntityManager,
  provider: string,
  eventId: string,
  now: Date,
): Promise<boolean> {
  const inserted = await rows(
    em,
    'INSERT INTO webhook_events (provider, event_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING RETURNING event_id',
    [provider, eventId.slice(0, 200), now.getTime()],
  );
  return inserted.length > 0;
}

/** Forgets receipts of one provider older than `before` (senders stop retrying long before). */
export async function purgeWebhookReceipts(em: EntityManager, provider: string, before: Date): Promise<void> {
  await rows(em, 'DELETE FROM webhook_events WHERE provider = ? AND received_at < ?', [
    provider,
    before.getTime(),
  ]);
}
