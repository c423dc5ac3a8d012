import { MessageComposer } from '@touchbase/core';
import { SmtpSink, startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

// The timer runs only with ENGINE_ROLES including `dispatcher`, and only calls dispatchDue(clock.now()).
describe.each(testDatabases().slice(0, 1))('the dispatch loop on $name', (db) => {
  let sink: SmtpSink;
  let engine: TestEngine;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    engine = await startTestEngine(db, {
      env: {
        ENGINE_ROLES: 'api,dispatcher',
        DISPATCH_INTERVAL_MS: '100',
        SMTP_URL: sink.url,
        SMTP_FROM: 'shop@example.test',
      },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
  });

  it('sends a queued message on its own', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    const { message } = await queueTouch(
      engine.ds,
      engine.app.get(MessageComposer),
      c,
      'email',
      engine.clock.now(),
    );
    await sink.waitFor(1, 10_000);
    for (let i = 0; i < 50 && (await reload(engine.ds, message)).status !== 'sent'; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent' });
    expect(sink.to(c.email!)).toHaveLength(1);
  });
});
