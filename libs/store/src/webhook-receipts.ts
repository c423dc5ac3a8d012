import { EntityManager } from 'typeorm';
import { isPostgres } from './data-source';

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
  const ph = (i: number) => (isPostgres(em.connection) ? `$${i}` : '?');
  const rows = await em.query(
    `INSERT INTO webhook_events (provider, event_id, received_at) VALUES (${ph(1)}, ${ph(2)}, ${ph(3)}) ON CONFLICT DO NOTHING RETURNING event_id`,
    [provider, eventId.slice(0, 200), now.getTime()],
  );
  return Array.isArray(rows) && rows.length > 0;
}

/** Forgets receipts of one provider older than `before` (senders stop retrying long before). */
export async function purgeWebhookReceipts(em: EntityManager, provider: string, before: Date): Promise<void> {
  const ph = (i: number) => (isPostgres(em.connection) ? `$${i}` : '?');
  await em.query(`DELETE FROM webhook_events WHERE provider = ${ph(1)} AND received_at < ${ph(2)}`, [
    provider,
    before.getTime(),
  ]);
}
