import { DataSource } from 'typeorm';
import type { ParsedMail } from 'mailparser';
import { MessageComposer, TouchContext } from '@touchbase/core';
import { Customer, OutboxMessage, Rule, Touch, touchCustomerOf } from '@touchbase/store';

/** The test kit's one customer factory (test/kit/rules-fixtures.ts). */
export { makeCustomer } from '@touchbase/test-kit';

/** Numbers the touches queueTouch makes (their occasion keys). */
let seq = 0;

export function touchContext(c: Customer, extra: Partial<TouchContext> = {}): TouchContext {
  return {
    customer: touchCustomerOf(c),
    ...extra,
  };
}

/**
 * What the rule engine does for a touch: a touch row and its outbox row, composed with the
 * engine's MessageComposer, due at `now`.
 */
export async function queueTouch(
  ds: DataSource,
  composer: MessageComposer,
  customer: Customer,
  channel: 'email' | 'sms',
  now: Date,
  templateKey = 'birthday',
  extra: Partial<TouchContext> = {},
): Promise<{ message: OutboxMessage; touch: Touch }> {
  const rules = ds.getRepository(Rule);
  const rule =
    (await rules.findOneBy({ kind: templateKey, channel })) ??
    (await rules.save(
      rules.create({
        name: `${templateKey} ${channel}`,
        kind: templateKey,
        params: {},
        channel,
        templateKey,
        audience: {},
        createdAt: now,
        updatedAt: now,
      }),
    ));
  const touch = await ds.getRepository(Touch).save(
    ds.getRepository(Touch).create({
      ruleId: rule.id,
      customerId: customer.id,
      occasionKey: `test:${++seq}`,
      dueAt: now,
      status: 'queued',
      channel,
      createdAt: now,
      updatedAt: now,
    }),
  );
  const m = await composer.compose(
    templateKey,
    channel,
    touchContext(customer, {
      rule: { id: rule.id, name: rule.name, kind: rule.kind },
      touchId: touch.id,
      ...extra,
    }),
  );
  const repo = ds.getRepository(OutboxMessage);
  const message = await repo.save(
    repo.create({
      touchId: touch.id,
      customerId: customer.id,
      channel,
      purpose: 'touch',
      recipient: m.recipient,
      locale: m.locale,
      subject: m.subject,
      html: m.html,
      text: m.text,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    }),
  );
  await ds.getRepository(Touch).update({ id: touch.id }, { messageId: message.id });
  return { message, touch };
}

export async function reload(ds: DataSource, m: { id: number }): Promise<OutboxMessage> {
  return ds.getRepository(OutboxMessage).findOneByOrFail({ id: m.id });
}

/** A header's value exactly as sent (unfolded), e.g. List-Unsubscribe. */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line
    ?.slice(line.indexOf(':') + 1)
    .replace(/\r?\n\s+/g, ' ')
    .trim();
}
