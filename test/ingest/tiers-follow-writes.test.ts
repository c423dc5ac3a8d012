import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CsvImportService } from '@touchbase/ingest';
import { Order, TierChange } from '@touchbase/store';
import {
  apiCall,
  postShopify,
  startTestEngine,
  testDatabases,
  TestEngine,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

const DAY = 86_400_000;
const AT = '2026-06-15T16:00:00Z';

/**
 * Service tiers follow every write at once, not at the next daily recompute (a customer saved,
 * an order written by the API or a shop webhook, an import committed), each change recorded as
 * the daily step records it; and the tier travels with the CSV export and the task list
 * (docs/ingest.md#service-tiers).
 */
describe.each(testDatabases())('tiers follow writes on $name', (db) => {
  let engine: TestEngine;
  const tierOf = async (id: number) => (await apiCall(engine, 'GET', `/api/customers/${id}`)).body.tier;
  const changesOf = (customerId: number) =>
    engine.ds.getRepository(TierChange).find({ where: { customerId }, order: { id: 'ASC' } });
  const csv = async (query: string) => {
    const res = await fetch(`${engine.url}/api/customers/export.csv?${query}`, {
      headers: await engine.auth('owner'),
    });
    expect(res.status).toBe(200);
    return (await res.text())
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
  };
  const newCustomer = async (firstName: string, extra: Record<string, unknown> = {}) => {
    const r = await apiCall(engine, 'POST', '/api/customers', { firstName, ...extra });
    expect(r.status).toBe(201);
    return r.body.customer.id as number;
  };

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: AT, env: WEBHOOK_TEST_ENV });
    for (const t of [
      { name: 'VIP', rank: 1, basis: 'activity', minSpendMinor: 50_000, windowDays: 365 },
      { name: '@Regular', rank: 2, basis: 'activity', minOrders: 2, windowDays: 365 },
      { name: 'Shopper', rank: 3, basis: 'activity', minOrders: 1, windowDays: 365 },
    ])
      expect((await apiCall(engine, 'POST', '/api/tiers', t)).status).toBe(201);
  });
  afterAll(() => engine.close());

  it('an order written through the API moves its customer at once; deleting it moves them back', async () => {
    const id = await newCustomer('Vera', { email: 'vera@example.com' });
    expect(await tierOf(id)).toBeNull();
    const big = await apiCall(engine, 'POST', '/api/orders', {
      externalId: 'api-1',
      customerId: id,
      placedAt: '2026-06-10T10:00:00Z',
      totalMinor: 60_000,
    });
    expect(big.status).toBe(201);
    expect(await tierOf(id)).toBe('VIP');
    expect((await changesOf(id)).map((c) => [c.fromName, c.toName, c.reason, c.userId])).toEqual([
      [null, 'VIP', 'computed', null],
    ]);
    expect((await changesOf(id))[0].changedAt).toEqual(new Date(AT));
    expect((await apiCall(engine, 'DELETE', `/api/orders/${big.body.order.id}`)).status).toBe(204);
    expect(await tierOf(id)).toBeNull();
    expect((await changesOf(id)).at(-1)).toMatchObject({ fromName: 'VIP', toName: null, reason: 'computed' });
  });

  it('saving a customer recomputes that customer only, and keeps a tier set by hand', async () => {
    const saved = await newCustomer('Sam');
    const other = await newCustomer('Olga');
    const now = engine.clock.now().getTime();
    // orders written behind the engine's back (as an old import would have): nobody moves yet
    await engine.ds.getRepository(Order).insert(
      [saved, saved, other].map((customerId, i) => ({
        externalId: `raw-${i}`,
        customerId,
        placedAt: new Date(now - (i + 1) * DAY),
        totalMinor: 1_000,
        currency: 'EUR',
        lines: [],
        createdAt: new Date(now),
      })),
    );
    const r = await apiCall(engine, 'PATCH', `/api/customers/${saved}`, { notes: 'likes dark roast' });
    expect(r.status).toBe(200);
    expect(r.body.customer.tier).toBe('@Regular');
    expect(await tierOf(other)).toBeNull();
    const manual = await apiCall(engine, 'PATCH', `/api/customers/${other}`, { tier: 'VIP' });
    expect(manual.body.customer).toMatchObject({ tier: 'VIP', tierManual: true });
    await apiCall(engine, 'PATCH', `/api/customers/${other}`, { notes: 'still VIP by hand' });
    expect(await tierOf(other)).toBe('VIP');
  });

  it('a Shopify order webhook gives the new customer their tier in the same delivery', async () => {
    const body = fs.readFileSync(path.join(__dirname, '../fixtures/shopify/orders-create.json'), 'utf8');
    const r = await postShopify(engine, 'orders/create', body);
    expect(r.status).toBe(200);
    const bob = (await apiCall(engine, 'GET', '/api/customers?q=bob@biller.com')).body.items[0];
    // one order of 403.00 EUR: Shopper (not VIP, not @Regular)
    expect(bob.tier).toBe('Shopper');
    expect((await changesOf(bob.id)).map((c) => [c.toName, c.reason])).toEqual([['Shopper', 'computed']]);
  });

  it('an import recomputes set-based once it has committed, and not after a dry run', async () => {
    const id = await newCustomer('Ida', { externalId: 'imp-1' });
    const imports = engine.app.get(CsvImportService);
    const csv = 'externalId,customerExternalId,placedAt,total\nimp-o1,imp-1,2026-06-01T10:00:00Z,700.00\n';
    const dry = await imports.import('orders', Readable.from([csv]), { dryRun: true });
    expect(dry.applied).toBe(false);
    expect(await tierOf(id)).toBeNull();
    const done = await imports.import('orders', Readable.from([csv]));
    expect(done).toMatchObject({ applied: true, created: 1 });
    expect(await tierOf(id)).toBe('VIP');
    expect((await changesOf(id)).map((c) => [c.toName, c.reason])).toEqual([['VIP', 'computed']]);
  });

  it('the customer CSV export carries the tier, formula-escaped like every cell', async () => {
    const lines = await csv('sort=name');
    const header = lines[0].split(',');
    expect(header.slice(header.indexOf('orderCount'), header.indexOf('orderCount') + 2)).toEqual([
      'orderCount',
      'tier',
    ]);
    const sam = lines.find((l) => l.includes(',Sam,'))!;
    // "@Regular" would be a formula in a spreadsheet: quoted like any such cell
    expect(sam).toContain(`,'@Regular,`);
    // no orders, no tier: an empty cell
    expect(lines.find((l) => l.includes(',Vera,'))).toContain(',0,0,,');
    expect((await csv('tier=VIP')).slice(1)).toEqual([
      expect.stringContaining(',VIP,'),
      expect.stringContaining(',VIP,'),
    ]);
  });

  it('GET /api/tasks carries each task’s customer tier as the daily list does, documented', async () => {
    const sam = (await apiCall(engine, 'GET', '/api/customers?q=Sam')).body.items[0];
    const vera = (await apiCall(engine, 'GET', '/api/customers?q=Vera')).body.items[0];
    for (const c of [sam, vera])
      expect(
        (await apiCall(engine, 'POST', '/api/tasks', { customerId: c.id, kind: 'call', title: 'Call' }))
          .status,
      ).toBe(201);
    const list = (await apiCall(engine, 'GET', '/api/tasks')).body;
    const tierById = new Map(
      list.map((t: { customer: { id: number; tier: string | null } }) => [t.customer.id, t.customer.tier]),
    );
    expect(tierById.get(sam.id)).toBe('@Regular');
    expect(tierById.get(vera.id)).toBeNull();
    expect(list[0].customerId).toBe(list[0].customer.id);
    const today = (await apiCall(engine, 'GET', '/api/tasks/today')).body.items;
    for (const item of today) expect(item.customer.tier).toBe(tierById.get(item.customer.id));
    const doc = (await apiCall(engine, 'GET', '/api/docs/json')).body;
    expect(doc.paths['/api/tasks'].get.summary).toMatch(/customer\.tier/);
  });

  it('with no activity tier left, computed tiers are taken back and hand-set ones stay', async () => {
    const tiers = (await apiCall(engine, 'GET', '/api/tiers')).body as Array<{
      id: number;
      customers: number;
    }>;
    // Sam (@Regular), Olga (VIP by hand), Bob (Shopper), Ida (VIP)
    expect(tiers.reduce((n, t) => n + t.customers, 0)).toBe(4);
    for (const t of tiers)
      expect((await apiCall(engine, 'PATCH', `/api/tiers/${t.id}`, { basis: 'manual' })).status).toBe(200);
    const holders = (await apiCall(engine, 'GET', '/api/customers?tier=VIP')).body.items;
    expect(
      holders.map((c: { firstName: string; tierManual: boolean }) => [c.firstName, c.tierManual]),
    ).toEqual([['Olga', true]]);
    const sam = (await apiCall(engine, 'GET', '/api/customers?q=Sam')).body.items[0];
    expect(sam.tier).toBeNull();
    // step by step: @Regular turned manual moved Sam to Shopper; Shopper, the last activity tier, to none
    expect((await changesOf(sam.id)).slice(-2).map((c) => [c.fromName, c.toName])).toEqual([
      ['@Regular', 'Shopper'],
      ['Shopper', null],
    ]);
    expect((await changesOf(sam.id)).at(-1)).toMatchObject({
      fromName: 'Shopper',
      toName: null,
      reason: 'computed',
    });
  });
});
