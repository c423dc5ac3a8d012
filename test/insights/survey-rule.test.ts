import { DataSource } from 'typeorm';
import { isHeldOut } from '@touchbase/core';
import { TickService } from '@touchbase/rules';
import { OutboxMessage, SurveyResponse, Task, Touch } from '@touchbase/store';
import {
  insightsFixtures as f,
  startTestEngine,
  TestEngine,
  TestDatabase,
  testDatabases,
} from '@touchbase/test-kit';

/**
 * The satisfaction_survey rule kind through the real rule engine: a tick asks "How did we do?"
 * two days after a birthday email went out, the message carries the customer's signed link,
 * and the link records the rating. The holdout share is drawn the same way on every run.
 */
const sentAt = new Date('2026-06-10T10:00:00Z');
const tickAt = new Date('2026-06-12T11:00:00Z'); // 2 days + 1 h later, 13:00 in Berlin

async function seedSentBirthdayEmails(
  ds: DataSource,
  n: number,
): Promise<{ birthdayId: number; touchIds: number[]; customerIds: number[] }> {
  const birthday = await f.makeRule(ds, sentAt, { name: 'Birthday emails' });
  const customers = await f.makeCustomers(ds, n, sentAt, { locale: 'en', timezone: 'Europe/Berlin' });
  const touchIds: number[] = [];
  for (const c of customers) {
    const t = await f.makeTouch(ds, {
      ruleId: birthday.id,
      customerId: c.id,
      occasionKey: 'birthday:2026',
      dueAt: sentAt,
      status: 'sent',
    });
    const m = await ds.getRepository(OutboxMessage).save(
      ds.getRepository(OutboxMessage).create({
        touchId: t.id,
        customerId: c.id,
        channel: 'email',
        recipient: c.email!,
        status: 'sent',
        nextAttemptAt: sentAt,
        createdAt: sentAt,
        sentAt,
      }),
    );
    await ds.getRepository(Touch).update(t.id, { messageId: m.id });
    touchIds.push(t.id);
  }
  return { birthdayId: birthday.id, touchIds, customerIds: customers.map((c) => c.id) };
}

async function createSurveyRule(engine: TestEngine, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${engine.url}/api/rules`, {
    method: 'POST',
    headers: { ...(await engine.auth('owner')), 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'How did we do?',
      kind: 'satisfaction_survey',
      channel: 'email',
      transactional: true,
      ...body,
    }),
  });
}

describe.each(testDatabases())('satisfaction_survey rule on $name', (db) => {
  let engine: TestEngine;
  let ds: DataSource;
  let seeded: Awaited<ReturnType<typeof seedSentBirthdayEmails>>;
  let surveyRuleId: number;

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: tickAt.toISOString() });
    ds = engine.ds;
    seeded = await seedSentBirthdayEmails(ds, 2);
  });
  afterAll(() => engine.close());

  it('names bad parameters', async () => {
    const res = await createSurveyRule(engine, {
      params: { after: 'visit', delay: '2 weeks', low_rating_at_most: 5, colour: 'red' },
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as any).fields.map((p: { field: string }) => p.field).sort();
    expect(fields).toEqual(['params.after', 'params.colour', 'params.delay', 'params.low_rating_at_most']);
  });

  it('asks two days after the email, with a signed link that records one rating and makes a task for a low one', async () => {
    const res = await createSurveyRule(engine, {
      params: { after: 'touch', delay: '2d', rule_ids: [seeded.birthdayId] },
    });
    expect(res.status).toBe(201);
    surveyRuleId = ((await res.json()) as any).id;

    const tick = engine.app.get(TickService);
    await tick.tick(tickAt);
    await tick.tick(new Date(tickAt.getTime() + 5 * 60_000)); // a second tick adds nothing
    const surveys = await ds
      .getRepository(Touch)
      .find({ where: { ruleId: surveyRuleId }, order: { customerId: 'ASC' } });
    expect(surveys.map((t) => [t.customerId, t.occasionKey, t.status])).toEqual(
      seeded.customerIds.map((id, i) => [id, `survey:touch:${seeded.touchIds[i]}`, 'queued']),
    );
    expect(surveys[0].dueAt.toISOString()).toBe('2026-06-12T10:00:00.000Z');

    const message = await ds.getRepository(OutboxMessage).findOneByOrFail({ id: surveys[0].messageId! });
    expect(message.subject).toContain('How did we do');
    const path = /\/r\/[\w.-]+/.exec(message.text)![0];
    expect(message.html).toContain(`${path}?rating=5`);

    const form = await fetch(`${engine.url}${path}?rating=1`);
    expect(form.status).toBe(200);
    const page = await form.text();
    expect(page).toContain('our recent message'); // the rule has no public label: a generic phrase
    expect(page).not.toContain('Birthday emails'); // never the internal rule name
    expect(await ds.getRepository(SurveyResponse).count()).toBe(0);

    const answer = await fetch(`${engine.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ rating: 1, comment: 'Card never arrived' }),
    });
    expect(answer.status).toBe(201);
    const task = await ds.getRepository(Task).findOneByOrFail({ kind: 'service_recovery' });
    expect(task).toMatchObject({
      customerId: seeded.customerIds[0],
      ruleId: surveyRuleId,
      touchId: surveys[0].id,
      priority: 100,
    });
    expect(task.reason).toContain('Card never arrived');

    // the other customer's link cannot be used to rate for the first one, and vice versa
    const other = await ds.getRepository(OutboxMessage).findOneByOrFail({ id: surveys[1].messageId! });
    expect(/\/r\/[\w.-]+/.exec(other.text)![0]).not.toBe(path);
  });
});

