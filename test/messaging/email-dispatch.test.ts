import { MessageComposer } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { ContactEvent, Touch } from '@touchbase/store';
import { SmtpSink, startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, rawHeader, reload } from './helpers';

describe.each(testDatabases())('email dispatch on $name', (db) => {
  let sink: SmtpSink;
  let engine: TestEngine;
  let dispatcher: Dispatcher;
  let composer: MessageComposer;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { SMTP_URL: sink.url, SMTP_FROM: 'Demo Shop <shop@example.test>', PUBLIC_BASE_URL: 'https://tb.example.test' },
    });
    dispatcher = engine.app.get(Dispatcher);
    composer = engine.app.get(MessageComposer);
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
  });
  beforeEach(() => sink.reset());

  it('sends in the customer’s language with a text part and RFC 8058 unsubscribe headers, and records it', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now, { firstName: 'Jürgen', locale: 'de' });
    const { message, touch } = await queueTouch(engine.ds, composer, c, 'email', now);
    const summary = await dispatcher.dispatchDue(now);
    expect(summary.sent).toBe(1);
    const [mail] = sink.to(c.email!);
    expect(mail.subject).toBe('Alles Gute zum Geburtstag, Jürgen!');
    expect(mail.text).toContain('wünscht Ihnen alles Gute zum Geburtstag');
    expect(mail.html).toContain('Hallo Jürgen');
    const lu = rawHeader(mail, 'list-unsubscribe');
    expect(lu).toMatch(/^<https:\/\/tb\.example\.test\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>, <mailto:shop@example\.test\?subject=unsubscribe%20\d+>$/);
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /<(https:[^>]+)>/.exec(lu)![1];
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);

    const sent = await reload(engine.ds, message);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, leaseOwner: null });
    expect(sent.providerId).toBeTruthy();
    expect(sent.sentAt!.getTime()).toBe(now.getTime());
    expect((await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).status).toBe('sent');
    const events = await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id });
    expect(events).toEqual([expect.objectContaining({ kind: 'email', direction: 'out', messageId: message.id, touchId: touch.id })]);
  });
});
