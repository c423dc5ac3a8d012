import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { ChannelState, Dispatcher } from '@touchbase/messaging';
import { ContactEvent, Customer, OutboxMessage, Task } from '@touchbase/store';
import {
  http,
  signTwilioWebhook,
  startTestEngine,
  testDatabases,
  TestEngine,
  TwilioStub,
} from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

const PUBLIC = 'https://tb.example.test';

describe.each(testDatabases())('SMS dispatch and Twilio webhooks on $name', (db) => {
  let stub: TwilioStub;
  let engine: TestEngine;
  let dispatcher: Dispatcher;
  let composer: MessageComposer;

  /** POSTs a form like Twilio does, signed with the auth token (or a given signature). */
  async function webhook(path: string, params: Record<string, string>, signature?: string) {
    const sig = signature ?? signTwilioWebhook(stub.authToken, `${PUBLIC}${path}`, params);
    return http(`${engine.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig },
      body: new URLSearchParams(params).toString(),
    });
  }

  beforeAll(async () => {
    stub = await TwilioStub.start();
    engine = await startTestEngine(db, { env: { ...stub.env('+4930123456789'), PUBLIC_BASE_URL: PUBLIC } });
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

  async function sentSms(c: Customer) {
    const q = await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now());
    await dispatcher.dispatchDue(engine.clock.now());
    return reload(engine.ds, q.message);
  }

  it('sends through the twilio client in the customer’s language with a status callback', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now(), { firstName: 'Zofia', locale: 'pl' });
    const m = await sentSms(c);
    expect(m.status).toBe('sent');
    const [got] = stub.to(c.phone!);
    expect(got.body).toBe(
      'Wszystkiego najlepszego z okazji urodzin, Zofia! Serdeczne życzenia od zespołu Touchbase Demo Shop. Odpowiedz STOP, aby zrezygnować.',
    );
    expect(got.from).toBe('+4930123456789');
    expect(got.statusCallback).toBe(`${PUBLIC}/webhooks/twilio/status?outbox=${m.id}`);
    expect(m.providerId).toBe(got.sid);
    expect(m.providerId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id })).toEqual([
      expect.objectContaining({ kind: 'sms', direction: 'out', messageId: m.id }),
    ]);
  });

  it('retries 429 and 500, then sends once', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    stub.failFor(c.phone!, 429, 1);
    stub.failFor(c.phone!, 500, 1);
    let m = await sentSms(c);
    expect(m).toMatchObject({ status: 'queued', attempts: 1 });
    expect(m.lastError).toMatch(/Twilio 429/);
    engine.clock.set(m.nextAttemptAt);
    await dispatcher.dispatchDue(engine.clock.now());
    m = await reload(engine.ds, m);
    expect(m.lastError).toMatch(/Twilio 500/);
    engine.clock.set(m.nextAttemptAt);
    await dispatcher.dispatchDue(engine.clock.now());
    expect(await reload(engine.ds, m)).toMatchObject({ status: 'sent', attempts: 3 });
    expect(stub.to(c.phone!)).toHaveLength(1);
  });

  it('21610 fails at once and turns the customer’s SMS consent off', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    stub.failFor(c.phone!, 21610);
    const m = await sentSms(c);
    expect(m).toMatchObject({ status: 'failed', attempts: 1 });
    expect(m.lastError).toMatch(/21610/);
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).toMatchObject({
      smsConsent: false,
      smsConsentSource: 'twilio-21610',
    });
    engine.clock.advance(86_400_000);
    expect(await dispatcher.dispatchDue(engine.clock.now())).toMatchObject({ claimed: 0 });
    expect(stub.attempts.filter((t) => t === c.phone)).toHaveLength(1);
  });

  it.each([21211, 21614] as const)('%s fails at once and flags the phone number', async (code) => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    stub.failFor(c.phone!, code);
    const m = await sentSms(c);
    expect(m.status).toBe('failed');
    const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id });
    expect(after.phoneProblem).toContain(String(code));
    expect(after.smsConsent).toBe(true);
  });

  it('20003 (bad credentials) pauses the SMS channel without burning the attempt', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    stub.failFor(c.phone!, 20003, 1);
    const m = await sentSms(c);
    expect(m).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await engine.app.get(ChannelState).all()).find((s) => s.channel === 'sms')).toMatchObject({
      paused: true,
    });
  });

  describe('status callbacks', () => {
    it('rejects a bad signature with 403 and changes nothing', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const m = await sentSms(c);
      const params = { MessageSid: m.providerId!, MessageStatus: 'delivered', AccountSid: stub.accountSid };
      const forged = signTwilioWebhook('not-the-token', `${PUBLIC}/webhooks/twilio/status`, params);
      expect((await webhook('/webhooks/twilio/status', params, forged)).status).toBe(403);
      expect((await webhook('/webhooks/twilio/status', params, '')).status).toBe(403);
      // signed for other parameters
      const other = signTwilioWebhook(stub.authToken, `${PUBLIC}/webhooks/twilio/status`, {
        ...params,
        MessageStatus: 'sent',
      });
      expect((await webhook('/webhooks/twilio/status', params, other)).status).toBe(403);
      expect((await reload(engine.ds, m)).status).toBe('sent');
    });

    it('moves statuses only forward: a late "sent" never overwrites "delivered"', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const m = await sentSms(c);
      const base = { MessageSid: m.providerId!, AccountSid: stub.accountSid };
      expect((await webhook('/webhooks/twilio/status', { ...base, MessageStatus: 'delivered' })).status).toBe(
        204,
      );
      let now = await reload(engine.ds, m);
      expect(now.status).toBe('delivered');
      expect(now.deliveredAt!.getTime()).toBe(engine.clock.now().getTime());
      expect((await webhook('/webhooks/twilio/status', { ...base, MessageStatus: 'sent' })).status).toBe(204);
      expect(
        (
          await webhook('/webhooks/twilio/status', {
            ...base,
            MessageStatus: 'undelivered',
            ErrorCode: '30003',
          })
        ).status,
      ).toBe(204);
      now = await reload(engine.ds, m);
      expect(now.status).toBe('delivered');
    });

    it('marks undelivered with the error code, and processes a duplicate callback once', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const m = await sentSms(c);
      const params = {
        MessageSid: m.providerId!,
        MessageStatus: 'undelivered',
        ErrorCode: '30005',
        AccountSid: stub.accountSid,
      };
      await webhook('/webhooks/twilio/status', params);
      expect(await reload(engine.ds, m)).toMatchObject({
        status: 'undelivered',
        lastError: 'Twilio undelivered (error 30005)',
      });
      // replayed: the row is put back by hand, and the replay must not touch it
      await engine.ds.getRepository(OutboxMessage).update({ id: m.id }, { status: 'sent', lastError: null });
      expect((await webhook('/webhooks/twilio/status', params)).status).toBe(204);
      expect(await reload(engine.ds, m)).toMatchObject({ status: 'sent', lastError: null });
    });

    it('a failed status with error 21610 turns the customer’s SMS consent off', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const m = await sentSms(c);
      await webhook('/webhooks/twilio/status', {
        MessageSid: m.providerId!,
        MessageStatus: 'failed',
        ErrorCode: '21610',
        AccountSid: stub.accountSid,
      });
      expect(await reload(engine.ds, m)).toMatchObject({ status: 'failed' });
      expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).toMatchObject({
        smsConsent: false,
        smsConsentSource: 'twilio-21610',
      }); // recorded in the history like a 21610 on a send (one rule for both), once
      const optOuts = () =>
        engine.ds.getRepository(ContactEvent).countBy({ customerId: c.id, kind: 'opt_out' });
      expect(await optOuts()).toBe(1);
      await webhook('/webhooks/twilio/status', {
        MessageSid: m.providerId!,
        MessageStatus: 'undelivered',
        ErrorCode: '21610',
        AccountSid: stub.accountSid,
      });
      expect(await optOuts()).toBe(1);
    });
  });

  describe('inbound SMS', () => {
    const inbound = (
      from: string,
      body: string,
      sid = `SM${Math.random().toString(16).slice(2).padEnd(32, '0')}`,
    ) =>
      webhook('/webhooks/twilio/inbound', {
        MessageSid: sid,
        From: from,
        To: '+4930123456789',
        Body: body,
        AccountSid: stub.accountSid,
      });

    it.each(['STOP', ' stop ', 'Stopall', 'UNSUBSCRIBE', 'cancel', 'End', 'QUIT', 'revoke', 'OptOut'])(
      '"%s" opts out and cancels queued SMS',
      async (word) => {
        const c = await makeCustomer(engine.ds, engine.clock.now());
        const queued = await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now());
        const res = await inbound(c.phone!, word);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/xml/);
        expect(res.text).toContain('<Response></Response>');
        expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).toMatchObject({
          smsConsent: false,
        });
        expect(await reload(engine.ds, queued.message)).toMatchObject({ status: 'cancelled' });
        expect(
          await engine.ds.getRepository(ContactEvent).countBy({ customerId: c.id, kind: 'opt_out' }),
        ).toBe(1);
        await dispatcher.dispatchDue(engine.clock.now());
        expect(stub.to(c.phone!)).toHaveLength(0);
      },
    );

    it('START and UNSTOP opt back in; HELP answers with help; other text is a reply', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now(), { locale: 'de' });
      await inbound(c.phone!, 'STOP');
      await inbound(c.phone!, ' Start');
      expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).toMatchObject({
        smsConsent: true,
        smsConsentSource: 'sms-start',
      });
      await inbound(c.phone!, 'stop');
      await inbound(c.phone!, 'unstop');
      expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).smsConsent).toBe(true);
      const help = await inbound(c.phone!, 'help');
      expect(help.text).toMatch(
        /<Response><Message>Touchbase Demo Shop: persönliche Nachrichten .*STOP.*<\/Message><\/Response>/,
      );
      await inbound(c.phone!, 'Danke, bis Samstag!');
      const replies = await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id, kind: 'reply' });
      expect(replies).toEqual([expect.objectContaining({ direction: 'in', summary: 'Danke, bis Samstag!' })]);
    });

    it('a reply that is not a keyword becomes a reply task quoting it and the touch it answers', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now(), { firstName: 'Greta', lastName: 'Gast' });
      const queued = await queueTouch(engine.ds, composer, c, 'sms', engine.clock.now());
      await inbound(c.phone!, 'Thank you! Can you put one aside for me?');
      const [task] = await engine.ds.getRepository(Task).findBy({ customerId: c.id, kind: 'reply' });
      expect(task).toMatchObject({
        status: 'open',
        touchId: queued.touch.id,
        title: 'Reply from Greta Gast',
        reason: 'They wrote: “Thank you! Can you put one aside for me?”',
      });
      expect(task.texts?.de?.title).toBe('Antwort von Greta Gast');
      await inbound(c.phone!, 'STOP');
      expect(await engine.ds.getRepository(Task).countBy({ customerId: c.id, kind: 'reply' })).toBe(1);
    });

    it('handles a duplicate inbound message once, and refuses a bad signature', async () => {
      const c = await makeCustomer(engine.ds, engine.clock.now());
      const sid = 'SM' + 'ab'.repeat(16);
      await inbound(c.phone!, 'See you soon', sid);
      await inbound(c.phone!, 'See you soon', sid);
      expect(await engine.ds.getRepository(ContactEvent).countBy({ customerId: c.id, kind: 'reply' })).toBe(
        1,
      );
      const bad = await webhook(
        '/webhooks/twilio/inbound',
        { MessageSid: 'SM' + 'cd'.repeat(16), From: c.phone!, Body: 'STOP' },
        'bogus',
      );
      expect(bad.status).toBe(403);
      expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).smsConsent).toBe(true);
    });
  });
});
