import { EntityManager, In } from 'typeorm';
import { MESSAGE_TO_TOUCH_STATUS } from '@touchbase/core';
import { Touch } from './entities/touch.entity';
import { Db, inList, rows } from './sql/dialect';

/** Touch statuses that come from the touch's message (and so may follow it again). */
const FOLLOWING = [...new Set(Object.values(MESSAGE_TO_TOUCH_STATUS))];

/**
 * The one place a touch follows its message (see docs/delivery-guarantees.md#the-touch-follows-its-message):
 * after any change of these messages' statuses, their touches take the matching status
 * (queued/sending → queued, sent, delivered, undelivered/failed → failed, cancelled, held).
 * Set-based: one UPDATE per 500 messages, inside the caller's transaction. Touches whose status
 * did not come from a message (holdout, task, skipped …) are left alone. A message's touch is
 * found by primary key through the message's touch_id (the ledger writes both links together;
 * touches.message_id has no index, and a scan of every touch per outcome write grew with the
 * ledger), and must still link back to the message.
 */
export async function touchesFollowMessages(db: Db, messageIds: readonly number[], now: Date): Promise<void> {
  const mapping = Object.entries(MESSAGE_TO_TOUCH_STATUS);
  const cases = mapping.map(() => 'WHEN ? THEN ?').join(' ');
  for (let i = 0; i < messageIds.length; i += 500) {
    const ids = messageIds.slice(i, i + 500);
    const next = `(SELECT CASE m.status ${cases} END FROM outbox_messages m WHERE m.id = touches.message_id)`;
    await rows(
      db,
      `UPDATE touches SET status = ${next}, updated_at = ?
        WHERE id IN (SELECT touch_id FROM outbox_messages WHERE id IN (${inList(ids)}) AND touch_id IS NOT NULL)
          AND message_id IN (${inList(ids)}) AND status IN (${inList(FOLLOWING)})
          AND ${next} IS NOT NULL AND ${next} <> status`,
      [...mapping.flat(), now.getTime(), ...ids, ...ids, ...FOLLOWING, ...mapping.flat(), ...mapping.flat()],
    );
  }
}

/** Notes why these touches' messages were not sent, held or failed (shown to the owner). */
export async function noteTouchReason(
  em: EntityManager,
  touchIds: readonly number[],
  reason: string,
  now: Date,
): Promise<void> {
  if (!touchIds.length) return;
  await em.update(Touch, { id: In([...touchIds]) }, { reason: reason.slice(0, 1000), updatedAt: now });
}
