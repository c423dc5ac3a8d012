import { MessageComposer } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { OutboxMessage } from '@touchbase/store';
import { http, SmtpSink, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

describe.each(testDatabases())('retrying a failed message on $name', (db) => {
  let sink: SmtpSink;
  let engine: TestEngine;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { SMTP_URL: sink.url, SMTP_FROM: 'Demo Shop <shop@example.test>' },
    });
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
  });

  it('puts a failed message back in the outbox once, and the next dispatch delivers it', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now, { firstName: 'Renate', locale: 'de' });
    const { message } = await queueTouch(engine.ds, engine.app.get(MessageComposer), c, 'email', now);
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ id: message.id }, { status: 'failed', attempts: 8, lastError: '550 mailbox full' });
    const owner = await engine.auth('owner');

    const staff = await http(`${engine.url}/api/messages/${message.id}/retry`, {
      method: 'POST',
      headers: await engine.auth('staff'),
    });
    expect(staff.status).toBe(403);

    const r = await http(`${engine.url}/api/messages/${message.id}/retry`, {
      method: 'POST',
      headers: owner,
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: message.id, status: 'queued' });
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'queued', attempts: 0 });

    const again = await http(`${engine.url}/api/messages/${message.id}/retry`, {
      method: 'POST',
      headers: owner,
    });
    expect(again.status).toBe(409);
    expect(
      (await http(`${engine.url}/api/messages/999999/retry`, { method: 'POST', headers: owner })).status,
    ).toBe(404);

    const summary = await engine.app.get(Dispatcher).dispatchDue(engine.clock.now());
    expect(summary.sent).toBe(1);
    expect(sink.to(c.email!)).toHaveLength(1);
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});
