import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from '@nestjs/common';
import { ContactEvent, Customer, Order, Product, RestockEvent } from '@touchbase/store';
import {
  postShopify,
  startTestEngine,
  testDatabases,
  TestEngine,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

/** Shopify's documented payload shapes (test/fixtures/shopify), as raw text so 64-bit ids stay exact. */
const fixture = (name: string) =>
  fs.readFileSync(path.join(__dirname, '../fixtures/shopify', `${name}.json`), 'utf8');
const edit = (name: string, patch: (text: string) => string) => patch(fixture(name));

describe.each(testDatabases())('Shopify webhooks on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T16:00:00Z', env: WEBHOOK_TEST_ENV });
  });
  afterAll(() => engine.close());

  const customers = () => engine.ds.getRepository(Customer).find({ order: { id: 'ASC' } });
  const bob = () => engine.ds.getRepository(Customer).findOneByOrFail({ email: 'bob@biller.com' });

  it('a forged or missing HMAC answers 401 and changes nothing', async () => {
    const body = fixture('customers-create');
    expect(
      (await postShopify(engine, 'customers/create', body, { secret: 'not-the-shop-secret-0123' })).status,
    ).toBe(401);
    expect((await postShopify(engine, 'customers/create', body, { hmac: '' })).status).toBe(401);
    expect(
      (await postShopify(engine, 'customers/create', body, { secret: engine.config.secret })).status,
    ).toBe(401);
    expect(await customers()).toEqual([]);
  });

  it('customers/create maps names, email, phone (by the address country) and marketing consent', async () => {
    const r = await postShopify(engine, 'customers/create', fixture('customers-create'), {
      webhookId: 'wh-c1',
    });
    expect(r.status).toBe(200);
    expect(r.body.applied).toEqual(['customer:706405506930370084']);
    expect(await bob()).toMatchObject({
      externalId: 'shopify:706405506930370084',
      firstName: 'Bob',
      lastName: 'Biller',
      phone: '+49301234567',
      emailConsent: true,
      emailConsentSource: 'shopify',
      smsConsent: false,
    });
  });

  it('the same webhook id again answers 200 { duplicate } and changes nothing', async () => {
    const renamed = edit('customers-create', (t) =>
      t.replace('"first_name": "Bob"', '"first_name": "Robert"'),
    );
    const r = await postShopify(engine, 'customers/update', renamed, { webhookId: 'wh-c1' });
    expect([r.status, r.body]).toEqual([200, { duplicate: true }]);
    expect((await bob()).firstName).toBe('Bob');
  });

  it('an older update (a replay with a new id, or out of order) is stale; a newer one applies', async () => {
    const older = edit('customers-create', (t) =>
      t
        .replace('"first_name": "Bob"', '"first_name": "Robert"')
        .replace(/"updated_at": "[^"]+"/, '"updated_at": "2026-06-14T11:00:00-04:00"'),
    );
    const stale = await postShopify(engine, 'customers/update', older);
    expect(stale.body.stale).toEqual(['customer:706405506930370084']);
    expect((await bob()).firstName).toBe('Bob');
    const newer = edit('customers-create', (t) =>
      t
        .replace('"first_name": "Bob"', '"first_name": "Robert"')
        .replace(/"updated_at": "[^"]+"/, '"updated_at": "2026-06-15T09:00:00-04:00"')
        .replace('"state": "subscribed"', '"state": "unsubscribed"'),
    );
    expect((await postShopify(engine, 'customers/update', newer)).body.applied).toHaveLength(1);
    expect(await bob()).toMatchObject({ firstName: 'Robert', emailConsent: false });
    expect(await customers()).toHaveLength(1);
  });

  it('an update before its create leaves one record with the newer data', async () => {
    const make = (name: string, at: string) =>
      edit('customers-create', (t) =>
        t
          .replace(/706405506930370084/g, '706405506930370999')
          .replace('bob@biller.com', 'ada@example.de')
          .replace('"first_name": "Bob"', `"first_name": "${name}"`)
          .replace(/"updated_at": "[^"]+"/, `"updated_at": "${at}"`),
      );
    await postShopify(engine, 'customers/update', make('Ada', '2026-06-15T10:00:00Z'));
    await postShopify(engine, 'customers/create', make('Adaa', '2026-06-15T09:00:00Z'));
    const ada = (await customers()).filter((c) => c.email === 'ada@example.de');
    expect(ada.map((c) => c.firstName)).toEqual(['Ada']);
  });

  it('a malformed payload answers 400 naming the field, logged without personal data', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const bad = edit('customers-create', (t) =>
      t.replace('"email": "bob@biller.com"', '"email": "bob-at-biller"').replace(/706405506930370084/g, '1'),
    );
    const r = await postShopify(engine, 'customers/create', bad);
    expect([r.status, r.body.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['email']]);
    const logged = warn.mock.calls.map((c) => String(c[0])).join('\n');
    expect(logged).toContain('email');
    expect(logged).not.toContain('bob-at-biller');
    warn.mockRestore();
    expect(await engine.ds.getRepository(Customer).existsBy({ externalId: 'shopify:1' })).toBe(false);
    expect((await postShopify(engine, 'carts/create', '{}')).body.fields[0].field).toBe('X-Shopify-Topic');
    const level = await postShopify(
      engine,
      'inventory_levels/update',
      '{"inventory_item_id": "x", "available": 1.5}',
    );
    expect(level.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'inventory_item_id',
      'location_id',
      'available',
    ]);
  });

  it('products/update makes one product per variant SKU and links its inventory item; levels set the stock', async () => {
    const r = await postShopify(engine, 'products/update', fixture('products-update'));
    expect(r.body).toMatchObject({ skipped: ['1 variant(s) without SKU'] });
    const shirt = await engine.ds.getRepository(Product).findOneByOrFail({ sku: 'example-shirt-s' });
    expect(shirt).toMatchObject({ name: 'Example T-Shirt – Small', priceMinor: 1999, stock: 0 });
    const level = await postShopify(engine, 'inventory_levels/update', fixture('inventory-levels-update'));
    expect(level.body.applied).toEqual(['stock:example-shirt-s']);
    const after = await engine.ds.getRepository(Product).findOneByOrFail({ sku: 'example-shirt-s' });
    expect(after.stock).toBe(6);
    expect(
      await engine.ds.getRepository(RestockEvent).countBy({ productId: after.id, source: 'webhook' }),
    ).toBe(1);
    // the captured delivery re-sent with a fresh webhook id changes nothing (its updated_at is not news)
    await engine.ds.getRepository(Product).update({ id: after.id }, { stock: 0 });
    const replay = await postShopify(engine, 'inventory_levels/update', fixture('inventory-levels-update'));
    expect(replay.body.stale).toHaveLength(1);
    expect((await engine.ds.getRepository(Product).findOneByOrFail({ id: after.id })).stock).toBe(0);
    await engine.ds.getRepository(Product).update({ id: after.id }, { stock: 6 });
  });

  it('a level before its product is kept and applied when the product arrives; unknown items are reported', async () => {
    const early = edit('inventory-levels-update', (t) => t.replace('271878346596884015', '555000111'));
    expect((await postShopify(engine, 'inventory_levels/update', early)).body.unknownSkus).toEqual([
      'inventory_item:555000111',
    ]);
    const newer = edit('products-update', (t) =>
      t
        .replace('"inventory_item_id": 49148385', '"inventory_item_id": 555000111')
        .replace(/"updated_at": "2026-06-14T12:00:00-04:00"/, '"updated_at": "2026-06-15T12:00:00-04:00"'),
    );
    await postShopify(engine, 'products/update', newer);
    expect((await engine.ds.getRepository(Product).findOneByOrFail({ sku: 'example-shirt-m' })).stock).toBe(
      6,
    );
  });

  it('orders/create: shop money in minor units, lines by SKU, the customer linked; unknown SKUs reported', async () => {
    const r = await postShopify(engine, 'orders/create', fixture('orders-create'));
    expect(r.status).toBe(200);
    expect(r.body.unknownSkus).toEqual(['IPOD2008PINK']);
    const order = await engine.ds
      .getRepository(Order)
      .findOneByOrFail({ externalId: 'shopify:820982911946154508' });
    expect(order).toMatchObject({
      customerId: (await bob()).id,
      totalMinor: 40300,
      currency: 'EUR',
      placedAt: new Date('2026-06-15T09:12:00Z'),
    });
    expect(order.lines.map((l) => [l.sku, l.quantity])).toEqual([
      ['example-shirt-s', 1],
      ['IPOD2008PINK', 1],
    ]);
    expect(await engine.ds.getRepository(Product).existsBy({ sku: 'IPOD2008PINK' })).toBe(false);
    // orders/paid for the same order (same updated_at) is not news: still one order
    expect((await postShopify(engine, 'orders/paid', fixture('orders-create'))).body.stale).toEqual([
      'customer:706405506930370084',
      'order:820982911946154508',
    ]);
    expect(await engine.ds.getRepository(Order).count()).toBe(1);
  });

  it('a guest order with an unknown email is reported, not given an invented customer', async () => {
    const guest = JSON.parse(
      fixture('orders-create').replace('"id": 820982911946154508', '"id": "820982911946154600"'),
    );
    delete guest.customer;
    guest.email = 'guest@example.org';
    const r = await postShopify(engine, 'orders/create', guest);
    expect(r.body.unknownCustomers).toEqual(['order:820982911946154600']);
    expect(await engine.ds.getRepository(Customer).existsBy({ email: 'guest@example.org' })).toBe(false);
  });

  it('privacy: data_request is noted on the customer; customers/redact and shop/redact erase', async () => {
    const customer = await bob();
    expect(
      (await postShopify(engine, 'customers/data_request', fixture('customers-data-request'))).status,
    ).toBe(200);
    expect(
      await engine.ds.getRepository(ContactEvent).findBy({ customerId: customer.id, kind: 'data_request' }),
    ).toHaveLength(1);
    expect((await postShopify(engine, 'customers/redact', fixture('customers-redact'))).status).toBe(200);
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: customer.id })).toMatchObject({
      email: null,
      firstName: '',
      erasedAt: expect.any(Date),
    });
    expect((await postShopify(engine, 'shop/redact', fixture('shop-redact'))).status).toBe(200);
    const left = (await customers()).filter((c) => c.externalId?.startsWith('shopify:'));
    expect(left).toEqual([]);
    expect((await customers()).every((c) => c.erasedAt)).toBe(true);
  });
});
