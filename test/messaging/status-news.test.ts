import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { ChannelState, Dispatcher } from '@touchbase/messaging';
import { EarlyStatus, OutboxMessage, SettingsService } from '@touchbase/store';
import { startTestEngine, TestEngine, testDatabases, TwilioStub } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

/**
 * Status callbacks in any order (see docs/delivery-guarantees.md#status-news): the Twilio stub
 * sends signed callbacks to the engine's real HTTP endpoint before it answers the create
 * request, twice, or out of order; the message ends in the furthest state, once.
 */
describe.each(testDatabases())('SMS status news in any order on $name', (db) => {
  let stub: TwilioStub;
  let engine: TestEngine;
  let dispatcher: Dispatcher;
  let composer: MessageComposer;

  beforeAll(async () => {
    stub = await TwilioStub.start();
    engine = await startTestEngine(db, { env: { ...stub.env('+4930123456789') } });
    // the callbacks go to this engine: its own URL is the public base URL
    await engine.app
      .get(SettingsService)
      .update({ publicBaseUrl: engine.url }, { userId: null, name: 'test' });
    dispatcher = engine.app.get(Dispatcher);
    composer = engine.app.get(MessageComposer);
  });
  afterAll(async () => {
    await engine?.close();
    await stub?.close();
  });
  beforeEach(async () => {
    stub.reset();
    engine.clock.set('2026-06-15T10:00:00Z');
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ status: In(['queued', 'sending']) }, { status: 'cancelled', lastError: 'test isolation' });
    await engine.app.get(ChannelState).resume('sms');
  });

  it('keeps a delivered callback that arrives before the SID is recorded, and applies it then', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    stub.callbackEarly(c.phone!, ['sent', 'delivered']);
    const { message } = await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now());
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
    const m = await reload(engine.ds, message);
    expect(m).toMatchObject({ status: 'delivered', providerId: stub.to(c.phone!)[0].sid });
    expect(m.deliveredAt!.getTime()).toBe(engine.clock.now().getTime());
    expect(await engine.ds.getRepository(EarlyStatus).count()).toBe(0);
  });

  it('applies a duplicate early callback once and never moves a status back', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    stub.callbackEarly(c.phone!, ['delivered', 'delivered', 'sent']);
    const { message } = await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now());
    await dispatcher.dispatchDue(engine.clock.now());
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'delivered' });
    // a late 'sent' and a repeated 'delivered' after the send is recorded change nothing
    const [msg] = stub.to(c.phone!);
    expect(await stub.sendStatus(msg, 'sent')).toBe(204);
    expect(await stub.sendStatus(msg, 'delivered')).toBe(204);
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'delivered' });
  });

  it('applies news for a recorded message at once (by SID), in the order it moves forward', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    const { message } = await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now());
    await dispatcher.dispatchDue(engine.clock.now());
    const [msg] = stub.to(c.phone!);
    expect(await stub.sendStatus(msg, 'undelivered', { ErrorCode: '30003' })).toBe(204);
    expect(await stub.sendStatus(msg, 'sent')).toBe(204);
    const m = await reload(engine.ds, message);
    expect(m.status).toBe('undelivered');
    expect(m.lastError).toBe('Twilio undelivered (error 30003)');
  });
});
