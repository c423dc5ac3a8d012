import { Global, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import {
  ComposedMessage,
  FixedClock,
  MessageComposer,
  TaskAssigner,
  TemplateMissingError,
  TouchContext,
  UserRole,
} from '@touchbase/core';
import {
  Customer,
  type DatabaseSettings,
  Product,
  RestockEvent,
  Rule,
  WaitlistEntry,
} from '@touchbase/store';
import { AppModule } from '../../apps/engine/src/app.module';
import { configureApp } from '../../apps/engine/src/bootstrap';
import { TestDatabase } from './databases';
import { testConfig } from './config';
import { createUserWithToken, TestEngine, TestEngineOptions } from './engine';

/** A composer for rule tests: renders "<template> for <first name>"; keys in `missing` have no template. */
export class RecordingComposer extends MessageComposer {
  readonly calls: Array<{ templateKey: string; channel: string; ctx: TouchContext }> = [];
  readonly missing = new Set<string>();

  async compose(templateKey: string, channel: 'email' | 'sms', ctx: TouchContext): Promise<ComposedMessage> {
    this.calls.push({ templateKey, channel, ctx });
    if (this.missing.has(templateKey)) throw new TemplateMissingError(templateKey, channel);
    const recipient = channel === 'email' ? ctx.customer.email : ctx.customer.phone;
    const text = `${templateKey} for ${ctx.customer.firstName}`;
    return {
      recipient: recipient ?? '',
      locale: ctx.customer.locale ?? 'en',
      subject: channel === 'email' ? text : '',
      html: `<p>${text}</p>`,
      text,
    };
  }
}

/** Tasks go to the customer's account owner, else to `fallbackUserId`. */
export class SimpleAssigner extends TaskAssigner {
  fallbackUserId: number | null = null;
  async assigneeFor(customer: { id: number; accountOwnerId: number | null }): Promise<number | null> {
    return customer.accountOwnerId ?? this.fallbackUserId;
  }
}

/**
 * A real engine (as startTestEngine) whose MessageComposer and TaskAssigner are the test ones
 * above, whether or not the messaging/staff areas provide real ones (`real: true` keeps theirs).
 */
export async function startRulesEngine(
  db: TestDatabase,
  /** `reuse`: start on a database made (and filled) beforehand, e.g. to test start-up. */
  opts: TestEngineOptions & { real?: boolean; reuse?: DatabaseSettings } = {},
): Promise<TestEngine & { composer: RecordingComposer; assigner: SimpleAssigner }> {
  const composer = new RecordingComposer();
  const assigner = new SimpleAssigner();
  @Global()
  @Module({
    providers: [
      { provide: MessageComposer, useValue: composer },
      { provide: TaskAssigner, useValue: assigner },
    ],
    exports: [MessageComposer, TaskAssigner],
  })
  class RulesTestPortsModule {}

  const settings = opts.reuse ?? (await db.create());
  const config = testConfig(settings, {
    ENGINE_ROLES: 'api',
    CONTACT_BUDGET_MAX: '100',
    ...(opts.env ?? {}),
  });
  const clock = new FixedClock(opts.at ?? '2026-06-15T10:00:00Z');
  let builder = Test.createTestingModule({
    imports: opts.real
      ? [AppModule.forRoot(config, clock)]
      : [AppModule.forRoot(config, clock), RulesTestPortsModule],
  });
  if (!opts.real)
    builder = builder
      .overrideProvider(MessageComposer)
      .useValue(composer)
      .overrideProvider(TaskAssigner)
      .useValue(assigner);
  for (const [token, value] of opts.overrides ?? [])
    builder = builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureApp(app as INestApplication, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const ds = app.get(DataSource);
  const tokens = new Map<UserRole, string>();
  return {
    app,
    config,
    clock,
    ds,
    url,
    composer,
    assigner,
    async auth(role) {
      if (!tokens.has(role))
        tokens.set(role, await createUserWithToken(ds, role, clock.now()).then((r) => r.token));
      return { authorization: `Bearer ${tokens.get(role)}` };
    },
    async close() {
      await app.close();
      await db.drop(settings);
    },
  };
}

/** Empties what rule tests write, so each test starts from a clean ledger. */
export async function resetRulesData(ds: DataSource): Promise<void> {
  for (const table of [
    'outbox_messages',
    'tasks',
    'touches',
    'contact_events',
    'waitlist_entries',
    'restock_events',
    'orders',
    'customer_spend',
    'products',
    'rules',
    'customers',
    'engine_state',
  ])
    await ds.query(`DELETE FROM ${table}`);
}

let seq = 0;

export async function makeCustomer(ds: DataSource, at: Date, c: Partial<Customer> = {}): Promise<Customer> {
  seq++;
  const repo = ds.getRepository(Customer);
  const md =
    c.birthdayMonth && c.birthdayDay
      ? `${String(c.birthdayMonth).padStart(2, '0')}-${String(c.birthdayDay).padStart(2, '0')}`
      : null;
  return repo.save(
    repo.create({
      externalId: `c-${seq}-${Math.random().toString(36).slice(2, 8)}`,
      firstName: `Ann${seq}`,
      lastName: 'Tester',
      email: `ann${seq}@example.test`,
      phone: `+49151${String(1000000 + seq).padStart(8, '0')}`,
      emailConsent: true,
      smsConsent: true,
      preferredChannels: 'email,sms',
      timezone: 'Europe/Berlin',
      locale: 'en',
      tags: [],
      birthdayMd: md,
      createdAt: at,
      updatedAt: at,
      ...c,
    }),
  );
}

export async function makeRule(
  ds: DataSource,
  at: Date,
  r: Partial<Rule> & Pick<Rule, 'kind'>,
): Promise<Rule> {
  const repo = ds.getRepository(Rule);
  return repo.save(
    repo.create({
      name: `${r.kind} ${++seq}`,
      params: {},
      channel: 'email',
      templateKey: r.kind,
      audience: {},
      priority: 0,
      transactional: false,
      gracePeriodMinutes: 1440,
      holdoutPercent: 0,
      enabled: true,
      createdAt: at,
      updatedAt: at,
      ...r,
    }),
  );
}

export { makeOrder } from './orders';

export async function makeProduct(ds: DataSource, at: Date, p: Partial<Product> = {}): Promise<Product> {
  const repo = ds.getRepository(Product);
  return repo.save(
    repo.create({
      sku: `sku-${++seq}`,
      name: `Product ${seq}`,
      stock: 0,
      createdAt: at,
      updatedAt: at,
      ...p,
    }),
  );
}

export async function makeRestock(
  ds: DataSource,
  productId: number,
  units: number,
  at: Date,
): Promise<RestockEvent> {
  const repo = ds.getRepository(RestockEvent);
  return repo.save(
    repo.create({
      productId,
      previousStock: 0,
      newStock: units,
      source: 'api',
      occurredAt: at,
      processedAt: null,
    }),
  );
}

export async function joinWaitlist(
  ds: DataSource,
  customerId: number,
  productId: number,
  at: Date,
): Promise<WaitlistEntry> {
  const repo = ds.getRepository(WaitlistEntry);
  return repo.save(repo.create({ customerId, productId, joinedAt: at, status: 'waiting' }));
}

/** The ledger as plain rows for assertions. */
export async function ledger(ds: DataSource): Promise<
  Array<{
    id: number;
    rule_id: number;
    customer_id: number;
    occasion_key: string;
    status: string;
    reason: string;
    channel: string | null;
    due_at: number;
    message_id: number | null;
    task_id: number | null;
  }>
> {
  const rows = await ds.query('SELECT * FROM touches ORDER BY id');
  return rows.map((r: Record<string, unknown>) => ({
    ...r,
    id: Number(r.id),
    rule_id: Number(r.rule_id),
    customer_id: Number(r.customer_id),
    due_at: Number(r.due_at),
    message_id: r.message_id == null ? null : Number(r.message_id),
    task_id: r.task_id == null ? null : Number(r.task_id),
  }));
}
