import * as fs from 'node:fs';
import * as path from 'node:path';
import { Customer, Order, Product, RestockEvent } from '@touchbase/store';
import {
  postWooCommerce,
  startTestEngine,
  testDatabases,
  TestEngine,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

/** WooCommerce REST v3 payload shapes (test/fixtures/woocommerce). */
const fixture = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(__dirname, '../fixtures/woocommerce', `${name}.json`), 'utf8'));

describe.each(testDatabases())('WooCommerce webhooks on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T16:00:00Z', env: WEBHOOK_TEST_ENV });
  });
  afterAll(() => engine.close());

  const john = () => engine.ds.getRepository(Customer).findOneBy({ email: 'john.doe@example.com' });
  const product = () => engine.ds.getRepository(Product).findOneByOrFail({ sku: 'WOO-PREMIUM' });

  it('a forged signature answers 401 and changes nothing; the unsigned ping on saving is answered', async () => {
    const r = await postWooCommerce(engine, 'customer.created', fixture('customer-created'), {
      secret: 'not-the-woo-secret-0123456789',
    });
    expect(r.status).toBe(401);
    expect(await john()).toBeNull();
    const ping = await fetch(`${engine.url}/webhooks/woocommerce`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_id=7',
    });
    expect([ping.status, await ping.json()]).toEqual([200, { ping: true }]);
  });

  it('customer.created maps names, email and the billing phone (by the billing country); no consent invented', async () => {
    const r = await postWooCommerce(engine, 'customer.created', fixture('customer-created'), {
      deliveryId: '1001',
    });
    expect([r.status, r.body.applied]).toEqual([200, ['customer:25']]);
    expect(await john()).toMatchObject({
      externalId: 'woocommerce:25',
      firstName: 'John',
      lastName: 'Doe',
      phone: '+48512345678',
      emailConsent: false,
      smsConsent: false,
    });
  });

  it('a delivery id seen before, or an older customer.updated, changes nothing; a newer one applies', async () => {
    const renamed = { ...fixture('customer-created'), first_name: 'Jan' };
    expect((await postWooCommerce(engine, 'customer.updated', renamed, { deliveryId: '1001' })).body).toEqual(
      {
        duplicate: true,
      },
    );
    expect((await postWooCommerce(engine, 'customer.updated', renamed)).body.stale).toEqual(['customer:25']);
    expect((await john())!.firstName).toBe('John');
    const newer = { ...renamed, date_modified_gmt: '2026-06-15T08:00:00' };
    expect((await postWooCommerce(engine, 'customer.updated', newer)).body.applied).toEqual(['customer:25']);
    expect((await john())!.firstName).toBe('Jan');
    expect(await engine.ds.getRepository(Customer).count()).toBe(1);
  });

  it('product.updated sets name, price and managed stock; a later restock is recorded', async () => {
    const r = await postWooCommerce(engine, 'product.updated', {
      ...fixture('product-updated'),
      stock_quantity: 0,
    });
    expect(r.status).toBe(200);
    expect(await product()).toMatchObject({ name: 'Premium Quality', priceMinor: 2199, stock: 0 });
    const restocked = { ...fixture('product-updated'), date_modified_gmt: '2026-06-15T12:00:00' };
    expect((await postWooCommerce(engine, 'product.updated', restocked)).body.applied).toContain(
      'stock:WOO-PREMIUM',
    );
    const p = await product();
    expect(p.stock).toBe(4);
    expect(await engine.ds.getRepository(RestockEvent).countBy({ productId: p.id, source: 'webhook' })).toBe(
      1,
    );
    const noSku = { ...fixture('product-updated'), id: 795, sku: '' };
    expect((await postWooCommerce(engine, 'product.updated', noSku)).body.skipped).toEqual([
      'product:795 without SKU',
    ]);
  });

  it('order.created: decimal total to minor units, lines by SKU, linked to the customer; unknown SKUs reported', async () => {
    const r = await postWooCommerce(engine, 'order.created', fixture('order-created'));
    expect(r.body.unknownSkus).toEqual(['Bar3']);
    const order = await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'woocommerce:727' });
    expect(order).toMatchObject({
      customerId: (await john())!.id,
      totalMinor: 43980,
      currency: 'EUR',
      placedAt: new Date('2026-06-15T05:12:00Z'),
    });
    expect((await john())!.firstName).toBe('Jan'); // the order's billing name does not overwrite the customer
    expect(await engine.ds.getRepository(Product).existsBy({ sku: 'Bar3' })).toBe(false);
  });

  it('malformed payloads answer 400 naming the field and change nothing', async () => {
    const bad = {
      ...fixture('order-created'),
      id: 728,
      line_items: 'lots',
      date_created_gmt: 'yesterday',
      date_paid_gmt: null,
    };
    const r = await postWooCommerce(engine, 'order.created', bad);
    expect([r.status, r.body.fields.map((f: { field: string }) => f.field)]).toEqual([
      400,
      ['date_created_gmt', 'line_items'],
    ]);
    const badTotal = { ...fixture('order-created'), id: 729, total: '4,39.80' };
    const t = await postWooCommerce(engine, 'order.created', badTotal);
    expect([t.status, t.body.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['order.total']]);
    expect(await engine.ds.getRepository(Order).count()).toBe(1);
    expect((await postWooCommerce(engine, 'coupon.created', {})).body.fields[0].field).toBe(
      'X-WC-Webhook-Topic',
    );
  });
});
