import { MessageComposer } from '@touchbase/core';
import { In } from 'typeorm';
import { ChannelState, Dispatcher, OutboxStore, UnsubscribeLinks } from '@touchbase/messaging';
import { ContactEvent, Customer, OutboxMessage, Touch } from '@touchbase/store';
import { http, SmtpSink, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';
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
      env: {
        SMTP_URL: sink.url,
        SMTP_FROM: 'Demo Shop <shop@example.test>',
        PUBLIC_BASE_URL: 'https://tb.example.test',
      },
    });
    dispatcher = engine.app.get(Dispatcher);
    composer = engine.app.get(MessageComposer);
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
  });
  beforeEach(async () => {
    // each test starts at 10:00 UTC (daytime in Berlin) with an empty queue and no fault plan
    sink.reset();
    engine.clock.set('2026-06-15T10:00:00Z');
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ status: In(['queued', 'sending']) }, { status: 'cancelled', lastError: 'test isolation' });
    await engine.app.get(ChannelState).resume('email');
  });

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
    expect(lu).toMatch(
      /^<https:\/\/tb\.example\.test\/u\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+>, <mailto:shop@example\.test\?subject=unsubscribe%20\d+>$/,
    );
    expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /<(https:[^>]+)>/.exec(lu!)![1];
    expect(mail.text).toContain(link);
    expect(mail.html).toContain(`href="${link}"`);

    const sent = await reload(engine.ds, message);
    expect(sent).toMatchObject({ status: 'sent', attempts: 1, leaseOwner: null });
    expect(sent.providerId).toBeTruthy();
    expect(sent.sentAt!.getTime()).toBe(now.getTime());
    expect((await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).status).toBe('sent');
    const events = await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id });
    expect(events).toEqual([
      expect.objectContaining({ kind: 'email', direction: 'out', messageId: message.id, touchId: touch.id }),
    ]);
  });

  it('sends a batch over the pool’s few kept connections, each message once (SMTP_URL keeps the pool settings)', async () => {
    const now = engine.clock.now();
    const queued: OutboxMessage[] = [];
    for (let i = 0; i < 30; i++) {
      const c = await makeCustomer(engine.ds, now);
      queued.push((await queueTouch(engine.ds, composer, c, 'email', now)).message);
    }
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 30, retried: 0, unknown: 0 });
    expect(sink.accepted).toBe(30);
    // nodemailer drops every option beside a `url`: unpooled, this was one connection per message
    expect(sink.connections).toBeLessThanOrEqual(engine.config.smtp!.poolSize);
    const rows = await engine.ds.getRepository(OutboxMessage).findBy({ id: In(queued.map((m) => m.id)) });
    expect(rows.map((r) => r.status)).toEqual(Array(30).fill('sent'));
    for (const m of queued)
      expect(sink.withMessageId(rows.find((r) => r.id === m.id)!.providerId!)).toHaveLength(1);
  });

  it('retries a 4xx with backoff, then delivers exactly one message', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    sink.failFor(c.email!, 421, 1);
    const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await reload(engine.ds, message);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1 });
    expect(waiting.lastError).toContain('421');
    const delay = waiting.nextAttemptAt.getTime() - now.getTime();
    expect(delay).toBeGreaterThanOrEqual(30_000);
    expect(delay).toBeLessThanOrEqual(60_000);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ claimed: 0 });
    engine.clock.advance(61_000);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
    expect(sink.to(c.email!)).toHaveLength(1);
    expect(sink.attempts.filter((a) => a === c.email)).toHaveLength(2);
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('treats a dropped connection as temporary: retried, then delivered once', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    sink.failFor(c.email!, 'drop', 1);
    const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ retried: 1 });
    const waiting = await reload(engine.ds, message);
    expect(waiting.lastError).toMatch(/SMTP connection error/);
    engine.clock.set(waiting.nextAttemptAt);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
    expect(sink.to(c.email!)).toHaveLength(1);
  });

  it('fails a 5xx at once with the reason, and never retries it', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    sink.failFor(c.email!, 550);
    const { message, touch } = await queueTouch(engine.ds, composer, c, 'email', now);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ failed: 1 });
    const failed = await reload(engine.ds, message);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toMatch(/SMTP 550/);
    engine.clock.advance(24 * 3600_000);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ claimed: 0 });
    expect(sink.attempts.filter((a) => a === c.email)).toHaveLength(1);
    expect((await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).reason).toMatch(
      /email failed: SMTP 550/,
    );
  });

  it('gives up after DISPATCH_MAX_ATTEMPTS temporary failures', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    sink.failFor(c.email!, 451);
    const { message } = await queueTouch(engine.ds, composer, c, 'email', engine.clock.now());
    for (let i = 0; i < 30 && (await reload(engine.ds, message)).status === 'queued'; i++) {
      engine.clock.set((await reload(engine.ds, message)).nextAttemptAt);
      await dispatcher.dispatchDue(engine.clock.now());
    }
    const m = await reload(engine.ds, message);
    expect(sink.attempts.filter((a) => a === c.email)).toHaveLength(engine.config.dispatch.maxAttempts);
    expect(m).toMatchObject({ status: 'failed', attempts: engine.config.dispatch.maxAttempts });
    expect(m.lastError).toMatch(/gave up after \d+ attempts/);
  });

  it('pauses the channel on an authentication error without burning attempts, and resumes on request', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const d = await makeCustomer(engine.ds, now);
    sink.failFor(c.email!, 535, 1);
    sink.failFor(d.email!, 535, 1);
    const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
    const second = await queueTouch(engine.ds, composer, d, 'email', now);
    const summary = await dispatcher.dispatchDue(now);
    expect(summary.pausedChannels).toEqual(['email']);
    expect(summary.sent).toBe(0);
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(await reload(engine.ds, second.message)).toMatchObject({ status: 'queued', attempts: 0 });
    const owner = await engine.auth('owner');
    const channels = await http(`${engine.url}/api/channels`, { headers: owner });
    expect(channels.body).toContainEqual(
      expect.objectContaining({
        channel: 'email',
        paused: true,
        reason: expect.stringMatching(/authentication/i),
      }),
    );
    // paused: later runs leave the channel alone
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ claimed: 0 });
    const resumed = await http(`${engine.url}/api/channels/email/resume`, { method: 'POST', headers: owner });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ channel: 'email', paused: false });
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 2 });
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('does not send when the customer opted out after the message was queued', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const { message, touch } = await queueTouch(engine.ds, composer, c, 'email', now);
    await engine.ds
      .getRepository(Customer)
      .update({ id: c.id }, { emailConsent: false, emailConsentSource: 'api' });
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ cancelled: 1, sent: 0 });
    const m = await reload(engine.ds, message);
    expect(m.status).toBe('cancelled');
    expect(m.lastError).toMatch(/no email consent/);
    expect(sink.attempts).toHaveLength(0);
    expect(await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).toMatchObject({
      status: 'cancelled',
    });
  });

  it('sends a message once after a worker died between claim and send (lease expiry)', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
    const store = engine.app.get(OutboxStore, { strict: false });
    const claimed = await store.claim(now, 10, 'dead-worker', engine.config.dispatch.leaseSeconds * 1000, []);
    expect(claimed.map((m) => m.id)).toContain(message.id);
    // the "dead" worker never sends; a live dispatcher must not take the row while the lease holds
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ claimed: 0 });
    engine.clock.advance(engine.config.dispatch.leaseSeconds * 1000 - 1);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ claimed: 0 });
    engine.clock.advance(1);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
    expect(sink.to(c.email!)).toHaveLength(1);
    expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it.each([
    ['Pacific/Kiritimati', 'UTC+14, midnight', '2026-06-15T18:00:00.000Z'],
    ['Pacific/Pago_Pago', 'UTC−11, 23:00 the day before', '2026-06-15T19:00:00.000Z'],
  ])('waits for 08:00 local in %s (%s) when due in quiet hours', async (timezone, _why, expected) => {
    engine.clock.set('2026-06-15T10:00:00Z');
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now, { timezone });
    const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
    expect(await dispatcher.dispatchDue(now)).toMatchObject({ deferred: 1, sent: 0 });
    const m = await reload(engine.ds, message);
    expect(m).toMatchObject({ status: 'queued', attempts: 0 });
    expect(m.nextAttemptAt.toISOString()).toBe(expected);
    engine.clock.set(expected);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
  });

  describe('unsubscribe link', () => {
    it('GET only asks; POST (one-click) unsubscribes, records it and cancels queued email', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now, { locale: 'pl' });
      await queueTouch(engine.ds, composer, c, 'email', now);
      await dispatcher.dispatchDue(now);
      const link = /<(https:[^>]+)>/.exec(rawHeader(sink.to(c.email!)[0], 'list-unsubscribe')!)![1];
      const local = link.replace('https://tb.example.test', engine.url);
      const queued = await queueTouch(engine.ds, composer, c, 'email', now);

      const page = await http(local);
      expect(page.status).toBe(200);
      expect(page.text).toContain('<form method="post"');
      expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailConsent).toBe(true);

      const post = await http(local, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      });
      expect(post.status).toBe(200);
      expect(post.text).toContain('Wypisano Cię');
      const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id });
      expect(after).toMatchObject({ emailConsent: false, emailConsentSource: 'unsubscribe-link' });
      expect(after.emailConsentAt!.getTime()).toBe(now.getTime());
      const events = await engine.ds
        .getRepository(ContactEvent)
        .findBy({ customerId: c.id, kind: 'opt_out' });
      expect(events).toHaveLength(1);
      expect(await reload(engine.ds, queued.message)).toMatchObject({ status: 'cancelled' });

      // a second click is harmless: same page, no second event
      expect((await http(local, { method: 'POST' })).status).toBe(200);
      expect(await engine.ds.getRepository(ContactEvent).countBy({ customerId: c.id, kind: 'opt_out' })).toBe(
        1,
      );
    });

    it('a second visit says "already unsubscribed" and offers a confirmed way back in, recorded', async () => {
      engine.clock.set('2026-06-15T11:00:00Z');
      const c = await makeCustomer(engine.ds, engine.clock.now(), { locale: 'de' });
      const local = `${engine.url}/u/${engine.app.get(UnsubscribeLinks).token(c.id, 'email')}`;
      expect((await http(local, { method: 'POST' })).text).toContain('Sie sind abgemeldet');

      engine.clock.set('2026-06-16T08:30:00Z');
      const again = await http(local);
      expect(again.status).toBe(200);
      expect(again.text).toContain('Sie sind bereits abgemeldet');
      expect(again.text).not.toContain('Ja, abmelden');
      const action = /<form method="post" action="([^"]+)">/.exec(again.text)![1];
      expect(action).toMatch(/^\/u\/[^/]+\/resubscribe$/);
      // the GET itself changes nothing
      expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailConsent).toBe(
        false,
      );

      const back = await http(`${engine.url}${action}`, { method: 'POST' });
      expect(back.status).toBe(200);
      expect(back.text).toContain('Willkommen zurück');
      const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id });
      expect(after).toMatchObject({ emailConsent: true, emailConsentSource: 'unsubscribe-page' });
      expect(after.emailConsentAt!.toISOString()).toBe('2026-06-16T08:30:00.000Z');
      expect((await http(`${engine.url}${action}`, { method: 'POST' })).status).toBe(200);
      const ins = await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id, kind: 'opt_in' });
      expect(ins).toHaveLength(1);
      expect(ins[0].summary).toBe('Email: opted back in (unsubscribe-page)');
      // subscribed again: the page asks again
      expect((await http(local)).text).toContain('Ja, abmelden');
    });

    it('rejects a tampered token with a 400 page that reveals nothing', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const token = engine.app.get(UnsubscribeLinks).token(c.id, 'email');
      const [payload, mac] = token.split('.');
      const other = Buffer.from(
        Buffer.from(payload, 'base64url')
          .toString()
          .replace(`:${c.id}`, `:${c.id + 1}`),
      ).toString('base64url');
      const garbage = await http(`${engine.url}/u/garbage`);
      for (const bad of [`${other}.${mac}`, `${payload}.${mac.slice(0, -3)}xyz`]) {
        const get = await http(`${engine.url}/u/${bad}`);
        const post = await http(`${engine.url}/u/${bad}`, { method: 'POST' });
        const back = await http(`${engine.url}/u/${bad}/resubscribe`, { method: 'POST' });
        expect(get.status).toBe(400);
        expect(post.status).toBe(400);
        expect(back.status).toBe(400);
        expect(get.text).toBe(garbage.text);
        // the same page as for garbage (a digit match on the id would hit the page's CSS)
        expect(post.text).toBe(garbage.text);
        expect(back.text).toBe(garbage.text);
        expect(post.text).not.toMatch(new RegExp(`${c.email}|signature|expired`));
      }
      expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailConsent).toBe(true);
    });
  });
});
