import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, NotFound } from '@touchbase/core';
import { outboxFileName } from '@touchbase/messaging';
import {
  cancelMessagesOf,
  ContactEvent,
  Customer,
  eraseMessagesOf,
  eraseTasksOf,
  Order,
  OutboxMessage,
  skipTasksOf,
  Suppression,
  SurveyResponse,
  Task,
  Touch,
  WaitlistEntry,
  isPostgres,
  TierChange,
} from '@touchbase/store';
import { suppressionHashes } from './suppression';

export interface CustomerExport {
  exportedAt: string;
  customer: Customer;
  orders: Order[];
  waitlist: WaitlistEntry[];
  contactHistory: ContactEvent[];
  touches: Touch[];
  messages: OutboxMessage[];
  tasks: Task[];
  surveyResponses: SurveyResponse[];
  tierChanges: TierChange[];
}

export interface EraseResult {
  customerId: number;
  erasedAt: string;
  suppressionHashes: number;
  cancelledMessages: number;
}

/** What an erasure leaves to do after its transaction commits (see GdprService.removeCopies). */
export class ErasedCopies {
  /** The erased customers' outbox messages: their file-outbox copies go. */
  readonly outboxIds: number[] = [];
  customers = 0;
}

/** GDPR: export everything held about one customer; erase their personal data. */
@Injectable()
export class GdprService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async export(customerId: number): Promise<CustomerExport> {
    const m = this.ds.manager;
    const customer = await m.getRepository(Customer).findOne({ where: { id: customerId } });
    if (!customer) throw new NotFound(`no customer with id ${customerId}`);
    const byCustomer = { where: { customerId }, order: { id: 'ASC' as const } };
    return {
      exportedAt: this.clock.now().toISOString(),
      customer,
      orders: await m.getRepository(Order).find(byCustomer),
      waitlist: await m.getRepository(WaitlistEntry).find(byCustomer),
      contactHistory: await m.getRepository(ContactEvent).find(byCustomer),
      touches: await m.getRepository(Touch).find(byCustomer),
      messages: await m.getRepository(OutboxMessage).find(byCustomer),
      tasks: await m.getRepository(Task).find(byCustomer),
      surveyResponses: await m.getRepository(SurveyResponse).find(byCustomer),
      tierChanges: await m.getRepository(TierChange).find(byCustomer),
    };
  }

  /**
   * Removes the customer's personal data in one transaction: names, email, phone, birthday, notes,
   * tags, external id, consent; message recipients and bodies; contact-history summaries; task
   * texts; survey comments; waitlist places. Queued messages are cancelled. Orders (amounts,
   * SKUs) and the touch ledger stay, no longer linked to a person, so no occasion fires twice.
   * Keyed hashes of the email and phone are kept so an import cannot re-subscribe them.
   * After the commit, the file outbox's copies go and SQLite's write-ahead log is emptied
   * (see docs/ingest.md#gdpr-erasure). Every path (CLI, API, web, a shop's privacy webhook)
   * erases through here or through `eraseIn` + `removeCopies`.
   */
  async erase(customerId: number): Promise<EraseResult> {
    const copies = new ErasedCopies();
    const result = await this.ds.transaction((m) => this.eraseIn(m, customerId, copies));
    await this.removeCopies(copies);
    return result;
  }

  /**
   * After the transaction that called `eraseIn` has committed: deletes the embedded file
   * outbox's files of the erased customers' messages and checkpoints SQLite's WAL.
   */
  async removeCopies(copies: ErasedCopies): Promise<void> {
    if (!copies.customers) return;
    const files = copies.outboxIds.flatMap((id) => [
      path.join(this.config.outboxDir, 'email', outboxFileName(id, 'eml')),
      path.join(this.config.outboxDir, 'sms', outboxFileName(id, 'json')),
    ]);
    for (let i = 0; i < files.length; i += 100)
      await Promise.all(files.slice(i, i + 100).map((f) => fs.rm(f, { force: true })));
    copies.outboxIds.length = 0;
    copies.customers = 0;
    // secure_delete zeroes the freed bytes in the database file; the WAL still holds the pages as
    // they were until a checkpoint copies them back and TRUNCATE empties it.
    if (!isPostgres(this.ds)) await this.ds.query('PRAGMA wal_checkpoint(TRUNCATE)');
  }

  /**
   * The erasure in the caller's transaction (e.g. a shop's privacy webhook with its receipt).
   * `copies` collects what only the caller can remove once its transaction has committed: pass
   * it to `removeCopies` then.
   */
  async eraseIn(m: EntityManager, customerId: number, copies: ErasedCopies): Promise<EraseResult> {
    const now = this.clock.now();
    const customer = await m.getRepository(Customer).findOne({ where: { id: customerId } });
    if (!customer) throw new NotFound(`no customer with id ${customerId}`);
    const messages = await m
      .getRepository(OutboxMessage)
      .find({ select: { id: true }, where: { customerId } });
    copies.outboxIds.push(...messages.map((o) => o.id));
    copies.customers++;
    const hashes = suppressionHashes(this.config.secret, customer);
    for (const hash of hashes) {
      if (!(await m.getRepository(Suppression).exists({ where: { hash } })))
        await m.getRepository(Suppression).insert({ hash, reason: 'erased', createdAt: now });
    }
    const cancelled = await cancelMessagesOf(m, customerId, 'customer erased (GDPR)', now);
    await eraseMessagesOf(m, customerId);
    await m.getRepository(ContactEvent).update({ customerId }, { summary: '' });
    await eraseTasksOf(m, customerId);
    await skipTasksOf(m, customerId, 'customer erased (GDPR)', now);
    await m.getRepository(SurveyResponse).update({ customerId }, { comment: '' });
    await m.getRepository(WaitlistEntry).delete({ customerId });
    await m.getRepository(TierChange).delete({ customerId });
    await m.getRepository(Customer).update(
      { id: customerId },
      {
        externalId: null,
        firstName: '',
        lastName: '',
        email: null,
        phone: null,
        phoneProblem: null,
        street: null,
        postcode: null,
        city: null,
        country: null,
        birthdayYear: null,
        birthdayMonth: null,
        birthdayDay: null,
        birthdayMd: null,
        timezone: null,
        locale: null,
        notes: '',
        tags: [],
        emailConsent: false,
        emailConsentAt: now,
        emailConsentSource: 'erased',
        smsConsent: false,
        smsConsentAt: now,
        smsConsentSource: 'erased',
        accountOwnerId: null,
        tierId: null,
        tierManual: false,
        erasedAt: now,
        updatedAt: now,
      },
    );
    return {
      customerId,
      erasedAt: now.toISOString(),
      suppressionHashes: hashes.length,
      cancelledMessages: cancelled,
    };
  }
}
