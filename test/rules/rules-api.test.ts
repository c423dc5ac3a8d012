import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { RulesService, TickService } from '@touchbase/rules';
import { OutboxMessage, Rule } from '@touchbase/store';
import {
  ledger,
  makeCustomer,
  makeRule,
  resetRulesData,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

describe.each(testDatabases())('rules API, YAML, preview and dry run on $name', (db) => {
  let engine: Engine;
  let owner: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    engine = await startRulesEngine(db, { at: '2026-06-14T10:00:00Z' });
    owner = await engine.auth('owner');
    staff = await engine.auth('staff');
  });
  afterAll(() => engine?.close());
  beforeEach(() => resetRulesData(engine.ds));

  it('creates, edits, disables, enables, lists and deletes rules; staff may only read', async () => {
    const created = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({
        name: 'Birthday email',
        kind: 'birthday',
        params: { days_before: 2 },
        templateKey: 'birthday',
        priority: 5,
      })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Birthday email',
      kind: 'birthday',
      channel: 'email',
      enabled: true,
      params: { days_before: 2, send_time: '09:00', feb29: 'feb28' },
    });
    const id = created.body.id;
    await request(engine.url).post('/api/rules').set(staff).send({ name: 'x', kind: 'birthday' }).expect(403);
    const patched = await request(engine.url)
      .patch(`/api/rules/${id}`)
      .set(owner)
      .send({ params: { days_before: 3, send_time: '10:30' } })
      .expect(200);
    expect(patched.body.params).toMatchObject({ days_before: 3, send_time: '10:30' });
    expect(
      (await request(engine.url).post(`/api/rules/${id}/disable`).set(owner).expect(200)).body.enabled,
    ).toBe(false);
    expect(
      (await request(engine.url).post(`/api/rules/${id}/enable`).set(owner).expect(200)).body.enabled,
    ).toBe(true);
    const list = await request(engine.url).get('/api/rules').set(staff).expect(200);
    expect(list.body.map((r: Rule) => r.name)).toEqual(['Birthday email']);
    await request(engine.url).delete(`/api/rules/${id}`).set(owner).expect(204);
    await request(engine.url).get(`/api/rules/${id}`).set(staff).expect(404);
  });

  it('rejects bad parameters with a message naming the field', async () => {
    const bad = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Bad', kind: 'birthday', params: { days_before: 99, feb29: 'mar2' } })
      .expect(400);
    expect(bad.body.fields).toEqual([
      { field: 'params.days_before', problem: 'must be an integer 0–60' },
      { field: 'params.feb29', problem: 'must be one of feb28, mar1' },
    ]);
    expect(bad.body.message).toContain('params.days_before: must be an integer 0–60');
    const purchase = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({
        name: 'Big',
        kind: 'big_purchase_thanks',
        params: { min_total: { EUR: -5 }, delay: '2 weeks' },
      })
      .expect(400);
    expect(purchase.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'params.min_total.EUR',
      'params.delay',
    ]);
    const top = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Top', kind: 'top_customer_checkin', channel: 'task', params: { window_days: 365 } })
      .expect(400);
    expect(top.body.fields[0].field).toBe('params.top_n');
    const kind = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Nope', kind: 'anniversary' })
      .expect(400);
    expect(kind.body.fields[0].field).toBe('kind');
    const label = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Labelled', kind: 'birthday', publicLabel: { en: 'your birthday greeting', fr: 'x' } })
      .expect(400);
    expect(label.body.fields).toEqual([{ field: 'publicLabel.fr', problem: 'is not one of en, de, pl' }]);
    expect(kind.body.fields[0].problem).toMatch(
      /^must be one of birthday, big_purchase_thanks, top_customer_checkin, back_in_stock\b/,
    );
    const typo = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Typo', kind: 'birthday', params: { day_before: 1 } })
      .expect(400);
    expect(typo.body.fields).toEqual([
      { field: 'params.day_before', problem: 'is not a parameter of this rule kind' },
    ]);
    expect(await engine.ds.getRepository(Rule).count()).toBe(0);
  });

  it('loads a YAML file all-or-nothing, upserting by name, with errors naming the rule and field', async () => {
    const rules = engine.app.get(RulesService);
    const example = await rules.loadYamlFile(path.resolve('config/rules/example.yaml'));
    expect(example.created).toHaveLength(6);
    const again = await rules.loadYamlFile(path.resolve('config/rules/example.yaml'));
    expect(again).toEqual({ created: [], updated: example.created });
    expect(await engine.ds.getRepository(Rule).count()).toBe(6);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-rules-'));
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(
      file,
      'rules:\n  - name: Birthday email\n    kind: birthday\n    params: { days_before: 1 }\n  - name: Broken\n    kind: birthday\n    params: { send_time: "25:00" }\n',
    );
    await expect(rules.loadYamlFile(file)).rejects.toMatchObject({
      fields: [
        {
          field: 'rules[1] (Broken).params.send_time',
          problem: 'must be a time as HH:MM (24 h), e.g. "09:00"',
        },
      ],
    });
    const birthday = await engine.ds.getRepository(Rule).findOneByOrFail({ name: 'Birthday email' });
    expect(birthday.params.days_before).toBe(0); // unchanged: nothing was applied
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews who would be touched and who would not, and why, without writing', async () => {
    const now = engine.clock.now();
    const rule = await makeRule(engine.ds, now, { kind: 'birthday', params: { fallback: 'skip' } });
    const yes = await makeCustomer(engine.ds, now, { firstName: 'Yes', birthdayMonth: 6, birthdayDay: 16 });
    const noConsent = await makeCustomer(engine.ds, now, {
      firstName: 'NoConsent',
      birthdayMonth: 6,
      birthdayDay: 17,
      emailConsent: false,
      smsConsent: false,
    });
    const kiri = await makeCustomer(engine.ds, now, {
      firstName: 'Kiri',
      birthdayMonth: 6,
      birthdayDay: 18,
      timezone: 'Pacific/Kiritimati',
    });
    await makeCustomer(engine.ds, now, { firstName: 'Later', birthdayMonth: 7, birthdayDay: 30 });
    const touched = await makeCustomer(engine.ds, now, {
      firstName: 'Done',
      birthdayMonth: 6,
      birthdayDay: 19,
    });
    await engine.ds.query(
      `INSERT INTO touches (rule_id, customer_id, occasion_key, due_at, status, reason, created_at, updated_at) VALUES (${rule.id}, ${touched.id}, 'birthday:2026', 0, 'sent', '', 0, 0)`,
    );
    const res = await request(engine.url).get(`/api/rules/${rule.id}/preview?days=7`).set(owner).expect(200);
    const outcome = Object.fromEntries(
      res.body.lines.map((l: { customerId: number; outcome: string; reason: string }) => [
        l.customerId,
        [l.outcome, l.reason],
      ]),
    );
    expect(outcome[yes.id]).toEqual(['queued', '']);
    expect(outcome[noConsent.id]).toEqual(['skipped', 'no email consent; no other usable channel']);
    expect(outcome[touched.id]).toEqual(['already_touched', 'already in the ledger as sent']);
    expect(outcome[kiri.id][0]).toBe('queued');
    expect(Object.keys(outcome)).toHaveLength(4);
    await request(engine.url).get(`/api/rules/${rule.id}/preview?days=7`).set(staff).expect(403);
    await request(engine.url).get(`/api/rules/${rule.id}/preview?days=0`).set(owner).expect(400);
    await request(engine.url).get(`/api/rules/${rule.id}/preview?at=yesterday`).set(owner).expect(400);
    const all = await request(engine.url)
      .get('/api/rules/preview?days=7&at=2026-06-14T10:00:00Z')
      .set(owner)
      .expect(200);
    expect(all.body.total).toBe(4);
    expect(all.body.counts).toEqual({ queued: 2, skipped: 1, already_touched: 1 });
    // paged, never cut: the pages together are every line, and total counts them all
    const pages = [];
    for (let offset = 0; offset < 4; offset += 3) {
      const page = await request(engine.url)
        .get(`/api/rules/preview?days=7&at=2026-06-14T10:00:00Z&limit=3&offset=${offset}`)
        .set(owner)
        .expect(200);
      expect(page.body).toMatchObject({ total: 4, offset });
      pages.push(...page.body.lines);
    }
    expect(pages).toEqual(all.body.lines);
    expect(pages.map((l: { zone: string }) => l.zone)).toContain('Pacific/Kiritimati');
    expect(await ledger(engine.ds)).toHaveLength(1);
  });

  it('dry run reports what a tick would do and writes nothing', async () => {
    const now = engine.clock.now();
    await makeRule(engine.ds, now, { kind: 'birthday' });
    await makeCustomer(engine.ds, now, { birthdayMonth: 6, birthdayDay: 15 });
    const ticks = engine.app.get(TickService);
    // engine_state holds what the engine recorded at start (its public address); a dry run adds nothing
    const stateBefore = await engine.ds.query('SELECT key, value FROM engine_state ORDER BY key');
    const report = await ticks.tick(new Date('2026-06-15T07:05:00Z'), { dryRun: true });
    expect(report.touches.map((t) => t.outcome)).toEqual(['queued']);
    expect(await ledger(engine.ds)).toHaveLength(0);
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(0);
    expect(await engine.ds.query('SELECT key, value FROM engine_state ORDER BY key')).toEqual(stateBefore);
    expect(stateBefore.map((r: { key: string }) => r.key)).not.toContain('scheduler.last_tick_at');
    await ticks.tick(new Date('2026-06-15T07:05:00Z'));
    expect(await ledger(engine.ds)).toHaveLength(1);
  });
});
