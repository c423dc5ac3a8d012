import { OutboxMessage } from './entities/outbox-message.entity';
import { num, rows, type Db } from './sql/dialect';
import { insertTouchRows } from './sql/bulk';
import { touchesFollowMessages } from './touch-status';

/** A message to queue: built and rendered by its maker, sent later by the dispatcher. */
export interface NewOutboxMessage {
  /** An id taken in advance (reserveIds); all of a call's rows have one or none does. */
  id?: number;
  touchId?: number | null;
  customerId?: number | null;
  userId?: number | null;
  channel: string;
  /** Why it exists: touch, survey, reply (consent, quiet hours apply); digest, password_reset, test, … (they do not) */
  purpose: string;
  recipient: string;
  locale: string;
  subject: string;
  html: string;
  text: string;
  /** When the dispatcher may send it first. */
  sendAt: Date;
}

const COLUMNS = [
  'touch_id',
  'customer_id',
  'user_id',
  'channel',
  'purpose',
  'recipient',
  'locale',
  'subject',
  'html',
  '"text"',
  'status',
  'attempts',
  'next_attempt_at',
  'created_at',
];

/**
 * The one way rows enter outbox_messages (see docs/architecture.md#persistence-who-owns-which-table):
 * the ledger's touches, the staff digest and the owner's test-sends all queue here, inside the
 * caller's transaction when given its EntityManager. Answers the new ids in the given order.
 */
export async function queueMessages(
  db: Db,
  messages: readonly NewOutboxMessage[],
  now: Date,
): Promise<Array<{ id: number; touchId: number | null }>> {
  if (!messages.length) return [];
  const at = now.getTime();
  return insertTouchRows(
    db,
    'outbox_messages',
    COLUMNS,
    messages,
    messages.map((m) => [
      m.touchId ?? null,
      m.customerId ?? null,
      m.userId ?? null,
      m.channel,
      m.purpose,
      m.recipient,
      m.locale,
      m.subject,
      m.html,
      m.text,
      'queued',
      0,
      m.sendAt.getTime(),
      at,
    ]),
  );
}

/**
 * Cancels the customer's messages not yet sent (queued, or claimed by a dispatcher), and their
 * touches with them; answers how many.
 */
export async function cancelMessagesOf(
  db: Db,
  customerId: number,
  reason: string,
  now: Date,
): Promise<number> {
  const cancelled = await rows<{ id: unknown }>(
    db,
    `UPDATE outbox_messages SET status = 'cancelled', last_error = ? WHERE customer_id = ? AND status IN ('queued', 'sending') RETURNING id`,
    [reason, customerId],
  );
  await touchesFollowMessages(
    db,
    cancelled.map((r) => num(r.id)),
    now,
  );
  return cancelled.length;
}

/** Blanks what the customer's messages said and to whom (erasure); the rows stay for the ledger. */
export async function eraseMessagesOf(db: Db, customerId: number): Promise<void> {
  await db
    .getRepository(OutboxMessage)
    .update({ customerId }, { recipient: '[erased]', subject: '', html: '', text: '' });
}
