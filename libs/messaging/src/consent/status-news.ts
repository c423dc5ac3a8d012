import { EntityManager, In } from 'typeorm';
import {
  ContactEvent,
  EarlyStatus,
  inList,
  OutboxMessage,
  rows,
  touchesFollowMessages,
  withdrawSmsConsent,
} from '@touchbase/store';

/** Where a status may come from: statuses only move forward; delivered/undelivered/failed are final. */
export const FORWARD_FROM: Record<string, string[]> = {
  sent: ['queued', 'sending'],
  delivered: ['queued', 'sending', 'sent'],
  undelivered: ['queued', 'sending', 'sent'],
  failed: ['queued', 'sending', 'sent'],
};

export interface StatusNews {
  status: string;
  errorCode: string | null;
}

/**
 * Moves a recorded SMS forward to `news.status` (never back; see
 * docs/delivery-guarantees.md#status-news). Twilio's 21610 on a callback withdraws SMS consent.
 */
export async function moveForward(
  em: EntityManager,
  message: Pick<OutboxMessage, 'id' | 'customerId'>,
  news: StatusNews,
  now: Date,
): Promise<boolean> {
  const from = FORWARD_FROM[news.status];
  if (!from) return false;
  const set: Partial<OutboxMessage> = { status: news.status };
  if (news.status === 'delivered') set.deliveredAt = now;
  if (news.status === 'undelivered' || news.status === 'failed')
    set.lastError = `Twilio ${news.status}${news.errorCode ? ` (error ${news.errorCode})` : ''}`;
  const moved = await em.update(OutboxMessage, { id: message.id, channel: 'sms', status: In(from) }, set);
  if (!moved.affected) return false;
  await touchesFollowMessages(em, [message.id], now);
  if (news.errorCode === '21610' && message.customerId != null)
    // the carrier says the number has opted out (STOP to our sender): respect it here too
    await carrierOptOut(em, message.customerId, now);
  return true;
}

/**
 * Twilio's 21610 (on a send or a status callback): the number has replied STOP to our sender.
 * Withdraws SMS consent and records the opt-out in the customer's history, once: a repeat
 * changes nothing, like any other opt-out.
 */
export async function carrierOptOut(em: EntityManager, customerId: number, now: Date): Promise<void> {
  if (!(await withdrawSmsConsent(em, customerId, 'twilio-21610', now))) return;
  await em.insert(ContactEvent, {
    customerId,
    occurredAt: now,
    direction: 'in',
    kind: 'opt_out',
    summary: 'SMS: the number has replied STOP to our sender (Twilio 21610)',
  });
}

/**
 * Applies the status news that arrived before these sends were recorded (matched by SID or by
 * the outbox id in the callback URL), in the order it arrived, and forgets it.
 */
export async function applyEarlyNews(
  em: EntityManager,
  sent: Array<Pick<OutboxMessage, 'id' | 'customerId'> & { providerId: string }>,
  now: Date,
): Promise<void> {
  const sms = sent.filter((m) => m.providerId);
  if (!sms.length) return;
  // a plain statement: this runs in every outcome write on SQLite, and TypeORM's find cost more
  // than the query
  const ids = sms.map((m) => m.id);
  const sids = sms.map((m) => m.providerId);
  const news = await rows<{
    id: unknown;
    provider_id: string;
    outbox_id: unknown;
    status: string;
    error_code: string | null;
  }>(
    em,
    `SELECT id, provider_id, outbox_id, status, error_code FROM early_statuses
     WHERE outbox_id IN (${inList(ids)}) OR provider_id IN (${inList(sids)}) ORDER BY id`,
    [...ids, ...sids],
  );
  if (!news.length) return;
  for (const n of news) {
    const outboxId = n.outbox_id == null ? null : Number(n.outbox_id);
    const m = sms.find((s) => s.id === outboxId || s.providerId === n.provider_id);
    if (m) await moveForward(em, m, { status: n.status, errorCode: n.error_code }, now);
  }
  await em.delete(EarlyStatus, { id: In(news.map((n) => Number(n.id))) });
}
