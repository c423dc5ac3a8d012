import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { Dispatcher, PreferencesService } from '@touchbase/messaging';
import { Customer, OutboxMessage, Touch } from '@touchbase/store';
import { SmtpSink, startTestEngine, testDatabases, TestEngine, TwilioStub } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

/**
 * The dispatcher re-checks the customer's preference scope just before sending, as it re-checks
 * consent (docs/delivery.md#the-preference-centre): a message queued before the customer chose
 * "only birthday and personal" or "nothing" does not go out when the choice excludes it, even
 * when the change did not cancel it (here: written straight to the row, as an import or a second
 * instance racing the tick may; or the message was claimed by a worker that died).
 */
describe.each(testDatabases())('preference scope at send time on $name', (db) => {
  let sink: SmtpSink;
  let stub: TwilioStub;
  let engine: TestEngine;
  let dispatcher: Dispatcher;
  let composer: MessageComposer;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    stub = await TwilioStub.start();
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { SMTP_URL: sink.url, SMTP_FROM: 'Shop <shop@example.test>', ...stub.env('+4930123456789') },
    });
    dispatcher = engine.app.get(Dispatcher);
    composer = engine.app.get(MessageComposer);
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
    await stub?.close();
  });
  beforeEach(async () => {
    sink.reset();
    stub.reset();
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ status: In(['queued', 'sending']) }, { status: 'cancelled', lastError: 'test isolation' });
  });

  const touchOf = (id: number) => engine.ds.getRepository(Touch).findOneByOrFail({ id });

  it('email narrowed to personal after queueing: the restock note is cancelled with its reason, the birthday email goes out', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const restock = await queueTouch(engine.ds, composer, c, 'email', now, 'back_in_stock', {
      product: { id: 1, sku: 'VASE', name: 'Vase', url: null },
    });
    const birthday = await queueTouch(engine.ds, composer, c, 'email', now, 'birthday');
    await engine.ds.getRepository(Customer).update({ id: c.id }, { emailScope: 'personal' });

    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 1, cancelled: 1 });
    const cancelled = await reload(engine.ds, restock.message);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.lastError).toBe(
      'customer wants only personal messages by email (changed after queueing)',
    );
    expect(await touchOf(restock.touch.id)).toMatchObject({
      status: 'cancelled',
      reason: expect.stringContaining('customer wants only personal messages by email') as unknown,
    });
    expect((await reload(engine.ds, birthday.message)).status).toBe('sent');
    expect(sink.to(c.email!)).toHaveLength(1);
    expect(sink.to(c.email!)[0].subject).toContain('birthday');
  });

  it('the scope is per channel: SMS narrowed to personal stops the restock SMS, the email scope still allows email', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const product = { id: 1, sku: 'VASE', name: 'Vase', url: null };
    const sms = await queueTouch(engine.ds, composer, c, 'sms', now, 'back_in_stock', { product });
    const email = await queueTouch(engine.ds, composer, c, 'email', now, 'back_in_stock', { product });
    await engine.ds.getRepository(Customer).update({ id: c.id }, { smsScope: 'personal' });

    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 1, cancelled: 1 });
    expect(await reload(engine.ds, sms.message)).toMatchObject({
      status: 'cancelled',
      lastError: 'customer wants only personal messages by SMS (changed after queueing)',
    });
    expect(stub.to(c.phone!)).toHaveLength(0);
    expect((await reload(engine.ds, email.message)).status).toBe('sent');
  });

  it('a message claimed before the customer chose "nothing" in the preference centre is cancelled when it is sent again', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const { message } = await queueTouch(engine.ds, composer, c, 'email', now, 'birthday');
    // a worker claimed it and died: the preference centre's cancelQueued does not see 'sending' rows
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ id: message.id }, { status: 'sending', leaseOwner: 'dead', leaseUntil: now });
    await engine.app.get(PreferencesService).apply(c.id, { email: 'none' });
    expect((await reload(engine.ds, message)).status).toBe('sending');

    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 0, cancelled: 1 });
    expect(await reload(engine.ds, message)).toMatchObject({
      status: 'cancelled',
      lastError: 'no email consent (withdrawn after queueing)',
    });
    expect(sink.attempts).toHaveLength(0);
  });

  it('"only personal" keeps a staff reply to the customer’s own SMS', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now, { smsScope: 'personal' });
    const reply = await engine.ds.getRepository(OutboxMessage).save({
      customerId: c.id,
      channel: 'sms',
      purpose: 'reply',
      recipient: c.phone!,
      text: 'Yes, we open at 9 tomorrow.',
      status: 'queued',
      nextAttemptAt: now,
      createdAt: now,
    });
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 1, cancelled: 0 });
    expect((await reload(engine.ds, reply)).status).toBe('sent');
    expect(stub.to(c.phone!).map((m) => m.body)).toEqual(['Yes, we open at 9 tomorrow.']);
  });
});
