import * as fs from 'node:fs';
import * as path from 'node:path';
import { TickService } from '@touchbase/rules';
import { Order, Product } from '@touchbase/store';
import {
  createUserWithToken,
  joinWaitlist,
  ledger,
  makeCustomer,
  makeRule,
  postShopify,
  postWooCommerce,
  startRulesEngine,
  testDatabases,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

const fixture = (dir: string, name: string) =>
  fs.readFileSync(path.join(__dirname, '../fixtures', dir, `${name}.json`), 'utf8');

/** From a shop's webhooks to touches: the thank-you after a big order, back-in-stock after a restock. */
describe.each(testDatabases())('shops end to end on $name', (db) => {
  let engine: Engine;
  beforeEach(async () => {
    engine = await startRulesEngine(db, { real: true, at: '2026-06-15T09:30:00Z', env: WEBHOOK_TEST_ENV });
  });
  afterEach(() => engine?.close());

  const rules = async (thanks: 'email' | 'task', minTotal: number) => {
    const now = engine.clock.now();
    await createUserWithToken(engine.ds, 'staff', now, 'Sam Staff');
    await makeRule(engine.ds, now, {
      kind: 'big_purchase_thanks',
      channel: thanks,
      templateKey: 'big_purchase_thanks',
      transactional: true,
      params: { min_total: { EUR: minTotal } },
    });
    return makeRule(engine.ds, now, {
      kind: 'back_in_stock',
      templateKey: 'back_in_stock',
      transactional: true,
      params: { per_unit: 1 },
    });
  };

  const waiting = async (sku: string) => {
    const product = await engine.ds.getRepository(Product).findOneByOrFail({ sku });
    const now = engine.clock.now();
    const a = await makeCustomer(engine.ds, now, { firstName: 'Wanda' });
    const b = await makeCustomer(engine.ds, now, { firstName: 'Wiktor' });
    await joinWaitlist(engine.ds, a.id, product.id, new Date(now.getTime() - 60_000));
    await joinWaitlist(engine.ds, b.id, product.id, now);
    return product;
  };

  it('Shopify: an order over the threshold gets the thank-you email; inventory_levels/update brings the back-in-stock emails', async () => {
    await rules('email', 30_000);
    await postShopify(engine, 'customers/create', fixture('shopify', 'customers-create'));
    await postShopify(engine, 'products/update', fixture('shopify', 'products-update'));
    const product = await waiting('example-shirt-s');
    expect((await postShopify(engine, 'orders/create', fixture('shopify', 'orders-create'))).status).toBe(
      200,
    );
    expect(
      (await postShopify(engine, 'inventory_levels/update', fixture('shopify', 'inventory-levels-update')))
        .status,
    ).toBe(200);

    await engine.app.get(TickService).tick(new Date('2026-06-15T09:35:00Z'));
    const order = await engine.ds
      .getRepository(Order)
      .findOneByOrFail({ externalId: 'shopify:820982911946154508' });
    const rows = await ledger(engine.ds);
    expect(
      rows.filter((r) => r.occasion_key === `order:${order.id}`).map((r) => [r.customer_id, r.status]),
    ).toEqual([[order.customerId, 'queued']]);
    const restocks = rows.filter((r) => r.occasion_key.startsWith(`restock:${product.id}:`));
    expect(restocks.map((r) => r.status)).toEqual(['queued', 'queued']);
  });

  it('WooCommerce: an order over the threshold gets the thank-you call task; product.updated stock brings the back-in-stock emails', async () => {
    await rules('task', 40_000);
    const premium = JSON.parse(fixture('woocommerce', 'product-updated'));
    await postWooCommerce(engine, 'customer.created', fixture('woocommerce', 'customer-created'));
    await postWooCommerce(engine, 'product.updated', {
      ...premium,
      stock_quantity: 0,
      date_modified_gmt: '2026-06-15T08:00:00',
    });
    const product = await waiting('WOO-PREMIUM');
    expect(
      (await postWooCommerce(engine, 'order.created', fixture('woocommerce', 'order-created'))).status,
    ).toBe(200);
    expect((await postWooCommerce(engine, 'product.updated', premium)).body.applied).toContain(
      'stock:WOO-PREMIUM',
    );

    await engine.app.get(TickService).tick(new Date('2026-06-15T09:35:00Z'));
    const order = await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'woocommerce:727' });
    const rows = await ledger(engine.ds);
    expect(rows.filter((r) => r.occasion_key === `order:${order.id}`).map((r) => r.status)).toEqual(['task']);
    expect(
      rows.filter((r) => r.occasion_key.startsWith(`restock:${product.id}:`)).map((r) => r.status),
    ).toEqual(['queued', 'queued']);
  });
});
