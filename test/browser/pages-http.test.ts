import { CustomerService } from '@touchbase/ingest';
import { ChannelState } from '@touchbase/messaging';
import { RulesService } from '@touchbase/rules';
import { OutboxMessage, Task, Touch } from '@touchbase/store';
import { createWebUser, startTestEngine, testDatabases, TestEngine, WebUser } from '@touchbase/test-kit';

/** Signs in through the form and returns the session cookie (no browser needed for read-only pages). */
async function sessionCookie(engine: TestEngine, user: WebUser): Promise<string> {
  const res = await fetch(`${engine.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: user.email, password: user.password }),
  });
  expect(res.status).toBe(303);
  return res.headers.get('set-cookie')!.split(';')[0];
}

/**
 * The pages' own read models (overview, activity, customer timeline) run set-based SQL, so they
 * are checked on SQLite and PostgreSQL over HTTP; the browser suites cover the interactions.
 */
describe.each(testDatabases())('web pages over HTTP on $name', (db) => {
  let engine: TestEngine;
  let cookie: string;
  let customerId: number;

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-17T10:00:00Z' });
    const owner = await createWebUser(engine, 'owner');
    const staff = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    cookie = await sessionCookie(engine, owner);
    customerId = (
      await engine.app.get(CustomerService).create({
        firstName: 'Tomasz',
        lastName: 'Nowak',
        email: 'tomasz@example.test',
        phone: '+48 601 234 567',
        emailConsent: true,
      })
    ).customer.id;
    const rule = await engine.app
      .get(RulesService)
      .create({ name: 'Birthday wishes', kind: 'birthday', channel: 'email', templateKey: 'birthday' });
    const at = (iso: string) => new Date(iso);
    const outbox = engine.ds.getRepository(OutboxMessage);
    const message = (status: string, lastError: string | null) =>
      outbox.save(
        outbox.create({
          customerId,
          channel: 'email',
          purpose: 'touch',
          recipient: 'tomasz@example.test',
          subject: `Happy birthday (${status})`,
          status,
          attempts: status === 'failed' ? 3 : 1,
          nextAttemptAt: at('2026-06-16T07:00:00Z'),
          lastError,
          createdAt: at('2026-06-16T07:00:00Z'),
          sentAt: status === 'sent' ? at('2026-06-16T07:01:00Z') : null,
        }),
      );
    const sent = await message('sent', null);
    const failed = await message('failed', 'SMTP 550 mailbox unavailable');
    const queued = await message('queued', null);
    const touches = engine.ds.getRepository(Touch);
    const touch = (key: string, status: string, reason: string, messageId: number | null) =>
      touches.insert({
        ruleId: rule.id,
        customerId,
        occasionKey: key,
        dueAt: at('2026-06-16T07:00:00Z'),
        status,
        reason,
        channel: 'email',
        messageId,
        createdAt: at('2026-06-16T07:00:00Z'),
        updatedAt: at('2026-06-16T07:00:00Z'),
      });
    await touch('birthday:2026', 'sent', '', sent.id);
    await touch('birthday:2026b', 'sent', '', failed.id);
    await touch('birthday:2026c', 'queued', 'waits for quiet hours to end', queued.id);
    await touch('birthday:2025', 'missed', 'engine was down past the grace period', null);
    await engine.ds.getRepository(Task).insert({
      customerId,
      kind: 'call',
      title: 'Call Tomasz',
      dueDay: '2026-06-12',
      assigneeId: staff.id,
      status: 'open',
      priority: 1,
      createdAt: at('2026-06-12T07:00:00Z'),
      updatedAt: at('2026-06-12T07:00:00Z'),
    });
  });
  afterAll(async () => engine?.close());

  const page = async (path: string) => {
    const res = await fetch(`${engine.url}${path}`, {
      headers: { cookie, accept: 'text/html' },
      redirect: 'manual',
    });
    return { status: res.status, html: await res.text() };
  };

  it('overview: this week by rule and channel, delivery rate, open tasks by staff member', async () => {
    const { status, html } = await page('/overview');
    expect(status).toBe(200);
    expect(html).toContain('Mon, Jun 15, 2026');
    expect(html).toMatch(
      /<span>Birthday wishes<\/span><span class="bar" style="width: 100%"><\/span><span class="value">3<\/span>/,
    );
    expect(html).toContain('1 of 2');
    expect(html).toMatch(/<span>Sam Staff<\/span>.*<span class="value">1 <span class="badge overdue"/s);
  });

  it('activity: what went out, what is queued, what failed and why, what was missed', async () => {
    const { status, html } = await page('/activity');
    expect(status).toBe(200);
    expect(html).toContain('SMTP 550 mailbox unavailable');
    expect(html).toContain('Happy birthday (queued)');
    expect(html).toContain('Happy birthday (sent)');
    expect(html).toContain('engine was down past the grace period');
  });

  it('activity: a paused channel is shown with its reason and the owner can resume it', async () => {
    const channels = engine.app.get(ChannelState);
    await channels.pause('email', 'SMTP authentication failed (535)');
    const { html } = await page('/activity');
    expect(html).toContain('SMTP authentication failed (535)');
    const csrf = /<meta name="csrf-token" content="([a-f0-9]+)">/.exec(html)![1];
    const post = (body: Record<string, string>) =>
      fetch(`${engine.url}/activity/channels/email/resume`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    expect((await post({})).status).toBe(403);
    expect(await channels.pausedChannels()).toEqual(['email']);
    expect((await post({ _csrf: csrf })).status).toBe(303);
    expect(await channels.pausedChannels()).toEqual([]);
  });

  it('customer page: the timeline with messages and their delivery status, and consent', async () => {
    const { status, html } = await page(`/customers/${customerId}`);
    expect(status).toBe(200);
    expect(html).toMatch(
      /email to tomasz@example.test: <\/strong> <span class="badge failed">failed<\/span>/,
    );
    expect(html).toContain('Touch by &#34;Birthday wishes&#34;: missed');
    expect(html).toContain('Call Tomasz');
  });

  it('search finds by name, email and phone digits; a page without a session goes to sign-in', async () => {
    expect((await page('/customers?q=nowak')).html).toContain(`/customers/${customerId}`);
    expect((await page('/customers?q=TOMASZ@EXAMPLE')).html).toContain(`/customers/${customerId}`);
    expect((await page('/customers?q=601%20234')).html).toContain(`/customers/${customerId}`);
    expect((await page('/customers?q=nobody')).html).not.toContain(`/customers/${customerId}`);
    const anonymous = await fetch(`${engine.url}/customers`, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect([anonymous.status, anonymous.headers.get('location')]).toEqual([303, '/login?next=%2Fcustomers']);
  });
  it('settings: a save through the form is stored, a bad field refused by name, and logged', async () => {
    const { html } = await page('/settings');
    const csrf = /<meta name="csrf-token" content="([a-f0-9]+)">/.exec(html)![1];
    const post = (body: Record<string, string>) =>
      fetch(`${engine.url}/settings`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ _csrf: csrf, ...body }),
      });
    const refused = await post({ businessName: 'Kaffee Nowak', timezone: 'Mars/Olympus' });
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('data-field="timezone">Enter a time zone such as Europe/Berlin.');
    expect(refusedHtml).toContain('value="Kaffee Nowak"');
    const saved = await post({ businessName: 'Kaffee Nowak', 'quietHours.sms.sun': 'off' });
    expect([saved.status, saved.headers.get('location')]).toEqual([303, '/settings?saved=1']);
    const after = (await page('/settings?saved=1')).html;
    expect(after).toContain('Settings saved.');
    expect(after).toMatch(/<tr data-setting="quietHours.sms.sun">.*?<td>08:00-21:00<\/td><td>off/s);
    expect(after).toMatch(/<tr data-setting="businessName">.*?<td>Olivia Owner<\/td>/s);
  });
});
