import { CustomerService } from '@touchbase/ingest';
import { RulesService } from '@touchbase/rules';
import { RestockEvent } from '@touchbase/store';
import { apiCall, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/** The waitlist's places in order and the restock preview over the API (docs/ingest.md#api). */
describe.each(testDatabases())('waitlist places and restock preview API on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-11-27T10:00:00Z' });
    await apiCall(engine, 'PUT', '/api/products/CUP-1', { name: 'Cup', stock: 0 });
    await apiCall(engine, 'PUT', '/api/products/ANV-2', { name: 'Anvil', stock: 0 });
    const customers = engine.app.get(CustomerService);
    for (const [i, name] of ['Ada', 'Ben', 'Cy'].entries()) {
      const { customer } = await customers.create({
        firstName: name,
        lastName: 'Q',
        email: `${name}@example.test`,
      });
      engine.clock.advance(60_000);
      // staff may put a customer on a waitlist at the counter
      const joined = await apiCall(
        engine,
        'POST',
        '/api/waitlist',
        { customerId: customer.id, sku: 'CUP-1' },
        'staff',
      );
      expect(joined.status).toBe(201);
      if (i === 1)
        await apiCall(engine, 'POST', '/api/waitlist', { customerId: customer.id, sku: 'ANV-2' }, 'staff');
    }
  });
  afterAll(() => engine.close());

  it('lists the places in order with their position, per product or for all', async () => {
    const one = await apiCall(engine, 'GET', '/api/waitlist/places?sku=CUP-1', undefined, 'staff');
    expect(one.status).toBe(200);
    expect(
      one.body.items.map((p: { position: number; customer: { name: string } }) => [
        p.position,
        p.customer.name,
      ]),
    ).toEqual([
      [1, 'Ada Q'],
      [2, 'Ben Q'],
      [3, 'Cy Q'],
    ]);
    const all = await apiCall(engine, 'GET', '/api/waitlist/places');
    expect(
      all.body.items.map(
        (p: { position: number; product: { sku: string } }) => `${p.product.sku}#${p.position}`,
      ),
    ).toEqual(['ANV-2#1', 'CUP-1#1', 'CUP-1#2', 'CUP-1#3']);
    expect(all.body.total).toBe(4);
    const unknown = await apiCall(engine, 'GET', '/api/waitlist/places?sku=NOPE');
    expect(unknown.status).toBe(404);
  });

  it('previews how many a restock will tell, per rule, and changes nothing', async () => {
    const none = await apiCall(engine, 'GET', '/api/products/CUP-1/restock-preview?stock=2');
    expect(none.body).toEqual({ waiting: 3, restock: true, willTell: 0, rules: [] });
    const rules = engine.app.get(RulesService);
    const a = await rules.create({
      name: 'Tell two per unit',
      kind: 'back_in_stock',
      channel: 'email',
      templateKey: 'back_in_stock',
      params: { per_unit: 2 },
    });
    const preview = await apiCall(
      engine,
      'GET',
      '/api/products/CUP-1/restock-preview?stock=1',
      undefined,
      'staff',
    );
    expect(preview.body).toEqual({
      waiting: 3,
      restock: true,
      willTell: 2,
      rules: [{ id: a.id, name: 'Tell two per unit', tells: 2 }],
    });
    expect((await apiCall(engine, 'GET', '/api/products/CUP-1/restock-preview?stock=5')).body.willTell).toBe(
      3,
    );
    expect((await apiCall(engine, 'GET', '/api/products/CUP-1/restock-preview?stock=0')).body).toMatchObject({
      restock: false,
      willTell: 0,
    });
    const bad = await apiCall(engine, 'GET', '/api/products/CUP-1/restock-preview?stock=many');
    expect([bad.status, bad.body.fields[0].field]).toEqual([400, 'stock']);
    expect(await engine.ds.getRepository(RestockEvent).count()).toBe(0);
  });

  it('documents both in OpenAPI', async () => {
    const res = await fetch(`${engine.url}/api/docs/json`, { headers: await engine.auth('staff') });
    const doc = (await res.json()) as { paths: Record<string, Record<string, { summary?: string }>> };
    expect(doc.paths['/api/waitlist/places'].get.summary).toMatch(
      /in the order the back-in-stock rule tells/,
    );
    expect(doc.paths['/api/products/{sku}/restock-preview'].get.summary).toMatch(/Changes nothing$/);
  });
});
