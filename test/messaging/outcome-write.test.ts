import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { OutboxStore, type Outcome } from '@touchbase/messaging';
import { ContactEvent, EarlyStatus, OutboxMessage, Touch } from '@touchbase/store';
import { startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, reload } from './helpers';

/**
 * One outcome write group, as the dispatcher hands it to OutboxStore.apply: sent messages are
 * recorded together (on PostgreSQL in one prepared statement; see
 * docs/delivery.md#the-outbox-and-the-dispatcher) beside the other outcomes, and each still gets
 * its status, provider id, contact-history event, touch status and early status news, while a
 * message whose lease another dispatcher took over is left alone.
 */
describe.each(testDatabases())('an outcome write group on $name', (db) => {
  let engine: TestEngine;
  let outbox: OutboxStore;
  let composer: MessageComposer;
  const owner = 'test-owner';

  beforeAll(async () => {
    engine = await startTestEngine(db);
    outbox = engine.app.get(OutboxStore);
    composer = engine.app.get(MessageComposer);
    engine.clock.set('2026-06-15T10:00:00Z');
  });
  afterAll(async () => {
    await engine?.close();
  });

  it('records sent, early news, cancelled and a lost lease in one group, each as alone', async () => {
    const now = engine.clock.now();
    const queued: Array<Awaited<ReturnType<typeof queueTouch>>> = [];
    for (const channel of ['sms', 'sms', 'email', 'sms', 'email'] as const) {
      const c = await makeCustomer(engine.ds, now);
      queued.push(await queueTouch(engine.ds, composer, c, channel, now));
    }
    const [early, long, email, lost, cancelled] = queued;
    const longText = 'Ä'.repeat(150) + 'b'.repeat(150);
    await engine.ds.getRepository(OutboxMessage).update({ id: long.message.id }, { text: longText });
    await engine.ds.getRepository(EarlyStatus).insert({
      providerId: 'SM-early',
      outboxId: null,
      status: 'delivered',
      errorCode: null,
      receivedAt: now,
    });
    const claimed = await outbox.claim(now, 10, owner, 60_000, []);
    const byId = new Map(claimed.map((m) => [m.id, m]));
    expect(byId.size).toBe(5);
    // another dispatcher took this one over (its lease expired)
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ id: lost.message.id }, { leaseOwner: 'someone-else' });
    const msg = (q: (typeof queued)[number]) => byId.get(q.message.id)!;
    const outcomes: Outcome[] = [
      { kind: 'sent', msg: msg(early), providerId: 'SM-early' },
      { kind: 'sent', msg: msg(long), providerId: 'SM-long' },
      { kind: 'sent', msg: msg(email), providerId: '<email@example.test>' },
      { kind: 'sent', msg: msg(lost), providerId: 'SM-lost' },
      { kind: 'cancelled', msg: msg(cancelled), reason: 'no email consent (withdrawn after queueing)' },
    ];
    await outbox.apply(outcomes, now, owner);

    expect(await reload(engine.ds, early.message)).toMatchObject({
      status: 'delivered',
      providerId: 'SM-early',
      leaseOwner: null,
    });
    expect(await reload(engine.ds, long.message)).toMatchObject({ status: 'sent', providerId: 'SM-long' });
    const sentEmail = await reload(engine.ds, email.message);
    expect(sentEmail).toMatchObject({ status: 'sent', leaseOwner: null, lastError: null });
    expect(sentEmail.sentAt!.getTime()).toBe(now.getTime());
    expect(await reload(engine.ds, lost.message)).toMatchObject({
      status: 'sending',
      providerId: null,
      leaseOwner: 'someone-else',
    });
    expect(await reload(engine.ds, cancelled.message)).toMatchObject({ status: 'cancelled' });
    expect(await engine.ds.getRepository(EarlyStatus).count()).toBe(0);

    const touches = new Map(
      (await engine.ds.getRepository(Touch).findBy({ id: In(queued.map((q) => q.touch.id)) })).map((t) => [
        t.id,
        t,
      ]),
    );
    expect(touches.get(early.touch.id)!.status).toBe('delivered');
    expect(touches.get(long.touch.id)!.status).toBe('sent');
    expect(touches.get(email.touch.id)!.status).toBe('sent');
    expect(touches.get(lost.touch.id)!.status).toBe('queued');
    expect(touches.get(cancelled.touch.id)).toMatchObject({
      status: 'cancelled',
      reason: 'not sent: no email consent (withdrawn after queueing)',
    });

    const events = await engine.ds
      .getRepository(ContactEvent)
      .findBy({ messageId: In(queued.map((q) => q.message.id)) });
    const eventOf = new Map(events.map((e) => [e.messageId, e]));
    expect(events).toHaveLength(3);
    expect(eventOf.get(long.message.id)).toMatchObject({
      customerId: long.message.customerId,
      direction: 'out',
      kind: 'sms',
      summary: longText.slice(0, 200),
      touchId: long.touch.id,
    });
    expect(eventOf.get(email.message.id)).toMatchObject({ kind: 'email', summary: email.message.subject });
    expect(eventOf.get(email.message.id)!.occurredAt.getTime()).toBe(now.getTime());
    expect(eventOf.has(lost.message.id)).toBe(false);
  });
});
