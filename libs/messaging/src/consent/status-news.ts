import { EntityManager, In } from 'typeorm';
import { Customer, EarlyStatus, OutboxMessage, touchesFollowMessages } from '@touchbase/store';

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
    await em.update(
      Customer,
      { id: message.customerId, smsConsent: true },
      { smsConsent: false, smsConsentAt: now, smsConsentSource: 'twilio-21610', updatedAt: now },
    );
  return true;
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
  const news = await em.find(EarlyStatus, {
    where: [{ outboxId: In(sms.map((m) => m.id)) }, { providerId: In(sms.map((m) => m.providerId)) }],
    order: { id: 'ASC' },
  });
  if (!news.length) return;
  for (const n of news) {
    const m = sms.find((s) => s.id === n.outboxId || s.providerId === n.providerId);
    if (m) await moveForward(em, m, { status: n.status, errorCode: n.errorCode }, now);
  }
  await em.delete(EarlyStatus, { id: In(news.map((n) => n.id)) });
}
