import { In } from 'typeorm';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FixedClock, Telemetry } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { TickService } from '@touchbase/rules';
import { Customer, OutboxMessage, PromTelemetry, Touch } from '@touchbase/store';
import {
  openTestDataSource,
  describeOnPostgres,
  SmtpSink,
  testConfig,
  TwilioStub,
} from '@touchbase/test-kit';
import { AppModule } from '../../apps/engine/src/app.module';
import { duplicates, DUE_NOW_ENV, outboxCounts, seedBirthdays } from './scale-seed';

/**
 * Providers misbehaving under load, three dispatchers on one PostgreSQL database: the SMTP sink
 * answers 421 to a share of recipients and drops the connection on others, the Twilio stub
 * answers 429 and 500; a few recipients fail for good. Everything ends delivered or failed
 * with a reason, and the counts reconcile exactly. The engines run in this process with fixed
 * clocks moved forward between dispatch rounds, so retries after backoff take no real time.
 */
const OCCASIONS = 600;
const MAX_ATTEMPTS = 4;
const T0 = Date.parse('2026-06-15T10:00:00Z');
const HOUR = 3_600_000;

interface Engine {
  app: INestApplication;
  clock: FixedClock;
  dispatcher: Dispatcher;
}

describeOnPostgres('dispatch under provider faults', (pg) => {
  jest.setTimeout(120_000);
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let sink: SmtpSink;
  let stub: TwilioStub;
  const engines: Engine[] = [];

  beforeAll(async () => {
    store = await openTestDataSource(pg);
    [sink, stub] = await Promise.all([SmtpSink.start(), TwilioStub.start()]);
  });
  afterAll(async () => {
    for (const e of engines) await e.app.close();
    await Promise.all([sink?.close(), stub?.close()]);
    await store?.close();
  });

  async function startEngine(): Promise<Engine> {
    const config = testConfig(store.settings, {
      ENGINE_ROLES: 'api',
      ...DUE_NOW_ENV,
      SMTP_URL: sink.url,
      SMTP_FROM: 'Shop <shop@example.test>',
      ...stub.env(),
      DISPATCH_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
      DISPATCH_BATCH_SIZE: '50',
      DISPATCH_CONCURRENCY: '10',
    });
    const clock = new FixedClock(new Date(T0));
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(config, clock)],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error'] });
    await app.init();
    return { app, clock, dispatcher: app.get(Dispatcher) };
  }

  it('ends with every message delivered or failed with a reason; the counts reconcile', async () => {
    const seeded = await seedBirthdays(store.ds, OCCASIONS, new Date(T0));
    const [e0, e1, e2] = seeded.emails;
    const [p0, p1] = seeded.phones;
    // Recipients that fail for good go first (the first matching fault rule answers).
    sink.failFor(e0, 550);
    sink.failFor(e1, 421); // never gets through: given up after MAX_ATTEMPTS
    sink.failFor(e2, 'drop', 2); // dropped twice, then accepted …
    sink.acceptFor(e2); // … for sure: the share rules below must not use up its last attempts
    sink.failShare(1 / 7, 421);
    sink.failShare(1 / 11, 'drop');
    stub.failFor(p0, 21211);
    stub.failFor(p1, 21610);
    stub.failShare(1 / 6, 429);
    stub.failShare(1 / 10, 500);

    engines.push(...(await Promise.all([startEngine(), startEngine(), startEngine()])));
    const tick = await engines[0].app.get(TickService).tick(new Date(T0));
    expect(tick.touchCount).toBe(OCCASIONS);
    expect(await outboxCounts(store.ds)).toEqual({ queued: OCCASIONS });

    // Dispatch rounds, all three at once; between rounds the clocks move past the backoff.
    let rounds = 0;
    for (; rounds < 2 * MAX_ATTEMPTS + 2; rounds++) {
      for (const e of engines) e.clock.set(new Date(T0 + rounds * HOUR));
      await Promise.all(engines.map((e) => e.dispatcher.dispatchDue(e.clock.now())));
      const c = await outboxCounts(store.ds);
      if (!c.queued && !c.sending) break;
    }

    const counts = await outboxCounts(store.ds);
    const pending = (counts.queued ?? 0) + (counts.sending ?? 0);
    expect(counts.sent + counts.failed + pending).toBe(OCCASIONS);
    expect(pending).toBe(0);
    expect(rounds).toBeGreaterThan(1); // there were retries to do

    // What the database calls sent is exactly what arrived, once each.
    const outbox = store.ds.getRepository(OutboxMessage);
    const sent = await outbox.findBy({ status: 'sent' });
    const sentEmails = sent.filter((m) => m.channel === 'email').map((m) => m.recipient);
    const sentSms = sent.filter((m) => m.channel === 'sms').map((m) => m.recipient);
    const arrivedEmails = sink.messages.flatMap((m) => m.to);
    const arrivedSms = stub.messages.map((m) => m.to);
    expect(duplicates(arrivedEmails)).toEqual([]);
    expect(duplicates(arrivedSms)).toEqual([]);
    expect(new Set(arrivedEmails)).toEqual(new Set(sentEmails));
    expect(new Set(arrivedSms)).toEqual(new Set(sentSms));
    expect(sink.accepted).toBe(sentEmails.length);
    expect(stub.accepted).toBe(sentSms.length);
    expect(sink.attempts.length).toBeGreaterThan(sink.accepted + 40); // the faults really happened
    expect(stub.attempts.length).toBeGreaterThan(stub.accepted + 40);
    expect(sent.filter((m) => m.attempts > 1).length).toBeGreaterThan(60); // … and were retried
    expect(sentEmails).toContain(e2);

    // Each failure says why, on the message and on its touch: the four that fail for good, and
    // the few that met a temporary fault on every one of their MAX_ATTEMPTS tries.
    const failed = await outbox.findBy({ status: 'failed' });
    const why = Object.fromEntries(failed.map((m) => [m.recipient, m.lastError]));
    expect(why[e0]).toMatch(/550/);
    expect(why[e1]).toMatch(new RegExp(`gave up after ${MAX_ATTEMPTS} attempts.*421`));
    expect(why[p0]).toMatch(/21211/);
    expect(why[p1]).toMatch(/21610/);
    const others = failed.filter((m) => ![e0, e1, p0, p1].includes(m.recipient));
    expect(others.length).toBeLessThan(OCCASIONS / 50);
    for (const m of others) {
      expect(m.attempts).toBe(MAX_ATTEMPTS);
      expect(m.lastError).toMatch(
        new RegExp(
          `^gave up after ${MAX_ATTEMPTS} attempts: (SMTP 421|SMTP connection error|Twilio (429|500))`,
        ),
      );
    }
    const touches = await store.ds.getRepository(Touch).findBy({ id: In(failed.map((m) => m.touchId!)) });
    for (const t of touches) expect(t.reason).toMatch(/failed/);
    const customers = store.ds.getRepository(Customer);
    expect((await customers.findOneByOrFail({ phone: p0 })).phoneProblem).toMatch(/21211/);
    expect((await customers.findOneByOrFail({ phone: p1 })).smsConsent).toBe(false);

    // The three instances' counters add up to the same story.
    const scrape = await Promise.all(engines.map((e) => (e.app.get(Telemetry) as PromTelemetry).scrape()));
    const total = (re: RegExp) =>
      scrape.reduce((n, s) => n + [...s.body.matchAll(re)].reduce((a, m) => a + Number(m[1]), 0), 0);
    expect(total(/^touchbase_messages_total\{channel="\w+",status="sent"\} (\d+)$/gm)).toBe(counts.sent);
    expect(total(/^touchbase_messages_total\{channel="\w+",status="failed"\} (\d+)$/gm)).toBe(counts.failed);
    expect(total(/^touchbase_message_retries_total\{channel="\w+"\} (\d+)$/gm)).toBe(
      sent.reduce((n, m) => n + m.attempts - 1, 0) + failed.reduce((n, m) => n + m.attempts - 1, 0),
    );
  });
});
