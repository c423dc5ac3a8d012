import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { ChannelState, Dispatcher, MessageRetry } from '@touchbase/messaging';
import { Customer, OutboxMessage, Touch } from '@touchbase/store';
import { http, SmtpSink, startTestEngine, testDatabases, TestEngine, TwilioStub } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

const UNKNOWN_DELAY_S = 600;

/**
 * Sends whose outcome is unknown (see docs/delivery-guarantees.md): the real SMTP server drops
 * the connection after DATA, the Twilio stub accepts and then resets or hangs. Nothing is
 * resent blindly: an SMS is looked up in Twilio's message list first, an email is resent once
 * with the same Message-ID, then held.
 */
describe.each(testDatabases())('unknown send outcomes on $name', (db) => {
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
        TWILIO_TIMEOUT_MS: '700',
        DISPATCH_UNKNOWN_DELAY_SECONDS: String(UNKNOWN_DELAY_S),
        PUBLIC_BASE_URL: 'https://tb.example.test',
      },
    });
    stub.now = () => engine.clock.now();
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
    stub.maxPageSize = 1000;
    engine.clock.set('2026-06-15T10:00:00Z');
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ status: In(['queued', 'sending']) }, { status: 'cancelled', lastError: 'test isolation' });
    for (const c of ['email', 'sms']) await engine.app.get(ChannelState).resume(c);
  });

  async function dispatchAfterDelay() {
    engine.clock.advance(UNKNOWN_DELAY_S * 1000);
    return dispatcher.dispatchDue(engine.clock.now());
  }

  describe('email', () => {
    it('derives the Message-ID from the outbox id', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const { message } = await queueTouch(engine.ds, composer, c, 'email', engine.clock.now());
      expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
      const [mail] = sink.to(c.email!);
      expect(mail.messageId).toBe(`<touchbase.outbox.${message.id}@example.test>`);
      expect((await reload(engine.ds, message)).providerId).toBe(mail.messageId);
    });

    it('resends a message whose reply was lost after DATA once, after the delay, with the same Message-ID', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      sink.failFor(c.email!, { afterData: 'drop' }, 1);
      const { message, touch } = await queueTouch(engine.ds, composer, c, 'email', now);

      expect(await dispatcher.dispatchDue(now)).toMatchObject({ unknown: 1, retried: 0, sent: 0 });
      const waiting = await reload(engine.ds, message);
      expect(waiting).toMatchObject({ status: 'queued', unknownCount: 1, attempts: 1 });
      expect(waiting.unknownSince!.getTime()).toBe(now.getTime());
      expect(waiting.nextAttemptAt.getTime()).toBe(now.getTime() + UNKNOWN_DELAY_S * 1000);
      expect(waiting.lastError).toMatch(/^outcome unknown: SMTP connection error/);
      expect(sink.to(c.email!)).toHaveLength(1); // it did arrive; the client cannot know

      engine.clock.advance(UNKNOWN_DELAY_S * 1000 - 1000);
      expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ claimed: 0 });
      expect(await dispatchAfterDelay()).toMatchObject({ sent: 1 });
      const copies = sink.to(c.email!);
      expect(copies).toHaveLength(2);
      expect(new Set(copies.map((m) => m.messageId))).toEqual(
        new Set([`<touchbase.outbox.${message.id}@example.test>`]),
      );
      expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent', attempts: 2 });
      expect((await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).status).toBe('sent');
    });

    it('holds it for review when the resend is lost too, and never sends a third copy', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      sink.failFor(c.email!, { afterData: 'drop' }, 2);
      const { message, touch } = await queueTouch(engine.ds, composer, c, 'email', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ unknown: 1 });
      expect(await dispatchAfterDelay()).toMatchObject({ held: 1, unknown: 0 });
      const held = await reload(engine.ds, message);
      expect(held).toMatchObject({ status: 'held', unknownCount: 2, leaseOwner: null });
      expect(held.lastError).toMatch(/outcome unknown 2 time\(s\).*Held for review/);
      expect((await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).reason).toMatch(
        /^email held: outcome unknown/,
      );
      engine.clock.advance(7 * 24 * 3600_000);
      expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ claimed: 0 });
      expect(sink.to(c.email!)).toHaveLength(2);

      // the owner decides to send it again: one more copy, with the same Message-ID
      await engine.app.get(MessageRetry).retry(message.id);
      expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
      const copies = sink.to(c.email!);
      expect(copies).toHaveLength(3);
      expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
    });

    it('fails a 550 5.1.1 at RCPT at once and marks the address as bounced', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      sink.failFor(c.email!, 550);
      const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ failed: 1 });
      expect(await reload(engine.ds, message)).toMatchObject({ status: 'failed', unknownCount: 0 });
      const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id });
      expect(after.emailBouncedAt!.getTime()).toBe(now.getTime());
      expect(after.emailBounceReason).toMatch(/550.*5\.1\.1/);
    });

    it('remembers the bounce: the API shows it, later email to that address is not sent, a new address clears it', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      sink.failFor(c.email!, 550, 1);
      await queueTouch(engine.ds, composer, c, 'email', now);
      await dispatcher.dispatchDue(now);
      const owner = await engine.auth('owner');
      const shown = await http(`${engine.url}/api/customers/${c.id}`, { headers: owner });
      expect(shown.body).toMatchObject({ emailBouncedAt: now.toISOString() });
      expect(shown.body.emailBounceReason).toMatch(/5\.1\.1/);

      // a message queued before the bounce was known is not sent to the dead address
      const queued = await queueTouch(engine.ds, composer, c, 'email', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ cancelled: 1, sent: 0 });
      expect(await reload(engine.ds, queued.message)).toMatchObject({
        status: 'cancelled',
        lastError: 'email address bounced',
      });
      expect(sink.attempts.filter((a) => a === c.email)).toHaveLength(1);

      const changed = await http(`${engine.url}/api/customers/${c.id}`, {
        method: 'PATCH',
        headers: owner,
        json: { email: `new.${c.email}` },
      });
      expect(changed.status).toBe(200);
      const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id });
      expect(after).toMatchObject({ email: `new.${c.email}`, emailBouncedAt: null, emailBounceReason: null });
    });

    it('fails a 550 5.1.1 after DATA at once, marks the bounce, and the message did not arrive', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      sink.failFor(c.email!, { afterData: 550 });
      const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ failed: 1, unknown: 0 });
      expect((await reload(engine.ds, message)).lastError).toMatch(/SMTP 550/);
      expect(sink.to(c.email!)).toHaveLength(0);
      expect(
        (await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailBouncedAt,
      ).not.toBeNull();
    });

    it('retries a 451 after DATA as temporary (the server said it did not take it)', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      sink.failFor(c.email!, { afterData: 451 }, 1);
      const { message } = await queueTouch(engine.ds, composer, c, 'email', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ retried: 1, unknown: 0 });
      expect(await reload(engine.ds, message)).toMatchObject({ status: 'queued', unknownCount: 0 });
      engine.clock.set((await reload(engine.ds, message)).nextAttemptAt);
      expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
      expect(sink.to(c.email!)).toHaveLength(1);
      expect(
        (await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailBouncedAt,
      ).toBeNull();
    });
  });

  describe('SMS', () => {
    it('adopts the SID Twilio lists after an accept-then-reset, and sends nothing again', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      stub.failFor(c.phone!, 'accept-then-reset', 1);
      const { message, touch } = await queueTouch(engine.ds, composer, c, 'sms', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ unknown: 1 });
      expect(await reload(engine.ds, message)).toMatchObject({ status: 'queued', unknownCount: 1 });
      expect(stub.to(c.phone!)).toHaveLength(1);
      expect(stub.listRequests).toEqual([]);

      expect(await dispatchAfterDelay()).toMatchObject({ sent: 1 });
      expect(stub.to(c.phone!)).toHaveLength(1); // looked, found, adopted: no second SMS
      expect(stub.listRequests).toHaveLength(1);
      const q = new URLSearchParams(stub.listRequests[0]);
      expect(q.get('To')).toBe(c.phone);
      expect(q.get('From')).toBe('+4930123456789');
      expect(q.get('DateSent>')).toBe('2026-06-15T00:00:00Z');
      const sent = await reload(engine.ds, message);
      expect(sent).toMatchObject({ status: 'sent', providerId: stub.to(c.phone!)[0].sid });
      expect(stub.to(c.phone!)[0].statusCallback).toBe(
        `https://tb.example.test/webhooks/twilio/status?outbox=${message.id}`,
      );
      expect((await engine.ds.getRepository(Touch).findOneByOrFail({ id: touch.id })).status).toBe('sent');
    });

    it('adopts the SID after an accept-then-hang (the client timed out)', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      stub.failFor(c.phone!, 'accept-then-hang', 1);
      const { message } = await queueTouch(engine.ds, composer, c, 'sms', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ unknown: 1 });
      expect((await reload(engine.ds, message)).lastError).toMatch(
        /outcome unknown: Twilio connection error/,
      );
      expect(await dispatchAfterDelay()).toMatchObject({ sent: 1 });
      expect(stub.to(c.phone!)).toHaveLength(1);
      expect((await reload(engine.ds, message)).providerId).toBe(stub.to(c.phone!)[0].sid);
    });

    it('finds the earlier attempt on a later page of the list', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      stub.failFor(c.phone!, 'accept-then-reset', 1);
      const { message } = await queueTouch(engine.ds, composer, c, 'sms', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ unknown: 1 });
      // five newer messages to the same number come before it in the list (newest first)
      for (let i = 0; i < 5; i++) {
        engine.clock.advance(1000);
        await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now(), 'back_in_stock');
        await dispatcher.dispatchDue(engine.clock.now());
      }
      stub.maxPageSize = 2;
      expect(await dispatchAfterDelay()).toMatchObject({ sent: 1 });
      expect(stub.listRequests.length).toBeGreaterThanOrEqual(3);
      expect(stub.listRequests.some((r) => new URLSearchParams(r).get('PageToken'))).toBe(true);
      expect(stub.to(c.phone!).filter((m) => m.body === message.text)).toHaveLength(1);
      expect((await reload(engine.ds, message)).providerId).toBe(
        stub.to(c.phone!).find((m) => m.body === message.text)!.sid,
      );
    });

    it('sends again when the list shows nothing (a 502 from a gateway that never reached Twilio)', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      stub.failFor(c.phone!, 502, 1);
      const { message } = await queueTouch(engine.ds, composer, c, 'sms', now);
      expect(await dispatcher.dispatchDue(now)).toMatchObject({ unknown: 1 });
      expect(stub.to(c.phone!)).toHaveLength(0);
      expect(await dispatchAfterDelay()).toMatchObject({ sent: 1 });
      expect(stub.listRequests).toHaveLength(1);
      expect(stub.to(c.phone!)).toHaveLength(1);
      expect(await reload(engine.ds, message)).toMatchObject({ status: 'sent', attempts: 2 });
    });

    it('resends nothing while Twilio cannot be asked', async () => {
      const now = engine.clock.now();
      const c = await makeCustomer(engine.ds, now);
      stub.failFor(c.phone!, 'accept-then-reset', 1);
      const { message } = await queueTouch(engine.ds, composer, c, 'sms', now);
      await dispatcher.dispatchDue(now);
      stub.failList(1);
      expect(await dispatchAfterDelay()).toMatchObject({ sent: 0, retried: 1 });
      const waiting = await reload(engine.ds, message);
      expect(waiting).toMatchObject({ status: 'queued', unknownCount: 1 });
      expect(waiting.lastError).toMatch(/could not look for an earlier attempt/);
      expect(stub.to(c.phone!)).toHaveLength(1);
      engine.clock.set(waiting.nextAttemptAt);
      expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ sent: 1 });
      expect(stub.to(c.phone!)).toHaveLength(1);
    });
  });
});
