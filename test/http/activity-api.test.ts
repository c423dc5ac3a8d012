import { CustomerService } from '@touchbase/ingest';
import { RulesService } from '@touchbase/rules';
import { OutboxMessage, Touch } from '@touchbase/store';
import { apiCall, createWebUser, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/**
 * Activity pages through everything and filters by rule, channel, status, local days in the
 * business time zone and a customer search (docs/web-ui.md#activity), in the API and in the
 * page's URL, on SQLite and PostgreSQL.
 */
describe.each(testDatabases())('activity filters and paging on $name', (db) => {
  let engine: TestEngine;
  let anna: number;
  let tomasz: number;
  let birthday: number;
  let sms: number;
  let cookie: string;

  beforeAll(async () => {
    engine = await startTestEngine(db, {
      at: '2026-06-20T10:00:00Z',
      env: { BUSINESS_TIMEZONE: 'Europe/Berlin' },
    });
    const customers = engine.app.get(CustomerService);
    anna = (
      await customers.create({
        firstName: 'Anna',
        lastName: 'Schmidt',
        email: 'anna@example.test',
        phone: '+49 151 23456789',
        emailConsent: true,
      })
    ).customer.id;
    tomasz = (
      await customers.create({ firstName: 'Tomasz', lastName: 'Nowak', email: 'tomasz@example.test' })
    ).customer.id;
    const rules = engine.app.get(RulesService);
    birthday = (
      await rules.create({
        name: 'Birthday wishes',
        kind: 'birthday',
        channel: 'email',
        templateKey: 'birthday',
      })
    ).id;
    sms = (
      await rules.create({ name: 'Birthday SMS', kind: 'birthday', channel: 'sms', templateKey: 'birthday' })
    ).id;
    // 60 emails to Anna (one a day back from 19 June, 07:00 UTC) and 15 SMS to Tomasz, each with its touch
    const day = 86_400_000;
    const base = Date.parse('2026-06-19T07:00:00Z');
    const outbox = engine.ds.getRepository(OutboxMessage);
    const touches = engine.ds.getRepository(Touch);
    const make = async (
      i: number,
      customerId: number,
      ruleId: number,
      channel: string,
      status: string,
      at: Date,
    ) => {
      const m = await outbox.insert({
        customerId,
        channel,
        purpose: 'touch',
        recipient: channel === 'email' ? 'x@example.test' : '+4915123456789',
        subject: `Message ${i}`,
        status,
        attempts: 1,
        nextAttemptAt: at,
        createdAt: at,
        sentAt: status === 'queued' ? null : at,
      });
      const messageId = Number(m.identifiers[0].id);
      const t = await touches.insert({
        ruleId,
        customerId,
        occasionKey: `occasion:${i}`,
        dueAt: at,
        status: status === 'queued' ? 'queued' : 'sent',
        reason: '',
        channel,
        messageId,
        createdAt: at,
        updatedAt: at,
      });
      await outbox.update(messageId, { touchId: Number(t.identifiers[0].id) });
    };
    for (let i = 0; i < 60; i++) await make(i, anna, birthday, 'email', 'sent', new Date(base - i * day));
    for (let i = 60; i < 75; i++)
      await make(i, tomasz, sms, 'sms', i % 2 ? 'delivered' : 'sent', new Date(base - (i - 60) * day));
    // 23:30 UTC on 9 June is 01:30 on 10 June in Berlin: a local day, not a UTC one
    await make(99, tomasz, sms, 'sms', 'failed', new Date('2026-06-09T23:30:00Z'));
    await touches.insert({
      ruleId: birthday,
      customerId: tomasz,
      occasionKey: 'birthday:2025',
      dueAt: new Date('2026-06-01T07:00:00Z'),
      status: 'missed',
      reason: 'engine was down past the grace period',
      channel: null,
      createdAt: new Date('2026-06-01T07:00:00Z'),
      updatedAt: new Date('2026-06-01T07:00:00Z'),
    });
    const owner = await createWebUser(engine, 'owner');
    const res = await fetch(`${engine.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: owner.email, password: owner.password }),
    });
    cookie = res.headers.get('set-cookie')!.split(';')[0];
  });
  afterAll(async () => engine?.close());

  const api = async (query: string) => apiCall(engine, 'GET', `/api/activity?${query}`, undefined, 'staff');

  it('pages through a whole section with no row twice or left out', async () => {
    const ids: number[] = [];
    for (let offset = 0; offset < 200; offset += 20) {
      const r = await api(`section=sent&limit=20&offset=${offset}`);
      expect(r.status).toBe(200);
      expect(r.body.sections.sent.total).toBe(75);
      ids.push(...r.body.sections.sent.rows.map((row: { id: number }) => row.id));
      if (!r.body.sections.sent.rows.length) break;
    }
    expect(ids).toHaveLength(75);
    expect(new Set(ids).size).toBe(75);
    const first = await api('section=sent&limit=3');
    // newest first (the same instant: the later row first); only the chosen section is read
    expect(first.body.sections.sent.rows.map((r: { subject: string }) => r.subject)).toEqual([
      'Message 60',
      'Message 0',
      'Message 61',
    ]);
    expect(Object.keys(first.body.sections)).toEqual(['sent']);
    expect(first.body.counts).toEqual({ failed: 1, queued: 0, sent: 75, missed: 1 });
  });

  it('filters by rule, channel and status, with counts for every section', async () => {
    const byRule = await api(`rule=${sms}`);
    expect(byRule.body.counts).toEqual({ failed: 1, queued: 0, sent: 15, missed: 0 });
    expect(
      byRule.body.sections.sent.rows.every((r: { ruleName: string }) => r.ruleName === 'Birthday SMS'),
    ).toBe(true);
    const delivered = await api('status=delivered');
    expect(delivered.body.counts).toEqual({ failed: 0, queued: 0, sent: 7, missed: 0 });
    const email = await api(`channel=email&rule=${birthday}`);
    expect(email.body.counts).toEqual({ failed: 0, queued: 0, sent: 60, missed: 0 });
    const tasks = await api('channel=task');
    expect(tasks.body.counts).toEqual({ failed: 0, queued: 0, sent: 0, missed: 0 });
  });

  it('reads from and to as whole local days in the business time zone', async () => {
    const tenth = await api('from=2026-06-10&to=2026-06-10');
    expect(tenth.body.counts.failed).toBe(1);
    const ninth = await api('from=2026-06-09&to=2026-06-09');
    expect(ninth.body.counts.failed).toBe(0);
    // 15..19 June: five emails and five SMS
    const week = await api('from=2026-06-15&to=2026-06-19&section=sent');
    expect(week.body.sections.sent.total).toBe(10);
  });

  it('searches by customer name, email and phone digits', async () => {
    expect((await api('q=schmidt')).body.counts.sent).toBe(60);
    expect((await api('q=TOMASZ@EXAMPLE')).body.counts).toEqual({
      failed: 1,
      queued: 0,
      sent: 15,
      missed: 1,
    });
    expect((await api('q=0151%202345')).body.counts.sent).toBe(60);
    expect((await api('q=nobody')).body.counts).toEqual({ failed: 0, queued: 0, sent: 0, missed: 0 });
    expect((await api('q=50%25')).body.counts.sent).toBe(0);
  });

  it('answers a bad filter with 400 naming each field', async () => {
    const r = await api('channel=fax&from=2026-13-01&limit=0&section=later');
    expect(r.status).toBe(400);
    expect(r.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'channel',
      'from',
      'limit',
      'section',
    ]);
    const order = await api('from=2026-06-10&to=2026-06-01');
    expect([order.status, order.body.fields[0].field]).toEqual([400, 'to']);
  });

  it('the page keeps the filter in the URL: section links, pager and a bookmarkable view', async () => {
    const page = async (path: string) =>
      (await fetch(`${engine.url}${path}`, { headers: { cookie, accept: 'text/html' } })).text();
    const html = await page(`/activity?q=anna&rule=${birthday}`);
    expect(html).toContain(`href="/activity?section=sent&amp;rule=${birthday}&amp;q=anna"`);
    expect(html).toContain('value="anna"');
    const paged = await page(`/activity?section=sent&rule=${birthday}&q=anna&offset=50`);
    expect(paged).toContain('51–60 of 60');
    expect(paged).toContain(`href="/activity?section=sent&amp;rule=${birthday}&amp;q=anna"`); // previous: offset 0
    expect(paged).not.toContain('rel="next"');
    const bad = await page('/activity?from=yesterday');
    expect(bad).toContain('The filter was not applied: from: must be a date (YYYY-MM-DD)');
    expect(bad).toContain('value="yesterday"');
  });
});
