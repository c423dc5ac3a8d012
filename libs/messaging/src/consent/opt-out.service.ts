import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { Clock } from '@touchbase/core';
import {
  ContactEvent,
  Customer,
  inList,
  noteTouchReason,
  OutboxMessage,
  rows,
  touchesFollowMessages,
  writeConsent,
} from '@touchbase/store';

/**
 * Consent changes that come from the customer (unsubscribe link, STOP/START by SMS). Each one
 * writes the consent, a contact-history event and cancels what is queued on that channel, in
 * one transaction. Repeating an opt-out changes nothing and adds no second event.
 */
@Injectable()
export class OptOutService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Unsubscribe one customer from a channel (the link in a message). `changed` says whether consent was on. */
  async unsubscribe(
    customerId: number,
    channel: 'email' | 'sms',
    source = 'unsubscribe-link',
    inside?: EntityManager,
  ): Promise<{ found: boolean; changed: boolean; locale: string | null }> {
    const now = this.clock.now();
    return this.within(inside, async (em) => {
      const c = await em.findOneBy(Customer, { id: customerId });
      if (!c) return { found: false, changed: false, locale: null };
      const changed = channel === 'email' ? c.emailConsent : c.smsConsent;
      if (changed) {
        await writeConsent(em, [c.id], channel, false, source, now);
        await em.insert(ContactEvent, {
          customerId: c.id,
          occurredAt: now,
          direction: 'in',
          kind: 'opt_out',
          summary: `${channel === 'email' ? 'Email' : 'SMS'}: unsubscribed (${source})`,
        });
      }
      await this.cancelQueued(em, [c.id], channel, `customer unsubscribed (${source})`, now);
      return { found: true, changed, locale: c.locale };
    });
  }

  /**
   * The customer opts back in on the unsubscribe page (after confirming there). Recorded like an
   * opt-out: consent with its source and time, and an `opt_in` contact event. Repeating it changes
   * nothing; an unknown or erased customer is `found: false`.
   */
  async resubscribe(
    customerId: number,
    channel: 'email' | 'sms',
    source = 'unsubscribe-page',
    inside?: EntityManager,
  ): Promise<{ found: boolean; changed: boolean; locale: string | null }> {
    const now = this.clock.now();
    return this.within(inside, async (em) => {
      const c = await em.findOneBy(Customer, { id: customerId });
      if (!c || c.erasedAt) return { found: false, changed: false, locale: null };
      const changed = !(channel === 'email' ? c.emailConsent : c.smsConsent);
      if (changed) {
        await writeConsent(em, [c.id], channel, true, source, now);
        await em.insert(ContactEvent, {
          customerId: c.id,
          occurredAt: now,
          direction: 'in',
          kind: 'opt_in',
          summary: `${channel === 'email' ? 'Email' : 'SMS'}: opted back in (${source})`,
        });
      }
      return { found: true, changed, locale: c.locale };
    });
  }

  /** Locale and consent on `channel` (for the unsubscribe page); null for an unknown customer. */
  async consentOf(
    customerId: number,
    channel: 'email' | 'sms',
  ): Promise<{ locale: string | null; consent: boolean } | null> {
    const c = await this.ds.getRepository(Customer).findOne({
      select: { id: true, locale: true, emailConsent: true, smsConsent: true },
      where: { id: customerId },
    });
    return c ? { locale: c.locale, consent: channel === 'email' ? c.emailConsent : c.smsConsent } : null;
  }

  /** SMS STOP from a phone number: every customer with that number. Inside `em` when given. */
  smsOptOut(phone: string, source = 'sms-stop', em?: EntityManager): Promise<number> {
    return em
      ? this.setSms(em, phone, false, source)
      : this.ds.transaction((tx) => this.setSms(tx, phone, false, source));
  }

  /** SMS START/UNSTOP from a phone number. Inside `em` when given. */
  smsOptIn(phone: string, source = 'sms-start', em?: EntityManager): Promise<number> {
    return em
      ? this.setSms(em, phone, true, source)
      : this.ds.transaction((tx) => this.setSms(tx, phone, true, source));
  }

  private async setSms(em: EntityManager, phone: string, consent: boolean, source: string): Promise<number> {
    const now = this.clock.now();
    const customers = await em.findBy(Customer, { phone });
    const changed = customers.filter((c) => c.smsConsent !== consent && !c.erasedAt);
    if (changed.length) {
      await writeConsent(
        em,
        changed.map((c) => c.id),
        'sms',
        consent,
        source,
        now,
      );
      await em.insert(
        ContactEvent,
        changed.map((c) => ({
          customerId: c.id,
          occurredAt: now,
          direction: 'in' as const,
          kind: consent ? 'opt_in' : 'opt_out',
          summary: `SMS: ${consent ? 'opted back in' : 'opted out'} (${source})`,
        })),
      );
    }
    if (!consent && customers.length)
      await this.cancelQueued(
        em,
        customers.map((c) => c.id),
        'sms',
        `customer replied STOP (${source})`,
        now,
      );
    return changed.length;
  }

  /** In the caller's transaction when given, else in a new one. */
  private within<T>(em: EntityManager | undefined, work: (em: EntityManager) => Promise<T>): Promise<T> {
    return em ? work(em) : this.ds.transaction(work);
  }

  /**
   * Cancels what is queued for these customers on `channel`; with `exceptKinds`, only the
   * messages of touches whose rule kind is not in that list (the preference centre's "only
   * personal" keeps the personal ones).
   */
  async cancelQueued(
    em: EntityManager,
    customerIds: number[],
    channel: string,
    reason: string,
    now: Date,
    exceptKinds?: readonly string[],
  ): Promise<void> {
    const queued = exceptKinds
      ? (
          await rows<{ id: unknown; touch_id: unknown }>(
            em,
            `SELECT m.id, m.touch_id FROM outbox_messages m
             JOIN touches t ON t.id = m.touch_id JOIN rules r ON r.id = t.rule_id
             WHERE m.customer_id IN (${inList(customerIds)}) AND m.channel = ? AND m.status = 'queued'
               AND r.kind NOT IN (${inList(exceptKinds)})`,
            [...customerIds, channel, ...exceptKinds],
          )
        ).map((r) => ({ id: Number(r.id), touchId: r.touch_id == null ? null : Number(r.touch_id) }))
      : await em.find(OutboxMessage, {
          select: { id: true, touchId: true },
          where: { customerId: In(customerIds), channel, status: 'queued' },
        });
    if (!queued.length) return;
    await em.update(
      OutboxMessage,
      { id: In(queued.map((m) => m.id)), status: 'queued' },
      { status: 'cancelled', lastError: reason },
    );
    const touches = queued.flatMap((m) => (m.touchId == null ? [] : [m.touchId]));
    await noteTouchReason(em, touches, `not sent: ${reason}`, now);
    await touchesFollowMessages(
      em,
      queued.map((m) => m.id),
      now,
    );
  }
}
