import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { CsvImportService, CustomerService, DemoDataService, OrderService } from '@touchbase/ingest';
import { TickService } from '@touchbase/rules';
import { checkSpend, Customer, Order, readSpendEdge, rows } from '@touchbase/store';
import {
  postShopify,
  postWooCommerce,
  startTestEngine,
  testDatabases,
  TestEngine,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

const fixture = (shop: string, name: string) =>
  fs.readFileSync(path.join(__dirname, '../fixtures', shop, `${name}.json`), 'utf8');

/** Every way an order enters or leaves the store keeps the 12-month spend rollup equal to the orders. */
describe.each(testDatabases())('the spend rollup through every order path on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T16:00:00Z', env: WEBHOOK_TEST_ENV });
  });
  afterAll(() => engine.close());

  const spendOf = async (customerId: number) =>
    (
      await rows<Record<string, unknown>>(
        engine.ds,
        'SELECT currency, spend_minor, order_count FROM customer_spend WHERE customer_id = ? ORDER BY currency',
        [customerId],
      )
    ).map((r) => [String(r.currency), Number(r.spend_minor), Number(r.order_count)]);
  const expectExact = async () => {
    const check = await checkSpend(engine.ds);
    expect(check.examples).toEqual([]);
    expect(check.mismatches).toBe(0);
    return check;
  };
  const importCsv = (kind: 'customers' | 'orders', lines: string[]) =>
    engine.app.get(CsvImportService).import(kind, Readable.from([Buffer.from(lines.join('\n'), 'utf8')]));

  it('demo data, then the tick’s daily step moves the window', async () => {
    await engine.app.get(DemoDataService).seed(engine.clock.now());
    const check = await expectExact();
    expect(check.rows).toBeGreaterThan(100);
    expect(check.edge).toBe(0);
    const ticks = engine.app.get(TickService);
    await ticks.tick(new Date('2026-06-15T16:00:00Z'));
    expect(await readSpendEdge(engine.ds)).toBe(Date.UTC(2025, 5, 15));
    await ticks.tick(new Date('2026-09-01T08:00:00Z'));
    await ticks.tick(new Date('2026-09-02T08:00:00Z'));
    expect(await readSpendEdge(engine.ds)).toBe(Date.UTC(2025, 8, 2));
    const after = await expectExact();
    expect(after.rows).toBeLessThan(check.rows + 10);
  });

  it('CSV import: new orders and re-imported ones with another total, date or customer', async () => {
    await importCsv('customers', [
      'external_id,first_name,email',
      'C-1,Ada,ada@example.com',
      'C-2,Bo,bo@example.com',
    ]);
    const r = await importCsv('orders', [
      'Order ID,Customer ID,Date,Total,Currency',
      'O-1,C-1,2026-05-01T12:00:00Z,10.00,EUR',
      'O-2,C-1,2026-05-02T12:00:00Z,20.00,EUR',
      'O-3,C-2,2026-05-03T12:00:00Z,5.00,USD',
      'O-2,C-1,2026-05-02T12:00:00Z,25.00,EUR', // the same order twice in one file: the last counts
    ]);
    expect(r.applied).toBe(true);
    const c1 = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' });
    const c2 = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-2' });
    expect(await spendOf(c1.id)).toEqual([['EUR', 3500, 2]]);
    await importCsv('orders', [
      'Order ID,Customer ID,Date,Total,Currency',
      'O-1,C-2,2026-05-01T12:00:00Z,10.00,EUR', // moved to another customer
      'O-3,C-2,2026-05-03T12:00:00Z,7.50,USD',
    ]);
    expect(await spendOf(c1.id)).toEqual([['EUR', 2500, 1]]);
    expect(await spendOf(c2.id)).toEqual([
      ['EUR', 1000, 1],
      ['USD', 750, 1],
    ]);
    await expectExact();
  });

  it('API: create, upsert and delete an order; delete a customer', async () => {
    const orders = engine.app.get(OrderService);
    const c1 = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' });
    const { order } = await orders.create({
      externalId: 'A-1',
      customerExternalId: 'C-1',
      placedAt: '2026-06-01T10:00:00Z',
      totalMinor: 4000,
      currency: 'EUR',
    });
    expect(await spendOf(c1.id)).toEqual([['EUR', 6500, 2]]);
    await orders.upsertByExternalId('A-1', {
      customerExternalId: 'C-1',
      placedAt: '2026-06-01T10:00:00Z',
      totalMinor: 1000,
      currency: 'EUR',
    });
    expect(await spendOf(c1.id)).toEqual([['EUR', 3500, 2]]);
    await orders.delete(order.id);
    expect(await spendOf(c1.id)).toEqual([['EUR', 2500, 1]]);
    await expectExact();
    await engine.app.get(CustomerService).delete(c1.id);
    expect(await spendOf(c1.id)).toEqual([]);
    await expectExact();
  });

  it('Shopify and WooCommerce order webhooks, and a repeated one', async () => {
    expect(
      (await postShopify(engine, 'customers/create', fixture('shopify', 'customers-create'))).status,
    ).toBe(200);
    expect((await postShopify(engine, 'orders/create', fixture('shopify', 'orders-create'))).status).toBe(
      200,
    );
    const bob = await engine.ds.getRepository(Customer).findOneByOrFail({ email: 'bob@biller.com' });
    const shopOrder = await engine.ds.getRepository(Order).findOneByOrFail({ customerId: bob.id });
    expect(await spendOf(bob.id)).toEqual([['EUR', shopOrder.totalMinor, 1]]);

    const woo = (name: string) => fixture('woocommerce', name);
    expect((await postWooCommerce(engine, 'customer.created', woo('customer-created'))).status).toBe(200);
    expect((await postWooCommerce(engine, 'order.created', woo('order-created'))).status).toBe(200);
    // a later version of the order (another total) arrives twice; the second one is stale
    const changed = woo('order-created')
      .replace('"total": "439.80"', '"total": "500.00"')
      .replace('"date_modified_gmt": "2026-06-15T05:12:00"', '"date_modified_gmt": "2026-06-15T06:00:00"');
    expect((await postWooCommerce(engine, 'order.created', changed)).body.applied).toContain('order:727');
    expect((await postWooCommerce(engine, 'order.created', changed)).body.stale).toContain('order:727');
    const wooOrder = await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'woocommerce:727' });
    expect(await spendOf(wooOrder.customerId)).toEqual([['EUR', wooOrder.totalMinor, 1]]);
    await expectExact();
  });
});
