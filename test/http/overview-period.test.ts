import { CustomerService } from '@touchbase/ingest';
import { RulesService } from '@touchbase/rules';
import { OutboxMessage, Touch } from '@touchbase/store';
import {
  apiCall,
  createWebUser,
  http,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

/**
 * The Overview picks a period (this/last week, this/last month, a custom from–to in local days)
 * and downloads its figures as CSV (docs/insights.md#the-overview-page), on both databases.
 */
describe.each(testDatabases())('overview periods and CSV on $name', (db) => {
  let engine: TestEngine;
  let cookie: string;

  beforeAll(async () => {
    // Wednesday 17 June 2026
    engine = await startTestEngine(db, {
      at: '2026-06-17T10:00:00Z',
      env: { BUSINESS_TIMEZONE: 'Europe/Berlin' },
    });
    const { customer } = await engine.app
      .get(CustomerService)
      .create({ firstName: 'Anna', lastName: 'Schmidt', email: 'anna@example.test', emailConsent: true });
    const rule = await engine.app.get(RulesService).create({
      name: '=HYPERLINK("http://evil.test")',
      kind: 'birthday',
      channel: 'email',
      templateKey: 'birthday',
    });
    const days = [
      '2026-06-16',
      '2026-06-16',
      '2026-06-10',
      '2026-06-02',
      '2026-05-20',
      '2026-05-20',
      '2026-05-20',
    ];
    for (const [i, day] of days.entries()) {
      const at = new Date(`${day}T07:00:00Z`);
      const m = await engine.ds.getRepository(OutboxMessage).insert({
        customerId: customer.id,
        channel: 'email',
        purpose: 'touch',
        recipient: 'anna@example.test',
        subject: 'Hi',
        status: 'sent',
        nextAttemptAt: at,
        createdAt: at,
        sentAt: at,
      });
      await engine.ds.getRepository(Touch).insert({
        ruleId: rule.id,
        customerId: customer.id,
        occasionKey: `o:${i}`,
        dueAt: at,
        status: 'sent',
        reason: '',
        channel: 'email',
        messageId: Number(m.identifiers[0].id),
        createdAt: at,
        updatedAt: at,
      });
    }
    const owner = await createWebUser(engine, 'owner', { locale: 'de' });
    const res = await fetch(`${engine.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: owner.email, password: owner.password }),
    });
    cookie = res.headers.get('set-cookie')!.split(';')[0];
  });
  afterAll(async () => engine?.close());

  const figures = async (query: string) => apiCall(engine, 'GET', `/api/overview?${query}`);

  it.each([
    ['period=this-week', '2026-06-15', '2026-06-21', 2],
    ['period=last-week', '2026-06-08', '2026-06-14', 1],
    ['period=this-month', '2026-06-01', '2026-06-30', 4],
    ['period=last-month', '2026-05-01', '2026-05-31', 3],
    ['period=custom&from=2026-05-20&to=2026-06-10', '2026-05-20', '2026-06-10', 5],
    ['from=2026-06-02&to=2026-06-02', '2026-06-02', '2026-06-02', 1],
    ['', '2026-06-15', '2026-06-21', 2],
  ])('%s: %s to %s, %i touches', async (query, from, to, touches) => {
    const r = await figures(query);
    expect(r.status).toBe(200);
    expect([r.body.from, r.body.to]).toEqual([from, to]);
    expect(r.body.byChannel).toEqual([{ label: 'email', value: touches }]);
    expect(r.body.delivery).toEqual({ delivered: touches, failed: 0, total: touches });
  });

  it('answers a bad period with 400 naming the field', async () => {
    const bad = await figures('period=fortnight');
    expect([bad.status, bad.body.fields[0].field]).toEqual([400, 'period']);
    const custom = await figures('period=custom&from=2026-06-10');
    expect([custom.status, custom.body.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['to']]);
    const long = await figures('from=2025-01-01&to=2026-06-01');
    expect([long.status, long.body.message]).toEqual([400, 'to: the period may be at most 366 days']);
  });

  it('the CSV holds the figures, a formula-like rule name escaped', async () => {
    const r = await http(`${engine.url}/api/overview.csv?period=last-month`, {
      headers: await engine.auth('owner'),
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toContain('touchbase-overview-2026-05-01-2026-05-31.csv');
    expect(r.text).toContain(`Touches by rule,"'=HYPERLINK(""http://evil.test"")",3`);
    expect(r.text).toContain('Delivery rate,delivered,3,3');
  });

  it('the page keeps the period in the URL and downloads it in the owner’s language', async () => {
    const get = (path: string) => fetch(`${engine.url}${path}`, { headers: { cookie, accept: 'text/html' } });
    const html = await (await get('/overview?period=custom&from=2026-05-20&to=2026-06-10')).text();
    expect(html).toContain('href="/overview/csv?period=custom&amp;from=2026-05-20&amp;to=2026-06-10"');
    expect(html).toMatch(/<span class="value">5<\/span>/);
    const csv = await get('/overview/csv?period=custom&from=2026-05-20&to=2026-06-10');
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('Bereich,Name,Anzahl,Von insgesamt,Überfällig');
    expect(text).toContain('Zustellrate,zugestellt,5,5');
    const bad = await (await get('/overview?period=custom&from=2026-06-10&to=2026-06-01')).text();
    expect(bad).toContain('Dieser Zeitraum kann nicht angezeigt werden: to: must not be before from');
    expect(bad).toContain('value="2026-06-01"');
  });
});
