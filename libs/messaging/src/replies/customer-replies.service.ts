import { Injectable, Optional } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { localDate, TaskAssigner, TaskComposer } from '@touchbase/core';
import {
  ContactEvent,
  Customer,
  customerName,
  inList,
  insertTasks,
  numOrNull,
  rows,
  SettingsService,
  touchCustomerOf,
} from '@touchbase/store';

/** A message a customer wrote to us, on the channel it came in on (an SMS or an email). */
export interface InboundReply {
  channel: 'sms' | 'email';
  /** Everyone the sender's phone number or address belongs to (usually one customer). */
  customers: Customer[];
  /** What they wrote (for an email: without the quoted text and signature). */
  text: string;
  /** An email's subject. */
  subject?: string;
  /**
   * The outbox ids the message names as the one it answers (an email's In-Reply-To and
   * References); without a match, the latest touch we sent the customer on this channel.
   */
  answersOutboxIds?: number[];
  /** An automatic answer (out of office): on the timeline, but it makes no task. */
  auto?: boolean;
}

interface Answered {
  messageId: number;
  touchId: number | null;
  ruleId: number | null;
  about: string;
}

/**
 * The one path a customer's reply takes, whatever it came in on (an SMS that is not a
 * keyword, an email to the Reply-To address): a contact event on each matched customer's
 * timeline naming the touch it answers, and for a real reply (not an automatic one, not an
 * erased customer) a `reply` task on Today for the customer's account owner (or the next staff
 * member in turn), quoting the message, texts from the task template `<channel>_reply`. Runs
 * in the caller's transaction, with its webhook receipt, so a repeated delivery adds nothing.
 */
@Injectable()
export class CustomerReplies {
  constructor(
    private readonly ownerSettings: SettingsService,
    @Optional() private readonly assigner?: TaskAssigner,
    @Optional() private readonly taskTexts?: TaskComposer,
  ) {}

  async record(
    em: EntityManager,
    reply: InboundReply,
    now: Date,
  ): Promise<{ events: number; tasks: number }> {
    let tasks = 0;
    for (const c of reply.customers) {
      const answered = await this.answered(em, c.id, reply);
      await em.insert(ContactEvent, {
        customerId: c.id,
        occurredAt: now,
        direction: 'in',
        kind: reply.auto ? 'auto_reply' : 'reply',
        summary: summaryOf(reply).slice(0, 1000),
        touchId: answered?.touchId ?? null,
        messageId: answered?.messageId ?? null,
      });
      if (reply.auto || c.erasedAt) continue;
      await this.replyTask(em, c, reply, answered, now);
      tasks++;
    }
    return { events: reply.customers.length, tasks };
  }

  /** The touch message this reply answers: one it names, else the latest on its channel. */
  private async answered(
    em: EntityManager,
    customerId: number,
    reply: InboundReply,
  ): Promise<Answered | null> {
    const named = (reply.answersOutboxIds ?? []).filter((id) => Number.isSafeInteger(id)).slice(0, 50);
    const select = `SELECT m.id, m.touch_id, t.rule_id, r.name FROM outbox_messages m
         LEFT JOIN touches t ON t.id = m.touch_id LEFT JOIN rules r ON r.id = t.rule_id
        WHERE m.customer_id = ? AND m.channel = ? AND m.purpose = 'touch' AND m.touch_id IS NOT NULL`;
    type Row = {
      id: number | string;
      touch_id: number | string | null;
      rule_id: number | string | null;
      name: string | null;
    };
    let [found] = named.length
      ? await rows<Row>(em, `${select} AND m.id IN (${inList(named)}) ORDER BY m.id DESC LIMIT 1`, [
          customerId,
          reply.channel,
          ...named,
        ])
      : [];
    if (!found)
      [found] = await rows<Row>(em, `${select} ORDER BY m.id DESC LIMIT 1`, [customerId, reply.channel]);
    if (!found) return null;
    return {
      messageId: Number(found.id),
      touchId: numOrNull(found.touch_id),
      ruleId: numOrNull(found.rule_id),
      about: found.name ?? '',
    };
  }

  private async replyTask(
    em: EntityManager,
    c: Customer,
    reply: InboundReply,
    answered: Answered | null,
    now: Date,
  ): Promise<void> {
    const settings = this.ownerSettings.get();
    const body = reply.text;
    const about = answered?.about ?? '';
    const assigneeId = this.assigner
      ? await this.assigner.assigneeFor({ id: c.id, accountOwnerId: c.accountOwnerId })
      : c.accountOwnerId;
    const texts = this.taskTexts
      ? await this.taskTexts.compose(
          `${reply.channel}_reply`,
          { customer: touchCustomerOf(c) },
          { comment: body, about },
        )
      : null;
    const own = texts?.[settings.defaultLocale] ?? (texts && Object.values(texts)[0]);
    await insertTasks(
      em,
      [
        {
          touchId: answered?.touchId ?? null,
          ruleId: answered?.ruleId ?? null,
          customerId: c.id,
          kind: 'reply',
          title: own?.title ?? `Reply from ${customerName(c)}`.slice(0, 300),
          reason: own?.reason ?? `They wrote: “${body.slice(0, 1000)}”`,
          talkingPoints: own?.talkingPoints ?? (about ? `In answer to: ${about}` : ''),
          texts: own ? texts : null,
          inbound:
            reply.channel === 'email'
              ? { channel: 'email', subject: (reply.subject ?? '').slice(0, 300) }
              : { channel: 'sms' },
          dueDay: localDate(now, settings.timezone),
          priority: 60,
          assigneeId,
        },
      ],
      now,
    );
  }
}

/** The timeline's line: an email's subject, then what they wrote. */
function summaryOf(reply: InboundReply): string {
  const subject = reply.subject?.trim();
  return subject ? `${subject}: ${reply.text}` : reply.text;
}
