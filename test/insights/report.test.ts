import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { OutboxMessage, SurveyResponse } from '@touchbase/store';
import { insightsFixtures as f, startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';

/** The owner's report through the API: JSON figures per rule and channel, and the escaped CSV. */
describe.each(testDatabases())('reports API on $name', (db) => {
  let engine: TestEngine;
  let ds: DataSource;
  const due = new Date('2026-05-10T09:00:00Z');
  const range = 'from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z';
  let ruleId: number;

  async function message(
    customerId: number,
    touchId: number,
    channel: string,
    status: string,
  ): Promise<number> {
    const repo = ds.getRepository(OutboxMessage);
    const m = await repo.save(
      repo.create({
        touchId,
        customerId,
        channel,
        recipient: 'x@example.test',
        status,
        nextAttemptAt: due,
        createdAt: due,
        sentAt: status === 'queued' ? null : due,
      }),
    );
    return m.id;
  }

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-07-15T10:00:00Z' });
    ds = engine.ds;
    const rule = await f.makeRule(ds, due, {
      name: '=HYPERLINK("http://evil.test","Birthday")',
      holdoutPercent: 10,
    });
    const calls = await f.makeRule(ds, due, {
      name: 'Check-in calls',
      kind: 'top_customer_checkin',
      channel: 'task',
    });
    ruleId = rule.id;
    const cs = await f.makeCustomers(ds, 8, due);
    const statuses: Array<[string, string]> = [
      ['email', 'sent'],
      ['email', 'sent'],
      ['email', 'failed'],
      ['sms', 'delivered'],
      ['sms', 'undelivered'],
    ];
    const emailTouches: number[] = [];
    for (const [i, [channel, status]] of statuses.entries()) {
      const t = await f.makeTouch(ds, {
        ruleId: rule.id,
        customerId: cs[i].id,
        dueAt: due,
        status: 'sent',
        channel,
      });
      await ds
        .getRepository('Touch')
        .update(t.id, { messageId: await message(cs[i].id, t.id, channel, status) });
      emailTouches.push(t.id);
    }
    // customer 0 unsubscribes 2 days after the email: caused; customer 1 opts out 20 days later: not caused
    await f.makeContactEvent(ds, { customerId: cs[0].id, occurredAt: f.addDays(due, 2), kind: 'opt_out' });
    await f.makeContactEvent(ds, { customerId: cs[1].id, occurredAt: f.addDays(due, 20), kind: 'opt_out' });
    await f.makeTouch(ds, {
      ruleId: rule.id,
      customerId: cs[5].id,
      dueAt: due,
      status: 'holdout',
      channel: 'email',
    });
    await f.makeTouch(ds, {
      ruleId: rule.id,
      customerId: cs[6].id,
      dueAt: due,
      status: 'skipped',
      channel: 'email',
    });
    // out of the period
    await f.makeTouch(ds, {
      ruleId: rule.id,
      customerId: cs[7].id,
      dueAt: f.addDays(due, 40),
      status: 'sent',
      channel: 'email',
    });
    // a survey rule asked about customer 0's birthday email (rated 4) and both calls (2 and 5)
    const survey = await f.makeRule(ds, due, { name: 'How did we do?', kind: 'satisfaction_survey' });
    const answer = async (customerId: number, occasionKey: string, rating: number) => {
      const st = await f.makeTouch(ds, {
        ruleId: survey.id,
        customerId,
        occasionKey,
        dueAt: f.addDays(due, 2),
        status: 'sent',
      });
      await ds
        .getRepository(SurveyResponse)
        .insert({ touchId: st.id, customerId, rating, comment: '', createdAt: due });
    };
    await answer(cs[0].id, `survey:touch:${emailTouches[0]}`, 4);
    // two call tasks, one done (reached), one open
    for (const [i, done] of [true, false].entries()) {
      const t = await f.makeTouch(ds, {
        ruleId: calls.id,
        customerId: cs[i].id,
        dueAt: due,
        status: 'task',
        channel: 'task',
      });
      const task = await f.makeTask(
        ds,
        {
          customerId: cs[i].id,
          touchId: t.id,
          ruleId: calls.id,
          status: done ? 'done' : 'open',
          outcome: done ? 'reached' : null,
        },
        due,
      );
      await ds.getRepository('Touch').update(t.id, { taskId: task.id });
      await answer(cs[i].id, `survey:call:${task.id}`, done ? 2 : 5);
    }
  });
  afterAll(() => engine.close());

  it('answers per rule and channel', async () => {
    const res = await fetch(`${engine.url}/api/reports?${range}&optOutDays=7`, {
      headers: await engine.auth('owner'),
    });
    expect(res.status).toBe(200);
    const report = (await res.json()) as any;
    expect(report).toMatchObject({
      from: '2026-05-01T00:00:00.000Z',
      to: '2026-06-01T00:00:00.000Z',
      windowDays: 30,
      optOutDays: 7,
      currency: 'EUR',
    });
    const birthday = report.rules.find((r: { ruleId: number }) => r.ruleId === ruleId);
    const email = birthday.channels.find((c: { channel: string }) => c.channel === 'email');
    const sms = birthday.channels.find((c: { channel: string }) => c.channel === 'sms');
    expect(email).toMatchObject({ touches: 3, heldOut: 1, skipped: 1, delivered: 2, failed: 1, optOuts: 1 });
    expect(sms).toMatchObject({ touches: 2, heldOut: 0, delivered: 1, failed: 1, optOuts: 0 });
    expect(birthday.totals).toMatchObject({ touches: 5, delivered: 3, failed: 2, optOuts: 1 });
    expect(birthday.effect.sentence).toContain('6 vs 1 customers — too few customers to tell yet'); // the skipped one is in (intention to treat);
    const calls = report.rules.find((r: { ruleName: string }) => r.ruleName === 'Check-in calls');
    expect(calls.channels).toEqual([
      expect.objectContaining({
        channel: 'task',
        touches: 2,
        tasksMade: 2,
        tasksDone: 1,
        outcomes: { reached: 1 },
        ratings: 0,
        feedbackRatings: 2,
        feedbackAverageRating: 3.5,
      }),
    ]);
    expect(email).toMatchObject({ ratings: 0, feedbackRatings: 1, feedbackAverageRating: 4 });
    const surveyLine = report.rules.find((r: { ruleName: string }) => r.ruleName === 'How did we do?');
    expect(surveyLine.totals.ratings).toBe(3);
    expect(surveyLine.totals.averageRating).toBeCloseTo(11 / 3, 10);
    // all rules' email touches: 3 birthday emails + 3 surveys
    expect(report.channels.find((c: { channel: string }) => c.channel === 'email')).toMatchObject({
      touches: 6,
      feedbackRatings: 1,
    });
  });

  it('exports CSV with formula cells escaped', async () => {
    const res = await fetch(`${engine.url}/api/reports.csv?${range}`, {
      headers: await engine.auth('owner'),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const [header, ...rows] = parse(await res.text());
    const col = (name: string) => header.indexOf(name);
    const email = rows.find(
      (r: string[]) => r[col('channel')] === 'email' && r[col('rule_id')] === String(ruleId),
    );
    expect(email[col('rule')]).toBe(`'=HYPERLINK("http://evil.test","Birthday")`);
    expect(email[col('sentence')]).toMatch(/^'=HYPERLINK/);
    expect(email[col('touches')]).toBe('3');
    expect(rows.every((r: string[]) => !/^[=+\-@\t\r]/.test(r[col('rule')]))).toBe(true);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await (
      await fetch(`${engine.url}/api/docs/json`, { headers: await engine.auth('owner') })
    ).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/reports', '/api/reports.csv', '/r/{token}']),
    );
    expect(doc.paths['/api/reports'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'from',
      'optOutDays',
      'to',
      'windowDays',
    ]);
  });

  it('is for owners only', async () => {
    expect((await fetch(`${engine.url}/api/reports`, { headers: await engine.auth('staff') })).status).toBe(
      403,
    );
    expect(
      (await fetch(`${engine.url}/api/reports.csv`, { headers: await engine.auth('staff') })).status,
    ).toBe(403);
    expect(
      (await fetch(`${engine.url}/api/reports`, { headers: { accept: 'application/json' } })).status,
    ).toBe(401);
  });

  it('rejects a bad period naming the field', async () => {
    const headers = await engine.auth('owner');
    const res = await fetch(`${engine.url}/api/reports?from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z`, {
      headers,
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).fields).toEqual([{ field: 'to', problem: 'must be later than from' }]);
    const bad = await fetch(`${engine.url}/api/reports?from=yesterday`, { headers });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).fields[0].field).toBe('from');
  });
});
