import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { TierService } from '@touchbase/ingest';
import { RulesService, TickService } from '@touchbase/rules';
import { Rule } from '@touchbase/store';
import { ledger, makeCustomer, makeOrder, startRulesEngine, testDatabases } from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

/**
 * Rule audiences that target service tiers (docs/ingest.md#service-tiers): the tick and the
 * preview reach the same customers, filtered in SQL; a tier name that does not exist is refused
 * when the rule is saved (API and YAML), and a tier a rule names cannot be renamed or deleted.
 */
describe.each(testDatabases())('rule audiences by service tier on $name', (db) => {
  let engine: Engine;
  let owner: Record<string, string>;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    engine = await startRulesEngine(db, { at: '2026-06-14T10:00:00Z' });
    owner = await engine.auth('owner');
    const now = engine.clock.now();
    const tiers = engine.app.get(TierService);
    await tiers.create({ name: 'VIP', rank: 1, basis: 'activity', minSpendMinor: 50_000, windowDays: 365 });
    await tiers.create({ name: 'Regular', rank: 2, basis: 'activity', minOrders: 2, windowDays: 365 });
    const bday = { birthdayMonth: 6, birthdayDay: 16 };
    for (const key of ['vip', 'regular', 'plain'])
      ids[key] = (await makeCustomer(engine.ds, now, { ...bday, firstName: key })).id;
    await makeOrder(engine.ds, ids.vip, new Date('2026-03-01T10:00:00Z'), 60_000);
    await makeOrder(engine.ds, ids.regular, new Date('2026-03-01T10:00:00Z'), 2_000);
    await makeOrder(engine.ds, ids.regular, new Date('2026-04-01T10:00:00Z'), 2_000);
    await makeOrder(engine.ds, ids.plain, new Date('2026-04-01T10:00:00Z'), 2_000);
    expect((await tiers.recompute(now)).changed).toBe(2);
  });
  afterAll(() => engine?.close());

  it('reaches only the named tiers, the same in the preview and in the tick', async () => {
    const created = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({
        name: 'VIP birthdays',
        kind: 'birthday',
        audience: { tiers: ['vip'] },
      })
      .expect(201);
    // stored in the tier's own spelling
    expect(created.body.audience).toEqual({ tiers: ['VIP'] });
    const previewOf = async () =>
      (
        await request(engine.url).get(`/api/rules/${created.body.id}/preview?days=3`).set(owner).expect(200)
      ).body.lines
        .map((l: { customerId: number }) => l.customerId)
        .sort();
    expect(await previewOf()).toEqual([ids.vip]);
    // two tiers: any of them
    const both = await engine.app
      .get(RulesService)
      .update(created.body.id, { audience: { tiers: ['VIP', 'Regular'] } });
    expect(both.audience.tiers).toEqual(['VIP', 'Regular']);
    const previewed = await previewOf();
    expect(previewed).toEqual([ids.vip, ids.regular].sort());
    // the tick does what the preview listed (docs/architecture.md#invariants, 8)
    await engine.app.get(TickService).tick(new Date('2026-06-16T07:05:00Z'));
    const touched = (await ledger(engine.ds))
      .filter((r) => r.rule_id === created.body.id)
      .map((r) => r.customer_id)
      .sort();
    expect(touched).toEqual(previewed);
  });

  it('refuses an unknown tier name in the API and in YAML, naming the field and the tiers', async () => {
    const typo = await request(engine.url)
      .post('/api/rules')
      .set(owner)
      .send({ name: 'Typo', kind: 'birthday', audience: { tiers: ['VIPP'] } })
      .expect(400);
    expect(typo.body.fields).toEqual([
      { field: 'audience.tiers', problem: 'no tier named "VIPP" (tiers: VIP, Regular)' },
    ]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-tiers-')), 'rules.yaml');
    fs.writeFileSync(
      file,
      'rules:\n  - name: YAML typo\n    kind: birthday\n    audience:\n      tiers: [Regualr]\n',
    );
    await expect(engine.app.get(RulesService).loadYamlFile(file)).rejects.toMatchObject({
      fields: [
        { field: 'rules[0] (YAML typo).audience.tiers', problem: expect.stringContaining('"Regualr"') },
      ],
    });
    expect(await engine.ds.getRepository(Rule).countBy({ name: 'YAML typo' })).toBe(0);
  });

  it('refuses to rename or delete a tier a rule names', async () => {
    const vip = (await engine.app.get(TierService).list()).find((t) => t.name === 'VIP')!;
    const rename = await request(engine.url)
      .patch(`/api/tiers/${vip.id}`)
      .set(owner)
      .send({ name: 'Gold' })
      .expect(409);
    expect(rename.body.message).toContain('"VIP birthdays"');
    await request(engine.url).delete(`/api/tiers/${vip.id}`).set(owner).expect(409);
    // other changes are fine
    await request(engine.url)
      .patch(`/api/tiers/${vip.id}`)
      .set(owner)
      .send({ minSpendMinor: 40_000 })
      .expect(200);
  });
});