describe.each(testDatabases())('holdout of a survey rule on $name', (db) => {
  async function run(d: TestDatabase): Promise<{ statuses: string[][]; expected: string[][] }> {
    const engine = await startTestEngine(d, { at: tickAt.toISOString() });
    try {
      const seeded = await seedSentBirthdayEmails(engine.ds, 40);
      const res = await createSurveyRule(engine, {
        holdoutPercent: 50,
        params: { after: 'touch', delay: { days: 2 } },
      });
      const ruleId = ((await res.json()) as any).id;
      const tick = engine.app.get(TickService);
      await tick.tick(tickAt);
      const first = await engine.ds
        .getRepository(Touch)
        .find({ where: { ruleId }, order: { customerId: 'ASC' } });
      await tick.tick(new Date(tickAt.getTime() + 10 * 60_000));
      const again = await engine.ds
        .getRepository(Touch)
        .find({ where: { ruleId }, order: { customerId: 'ASC' } });
      expect(again.map((t) => [t.id, t.status])).toEqual(first.map((t) => [t.id, t.status]));
      const statuses = first.map((t) => [
        String(t.customerId),
        t.occasionKey,
        t.status === 'holdout' ? 'holdout' : 'touched',
      ]);
      const expected = seeded.customerIds.map((id, i) => {
        const key = `survey:touch:${seeded.touchIds[i]}`;
        return [String(id), key, isHeldOut(ruleId, id, key, 50) ? 'holdout' : 'touched'];
      });
      return { statuses, expected };
    } finally {
      await engine.close();
    }
  }

  it('is the stable hash of rule, customer and occasion: the same on a re-run and on a rebuilt engine', async () => {
    const a = await run(db);
    const b = await run(db);
    expect(a.statuses).toEqual(a.expected);
    expect(b.statuses).toEqual(a.statuses);
    const held = a.statuses.filter((s) => s[2] === 'holdout').length;
    expect(held).toBeGreaterThan(5);
    expect(held).toBeLessThan(35);
  });
});

describe.each(testDatabases())('satisfaction_survey after a call or an order on $name', (db) => {
  let engine: TestEngine;
  afterAll(() => engine.close());

  it('asks after a call that reached the customer and after an order, once each', async () => {
    engine = await startTestEngine(db, { at: tickAt.toISOString() });
    const ds = engine.ds;
    const [reached, noAnswer, buyer] = await f.makeCustomers(ds, 3, sentAt, { locale: 'en' });
    const call = await f.makeTask(
      ds,
      {
        customerId: reached.id,
        kind: 'call',
        title: 'Check in with Customer0',
        status: 'done',
        outcome: 'reached',
        completedAt: sentAt,
      },
      sentAt,
    );
    await f.makeTask(
      ds,
      { customerId: noAnswer.id, kind: 'call', status: 'done', outcome: 'no_answer', completedAt: sentAt },
      sentAt,
    );
    const order = await f.makeOrder(ds, buyer.id, sentAt, 12_000);
    const afterCall = (
      (await (
        await createSurveyRule(engine, { name: 'After calls', params: { after: 'call', delay: '2d' } })
      ).json()) as any
    ).id;
    const afterOrder = (
      (await (
        await createSurveyRule(engine, {
          name: 'After orders',
          params: { after: 'order', delay: { hours: 48 } },
        })
      ).json()) as any
    ).id;

    await engine.app.get(TickService).tick(tickAt);
    const touches = await ds
      .getRepository(Touch)
      .find({ where: [{ ruleId: afterCall }, { ruleId: afterOrder }], order: { ruleId: 'ASC' } });
    expect(touches.map((t) => [t.ruleId, t.customerId, t.occasionKey, t.status, t.orderId])).toEqual([
      [afterCall, reached.id, `survey:call:${call.id}`, 'queued', null],
      [afterOrder, buyer.id, `survey:order:${order.id}`, 'queued', order.id],
    ]);
    const pages = await Promise.all(
      touches.map(async (t) => {
        const m = await ds.getRepository(OutboxMessage).findOneByOrFail({ id: t.messageId! });
        return (await fetch(`${engine.url}${/\/r\/[\w.-]+/.exec(m.text)![0]}`)).text();
      }),
    );
    expect(pages[0]).toContain('our call');
    expect(pages[0]).not.toContain('Check in with'); // never the internal task title
    expect(pages[1]).toContain(`order ${order.externalId}`);
  });
});
