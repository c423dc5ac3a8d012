import { Product, RestockEvent } from '@touchbase/store';
import {
  apiCall,
  INVENTORY_TEST_SECRET,
  postInventory,
  startTestEngine,
  testDatabases,
  TestEngine,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

/** The signed inventory webhook (docs/shops.md#inventory-webhook): signature, window, replays, batches, rotation. */
describe.each(testDatabases())('inventory webhook on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z', env: WEBHOOK_TEST_ENV });
    await apiCall(engine, 'PUT', '/api/products/GRD-HAND', { name: 'Hand grinder', stock: 0 });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA', { name: 'Matcha', stock: 0 });
  });
  afterAll(() => engine.close());

  const stock = async (sku: string) =>
    (await engine.ds.getRepository(Product).findOneByOrFail({ sku })).stock;
  const restockCount = () => engine.ds.getRepository(RestockEvent).count();

  it('a valid signature over timestamp and body applies; unknown SKUs are reported, not created', async () => {
    const r = await postInventory(engine, {
      items: [
        { sku: 'GRD-HAND', stock: 4 },
        { sku: 'UNKNOWN', stock: 1 },
      ],
    });
    expect([r.status, r.body]).toEqual([
      200,
      { updated: [{ sku: 'GRD-HAND', stock: 4, restocked: true }], unknownSkus: ['UNKNOWN'] },
    ]);
    expect(await engine.ds.getRepository(Product).existsBy({ sku: 'UNKNOWN' })).toBe(false);
  });

  it('forged signatures, APP_SECRET, a missing timestamp or one outside the window answer 401 and change nothing', async () => {
    const body = { sku: 'TEA-MATCHA', stock: 9 };
    const now = Math.floor(engine.clock.now().getTime() / 1000);
    const before = await restockCount();
    expect((await postInventory(engine, body, { secret: 'wrong-secret-0123456789abcdef' })).status).toBe(401);
    expect((await postInventory(engine, body, { secret: engine.config.secret })).status).toBe(401);
    expect((await postInventory(engine, body, { signature: '' })).status).toBe(401);
    expect((await postInventory(engine, body, { timestamp: now - 301 })).status).toBe(401);
    expect((await postInventory(engine, body, { timestamp: now + 301 })).status).toBe(401);
    const raw = JSON.stringify(body);
    const noTs = await fetch(`${engine.url}/webhooks/inventory`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-touchbase-signature': 'sha256=00' },
      body: raw,
    });
    expect(noTs.status).toBe(401);
    expect(await stock('TEA-MATCHA')).toBe(0);
    expect(await restockCount()).toBe(before);
    // inside the window (300 s) is fine
    expect(
      (await postInventory(engine, { sku: 'TEA-MATCHA', stock: 0 }, { timestamp: now - 299 })).status,
    ).toBe(200);
  });

  it('a replayed delivery answers 409 and does not reset the stock or record a restock', async () => {
    const ts = Math.floor(engine.clock.now().getTime() / 1000);
    const captured = { sku: 'TEA-MATCHA', stock: 3 };
    expect((await postInventory(engine, captured, { timestamp: ts })).status).toBe(200);
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: 0 });
    const before = await restockCount();
    const replay = await postInventory(engine, captured, { timestamp: ts });
    expect(replay.status).toBe(409);
    expect(await stock('TEA-MATCHA')).toBe(0);
    expect(await restockCount()).toBe(before);
    // the same event id re-signed with a new timestamp is the same event
    expect((await postInventory(engine, { eventId: 'evt-42', sku: 'TEA-MATCHA', stock: 2 })).status).toBe(
      200,
    );
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: 0 });
    const again = await postInventory(
      engine,
      { eventId: 'evt-42', sku: 'TEA-MATCHA', stock: 2 },
      { timestamp: ts + 10 },
    );
    expect(again.status).toBe(409);
    expect(await stock('TEA-MATCHA')).toBe(0);
  });

  it('a batch with a bad item answers 400 naming every bad field and applies none of it', async () => {
    const before = await restockCount();
    const r = await postInventory(engine, {
      items: [{ sku: 'TEA-MATCHA', stock: 5 }, { sku: 'GRD-HAND', stock: 'many' }, { stock: 1 }],
    });
    expect(r.status).toBe(400);
    expect(r.body.fields.map((f: { field: string }) => f.field)).toEqual(['items[1].stock', 'items[2].sku']);
    expect(await stock('TEA-MATCHA')).toBe(0);
    expect(await restockCount()).toBe(before);
    // JSON that does not parse is refused by the body parser before anything else (400)
    expect((await postInventory(engine, '{"items": [')).status).toBe(400);
    const notAList = await postInventory(engine, { items: 'GRD-HAND' });
    expect([notAList.status, notAList.body.fields[0].field]).toEqual([400, 'items']);
  });

  it('the owner rotates the secret; the previous one is accepted until the overlap ends', async () => {
    const staff = await apiCall(engine, 'PUT', '/api/webhook-secrets/inventory', {}, 'staff');
    expect(staff.status).toBe(403);
    const bad = await apiCall(engine, 'PUT', '/api/webhook-secrets/inventory', { secret: 'short' });
    expect([bad.status, bad.body.message]).toEqual([400, expect.stringContaining('secret')]);
    expect((await apiCall(engine, 'PUT', '/api/webhook-secrets/stripe', {})).status).toBe(400);

    const rotated = await apiCall(engine, 'PUT', '/api/webhook-secrets/inventory', { overlapHours: 2 });
    expect(rotated.status).toBe(200);
    const fresh: string = rotated.body.secret;
    expect(fresh).toMatch(/^[0-9a-f]{64}$/);
    expect(rotated.body.previousValidUntil).toBe('2026-06-15T12:00:00.000Z');
    const list = await apiCall(engine, 'GET', '/api/webhook-secrets');
    expect(list.body).toContainEqual({
      source: 'inventory',
      origin: 'owner',
      rotatedAt: '2026-06-15T10:00:00.000Z',
      previousValidUntil: '2026-06-15T12:00:00.000Z',
    });
    expect(list.body.find((s: { source: string }) => s.source === 'shopify').origin).toBe('environment');
    expect(JSON.stringify(list.body)).not.toContain(fresh);

    expect((await postInventory(engine, { sku: 'GRD-HAND', stock: 6 }, { secret: fresh })).status).toBe(200);
    expect((await postInventory(engine, { sku: 'GRD-HAND', stock: 7 })).status).toBe(200); // old, in overlap
    engine.clock.set(new Date('2026-06-15T12:00:01Z'));
    expect((await postInventory(engine, { sku: 'GRD-HAND', stock: 8 })).status).toBe(401);
    expect(await stock('GRD-HAND')).toBe(7);
    expect((await postInventory(engine, { sku: 'GRD-HAND', stock: 8 }, { secret: fresh })).status).toBe(200);
    expect(INVENTORY_TEST_SECRET).not.toBe(fresh);
  });
});
