import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { ReportService } from '@touchbase/insights';
import { ChannelState, Dispatcher, MessageRetry } from '@touchbase/messaging';
import { Customer, OutboxMessage, SettingsService, Touch } from '@touchbase/store';
import { SmtpSink, startTestEngine, TestEngine, testDatabases, TwilioStub } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

const UNKNOWN_DELAY_S = 600;

/**
 * A touch follows its message to the end (see docs/delivery-guarantees.md#the-touch-follows-its-message):
 * sent, delivered, failed, cancelled, held — through the real SMTP server and the Twilio stub —
 * and the report counts each where it belongs (a failed message is not pending).
 */
describe.each(testDatabases())('a touch follows its message on $name', (db) => {
  let sink: SmtpSink;
  let stub: TwilioStub;
  let engine: TestEngine;
  let dispatcher: Dispatcher;
  let composer: MessageComposer;

  beforeAll(async () => {
    [sink, stub] = await Promise.all([SmtpSink.start(), TwilioStub.start()]);
    engine = await startTestEngine(db, {
      env: {
        SMTP_URL: sink.url,
        SMTP_FROM: 'Demo Shop <shop@example.test>',
        ...stub.env('+4930123456789'),
        DISPATCH_UNKNOWN_DELAY_SECONDS: String(UNKNOWN_DELAY_S),
      },
    });
    // the status callbacks go to this engine: its own URL is the public base URL
    await engine.app
      .get(SettingsService)
      .update({ publicBaseUrl: engine.url }, { userId: null, name: 'test' });
    dispatcher = engine.app.get(Dispatcher);
    composer = engine.app.get(MessageComposer);
  });
  afterAll(async () => {
    await engine?.close();
    await Promise.all([sink?.close(), stub?.close()]);
  });
  beforeEach(async () => {
    sink.reset();
    stub.reset();
    engine.clock.set('2026-06-15T10:00:00Z');
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ status: In(['queued', 'sending']) }, { status: 'cancelled', lastError: 'test isolation' });
    for (const c of ['email', 'sms']) await engine.app.get(ChannelState).resume(c);
  });

  const touchStatus = async (id: number) =>
    (await engine.ds.getRepository(Touch).findOneByOrFail({ id })).status;

  it('email: sent when SMTP accepts it, failed on a 550 5.1.1, never left queued', async () => {
    const now = engine.clock.now();
    const ok = await makeCustomer(engine.ds, now);
    const dead = await makeCustomer(engine.ds, now);
    sink.failFor(dead.email!, 550);
    const a = await queueTouch(engine.ds, composer, ok, 'email', now);
    const b = await queueTouch(engine.ds, composer, dead, 'email', now);
    expect(await touchStatus(a.touch.id)).toBe('queued');
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 1, failed: 1 });
    expect(await touchStatus(a.touch.id)).toBe('sent');
    const failed = await engine.ds.getRepository(Touch).findOneByOrFail({ id: b.touch.id });
    expect(failed.status).toBe('failed');
    expect(failed.reason).toMatch(/^email failed: .*550/);
  });

  it('SMS: delivered and undelivered callbacks move the touch to delivered and failed', async () => {
    const now = engine.clock.now();
    const c1 = await makeCustomer(engine.ds, now);
    const c2 = await makeCustomer(engine.ds, now);
    const a = await queueTouch(engine.ds, composer, c1, 'sms', now);
    const b = await queueTouch(engine.ds, composer, c2, 'sms', now);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 2 });
    expect(await touchStatus(a.touch.id)).toBe('sent');
    expect(await stub.sendStatus(stub.to(c1.phone!)[0], 'delivered')).toBeLessThan(300);
    expect(await stub.sendStatus(stub.to(c2.phone!)[0], 'undelivered', { ErrorCode: '30003' })).toBeLessThan(
      300,
    );
    expect(await touchStatus(a.touch.id)).toBe('delivered');
    expect(await touchStatus(b.touch.id)).toBe('failed');
    // a late `sent` moves nothing back
    expect(await stub.sendStatus(stub.to(c1.phone!)[0], 'sent')).toBeLessThan(300);
    expect(await touchStatus(a.touch.id)).toBe('delivered');
  });

  it('SMS: a delivered callback that arrives before the SID is recorded still reaches the touch', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    stub.callbackEarly(c.phone!, ['sent', 'delivered']);
    const { touch } = await queueTouch(engine.ds, composer, c, 'sms', now);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 1 });
    expect(await touchStatus(touch.id)).toBe('delivered');
  });

  it('cancelled when the customer opted out after it was queued; held, then queued again by the owner', async () => {
    const now = engine.clock.now();
    const quitter = await makeCustomer(engine.ds, now);
    const unlucky = await makeCustomer(engine.ds, now);
    const optedOut = await queueTouch(engine.ds, composer, quitter, 'email', now);
    await engine.ds.getRepository(Customer).update({ id: quitter.id }, { emailConsent: false });
    sink.failFor(unlucky.email!, { afterData: 'drop' }, 2);
    const lost = await queueTouch(engine.ds, composer, unlucky, 'email', now);

    expect(await dispatcher.dispatchDue(now)).toMatchObject({ cancelled: 1, unknown: 1 });
    expect(await touchStatus(optedOut.touch.id)).toBe('cancelled');
    expect(await touchStatus(lost.touch.id)).toBe('queued'); // resent once, later
    engine.clock.advance(UNKNOWN_DELAY_S * 1000);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ held: 1 });
    expect(await touchStatus(lost.touch.id)).toBe('held');

    await engine.app.get(MessageRetry).retry(lost.message.id);
    expect(await touchStatus(lost.touch.id)).toBe('queued');
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
    expect(await touchStatus(lost.touch.id)).toBe('sent');
    expect((await reload(engine.ds, lost.message)).status).toBe('sent');
  });

  it('the report counts sent, failed, cancelled and pending apart', async () => {
    engine.clock.set('2027-02-10T10:00:00Z');
    const now = engine.clock.now();
    const people = await Promise.all([0, 1, 2, 3].map(() => makeCustomer(engine.ds, now)));
    sink.failFor(people[1].email!, 550);
    for (const p of people) await queueTouch(engine.ds, composer, p, 'email', now);
    await engine.ds.getRepository(Customer).update({ id: people[2].id }, { emailConsent: false });
    const waiting = await queueTouch(engine.ds, composer, people[3], 'email', now);
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ id: waiting.message.id }, { nextAttemptAt: new Date(now.getTime() + 86_400_000) });
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 2, failed: 1, cancelled: 1 });

    const report = await engine.app.get(ReportService).report({
      from: new Date('2027-02-10T00:00:00Z'),
      to: new Date('2027-02-11T00:00:00Z'),
    });
    const email = report.channels.find((c) => c.channel === 'email');
    // five touches: two sent, one failed, one cancelled (opt-out), one still waiting
    expect(email).toMatchObject({ touches: 4, pending: 1, failed: 1, cancelled: 1, delivered: 2, held: 0 });
  });
});
