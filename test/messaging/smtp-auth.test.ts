import { MessageComposer } from '@touchbase/core';
import { ChannelState, Dispatcher } from '@touchbase/messaging';
import { SmtpSink, startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

// A real AUTH failure (wrong SMTP password), not an injected code: the channel pauses.
describe.each(testDatabases().slice(0, 1))('SMTP with wrong credentials on $name', (db) => {
  let sink: SmtpSink;
  let engine: TestEngine;

  beforeAll(async () => {
    sink = await SmtpSink.start({ auth: { user: 'shop', pass: 'right-password' } });
    engine = await startTestEngine(db, {
      env: { SMTP_URL: sink.url.replace('right-password', 'wrong-password'), SMTP_FROM: 'shop@example.test' },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
  });

  it('pauses email, keeps the message queued with its attempt given back, and sends nothing', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const { message } = await queueTouch(engine.ds, engine.app.get(MessageComposer), c, 'email', now);
    const summary = await engine.app.get(Dispatcher).dispatchDue(now);
    expect(summary).toMatchObject({ sent: 0, released: 1, pausedChannels: ['email'] });
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(sink.accepted).toBe(0);
    const email = (await engine.app.get(ChannelState).all()).find((s) => s.channel === 'email');
    expect(email).toMatchObject({
      paused: true,
      reason: expect.stringMatching(/SMTP authentication failed/),
    });
  });
});
