import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, invalidField, NotFound } from '@touchbase/core';
import { ContactEvent, Customer } from '@touchbase/store';
import { Principal } from './principal';

/** What staff log by hand on a customer's page: a call they had, or a note. */
export const LOGGED_CONTACT_KINDS = ['call', 'note'] as const;
export type LoggedContactKind = (typeof LOGGED_CONTACT_KINDS)[number];

/** The longest summary kept (the same bound as a task outcome's note). */
export const MAX_LOG_SUMMARY = 2000;

/**
 * Logs a call or a note without making a task: one contact event by the signed-in user. A logged
 * call is a real contact, so "no contact for D days" (top_customer_checkin) starts again from it.
 */
@Injectable()
export class ContactLogService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async log(
    caller: Pick<Principal, 'id'>,
    input: { customerId: number; kind: string; summary: string },
  ): Promise<ContactEvent> {
    if (!(LOGGED_CONTACT_KINDS as readonly string[]).includes(input.kind))
      throw invalidField('kind', `must be one of ${LOGGED_CONTACT_KINDS.join(', ')}`);
    const summary = String(input.summary ?? '').trim();
    if (input.kind === 'note' && !summary) throw invalidField('summary', 'a note needs a text');
    if ([...summary].length > MAX_LOG_SUMMARY)
      throw invalidField('summary', `is longer than ${MAX_LOG_SUMMARY} characters`);
    return this.ds.transaction(async (m) => {
      const c = await m.findOne(Customer, {
        select: { id: true, erasedAt: true },
        where: { id: input.customerId },
      });
      if (!c || c.erasedAt) throw new NotFound(`no customer with id ${input.customerId}`);
      const event = m.create(ContactEvent, {
        customerId: c.id,
        occurredAt: this.clock.now(),
        direction: 'out',
        kind: input.kind,
        summary,
        touchId: null,
        messageId: null,
        taskId: null,
        userId: caller.id,
      });
      return m.save(event);
    });
  }
}
