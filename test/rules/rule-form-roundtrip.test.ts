import * as path from 'node:path';
import { RulesService } from '@touchbase/rules';
import { Rule } from '@touchbase/store';
import { createWebUser, startRulesEngine, testDatabases } from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

const unescape = (s: string) =>
  s
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]) : null;
};

/** What a browser would post for the first form of a page, untouched: inputs, ticked boxes, chosen options. */
export function formPost(html: string): URLSearchParams {
  const form = /<form method="post"[\s\S]*?<\/form>/.exec(html.slice(html.indexOf('<main')))![0];
  const body = new URLSearchParams();
  for (const tag of form.match(/<input[^>]*>/g) ?? []) {
    const name = attr(tag, 'name');
    if (!name) continue;
    if (attr(tag, 'type') === 'checkbox') {
      if (/\schecked[\s>]/.test(tag)) body.append(name, attr(tag, 'value') ?? 'on');
    } else body.append(name, attr(tag, 'value') ?? '');
  }
  for (const [, open, options] of form.matchAll(/(<select[^>]*>)([\s\S]*?)<\/select>/g)) {
    const chosen =
      /<option value="([^"]*)" selected>/.exec(options) ?? /<option value="([^"]*)"/.exec(options);
    body.append(attr(open, 'name')!, unescape(chosen?.[1] ?? ''));
  }
  return body;
}

/**
 * A form never drops a value it does not show (see docs/rules.md): each example rule, saved
 * through its edit page without a change, keeps exactly what it stored.
 */
describe.each(testDatabases())('rule edit forms saved unchanged on $name', (db) => {
  let engine: Engine;
  let cookie: string;

  beforeAll(async () => {
    engine = await startRulesEngine(db, { env: { BUSINESS_CURRENCY: 'EUR' } });
    const owner = await createWebUser(engine, 'owner');
    const res = await fetch(`${engine.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email: owner.email, password: owner.password }),
    });
    cookie = res.headers.get('set-cookie')!.split(';')[0];
    await engine.app.get(RulesService).loadYamlFile(path.resolve('config/rules/example.yaml'));
  });
  afterAll(() => engine?.close());

  const page = async (url: string) =>
    (await fetch(`${engine.url}${url}`, { headers: { cookie, accept: 'text/html' } })).text();

  it('keeps every example rule identical, kind by kind', async () => {
    const rules = await engine.ds.getRepository(Rule).find({ order: { id: 'ASC' } });
    expect(new Set(rules.map((r) => r.kind))).toEqual(
      new Set([
        'birthday',
        'big_purchase_thanks',
        'top_customer_checkin',
        'back_in_stock',
        'satisfaction_survey',
      ]),
    );
    for (const before of rules) {
      const html = await page(`/rules/${before.id}/edit`);
      expect(html).not.toMatch(/rules\.(kind|kindHelp|field|help)\./); // no raw catalog key
      const res = await fetch(`${engine.url}/rules/${before.id}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: formPost(html),
      });
      expect({ rule: before.name, status: res.status }).toEqual({ rule: before.name, status: 303 });
      const after = await engine.ds.getRepository(Rule).findOneByOrFail({ id: before.id });
      const { updatedAt: _a, ...was } = before;
      const { updatedAt: _b, ...is } = after;
      expect(is).toEqual(was);
    }
    const big = rules.find((r) => r.kind === 'big_purchase_thanks')!;
    expect(big.params.min_total).toEqual({ EUR: 20000, USD: 25000, PLN: 80000 });
  });

  it('has a form, a "+ Survey" button and a working switch for the survey kind, with its delay kept', async () => {
    expect(await page('/rules')).toContain(
      'href="/rules/new?kind=satisfaction_survey">+ Satisfaction survey</a>',
    );
    const fresh = await page('/rules/new?kind=satisfaction_survey');
    expect(fresh).toContain('name="p.delay" value="2d"');
    const survey = await engine.ds.getRepository(Rule).findOneByOrFail({ kind: 'satisfaction_survey' });
    expect(survey.params.delay_minutes).toBe(30);
    expect(await page(`/rules/${survey.id}/edit`)).toContain('name="p.delay" value="30m"');
    const owner = await engine.auth('owner');
    for (const enabled of [true, false]) {
      const res = await fetch(`${engine.url}/api/rules/${survey.id}`, {
        method: 'PATCH',
        headers: { ...owner, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
      expect(res.status).toBe(200);
      const stored = await engine.ds.getRepository(Rule).findOneByOrFail({ id: survey.id });
      expect([stored.enabled, stored.params]).toEqual([enabled, survey.params]);
    }
  });
});
