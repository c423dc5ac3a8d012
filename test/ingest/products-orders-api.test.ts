import { ContactEvent, Customer, OutboxMessage, Product, RestockEvent, Suppression } from '@touchbase/store';
import { apiCall, startTestEngine, testDatabases, TestEngine, uploadCsv } from '@touchbase/test-kit';

describe.each(testDatabases())('products, orders, waitlist, webhook and GDPR API on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    await apiCall(engine, 'PUT', '/api/customers/by-external-id/C-1', {
      firstName: 'Zofia',
      lastName: 'Wójcik',
      email: 'zofia@example.pl',
      phone: '+48 512 345 678',
      emailConsent: true,
      smsConsent: true,
    });
  });
  afterAll(() => engine.close());

  const restocks = async (sku: string) => {
    const p = await engine.ds.getRepository(Product).findOneByOrFail({ sku });
    return engine.ds.getRepository(RestockEvent).find({ where: { productId: p.id }, order: { id: 'ASC' } });
  };

  it('a stock change from ≤ 0 to > 0 records one restock event; other changes do not', async () => {
    expect(
      (
        await apiCall(engine, 'POST', '/api/products', {
          sku: 'TEA-MATCHA',
          name: 'Matcha',
          stock: 0,
          price: '28.90',
        })
      ).status,
    ).toBe(201);
    expect(
      (await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: 5 })).body.restock,
    ).toMatchObject({ previousStock: 0, newStock: 5, source: 'api' });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: 7 });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: -2 });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: 3 });
    expect((await restocks('TEA-MATCHA')).map((r) => [r.previousStock, r.newStock, r.source])).toEqual([
      [0, 5, 'api'],
      [-2, 3, 'api'],
    ]);
    const p = await apiCall(engine, 'GET', '/api/products/TEA-MATCHA', undefined, 'staff');
    expect(p.body).toMatchObject({ stock: 3, priceMinor: 2890, currency: 'EUR' });
    const bad = await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA/stock', { stock: 'lots' });
    expect([bad.status, bad.body.fields[0].field]).toEqual([400, 'stock']);
    expect((await apiCall(engine, 'PUT', '/api/products/NOPE/stock', { stock: 1 })).status).toBe(404);
  });

  it('orders: exact decimal totals, offsets required, unknown customers named, upsert unchanged', async () => {
    const order = {
      customerExternalId: 'C-1',
      placedAt: '2026-06-14T18:30:00+02:00',
      total: '1049.90',
      currency: 'EUR',
      lines: [{ sku: 'TEA-MATCHA', quantity: 2 }],
    };
    const a = await apiCall(engine, 'PUT', '/api/orders/by-external-id/O-1', order);
    expect(a.body).toMatchObject({
      outcome: 'created',
      order: { totalMinor: 104990, placedAt: '2026-06-14T16:30:00.000Z' },
    });
    expect((await apiCall(engine, 'PUT', '/api/orders/by-external-id/O-1', order)).body.outcome).toBe(
      'unchanged',
    );
    const bad = await apiCall(engine, 'POST', '/api/orders', {
      externalId: 'O-2',
      customerExternalId: 'NOBODY',
      placedAt: '2026-06-14 18:30',
      total: '1.999',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['placedAt', 'total']);
    const unknown = await apiCall(engine, 'POST', '/api/orders', {
      ...order,
      externalId: 'O-3',
      customerExternalId: 'NOBODY',
    });
    expect([unknown.status, unknown.body.fields[0].field]).toEqual([400, 'customerExternalId']);
    const list = await apiCall(
      engine,
      'GET',
      `/api/orders?customerId=${a.body.order.customerId}`,
      undefined,
      'staff',
    );
    expect(list.body.items.map((o: { externalId: string }) => o.externalId)).toEqual(['O-1']);
  });

  it('waitlist: join once (keeping the place), list in order, leave', async () => {
    await apiCall(engine, 'PUT', '/api/products/BRW-KETTLE', { name: 'Kettle', stock: 0 });
    const first = await apiCall(engine, 'POST', '/api/waitlist', {
      customerExternalId: 'C-1',
      sku: 'BRW-KETTLE',
    });
    expect(first.status).toBe(201);
    const again = await apiCall(engine, 'POST', '/api/waitlist', {
      customerExternalId: 'C-1',
      sku: 'BRW-KETTLE',
    });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    const bad = await apiCall(engine, 'POST', '/api/waitlist', { customerExternalId: 'NOBODY', sku: 'NOPE' });
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['customerExternalId', 'sku']);
    const list = await apiCall(engine, 'GET', '/api/waitlist?sku=BRW-KETTLE');
    expect(list.body.total).toBe(1);
  });

  it('GDPR: export everything, erase personal data, and a re-import cannot re-subscribe them', async () => {
    const c = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' });
    await engine.ds.getRepository(ContactEvent).insert({
      customerId: c.id,
      occurredAt: engine.clock.now(),
      direction: 'out',
      kind: 'call',
      summary: 'Talked about matcha with Zofia',
    });
    await engine.ds.getRepository(OutboxMessage).insert({
      customerId: c.id,
      channel: 'email',
      recipient: 'zofia@example.pl',
      subject: 'Hi Zofia',
      text: 'Matcha is back',
      status: 'queued',
      nextAttemptAt: engine.clock.now(),
      createdAt: engine.clock.now(),
    });
    expect((await apiCall(engine, 'GET', `/api/customers/${c.id}/export`, undefined, 'staff')).status).toBe(
      403,
    );
    const exp = await apiCall(engine, 'GET', `/api/customers/${c.id}/export`);
    expect(exp.body.customer.email).toBe('zofia@example.pl');
    expect(exp.body.orders).toHaveLength(1);
    expect(exp.body.waitlist).toHaveLength(1);
    // the logged conversation, beside the consent trail the API's consent answers wrote
    const summaries = (exp.body.contactHistory as Array<{ summary: string }>).map((e) => e.summary);
    expect(summaries).toEqual(expect.arrayContaining(['Talked about matcha with Zofia']));
    expect(exp.body.messages[0].recipient).toBe('zofia@example.pl');
    expect(Object.keys(exp.body)).toEqual(expect.arrayContaining(['touches', 'tasks', 'surveyResponses']));

    const erased = await apiCall(engine, 'POST', `/api/customers/${c.id}/erase`);
    expect(erased.body).toMatchObject({ suppressionHashes: 2, cancelledMessages: 1 });
    const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id });
    expect(after).toMatchObject({
      firstName: '',
      lastName: '',
      email: null,
      phone: null,
      externalId: null,
      emailConsent: false,
      smsConsent: false,
      tags: [],
    });
    expect(after.erasedAt).not.toBeNull();
    const msg = await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ customerId: c.id });
    expect(msg).toMatchObject({ status: 'cancelled', recipient: '[erased]', subject: '', text: '' });
    const events = await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id });
    expect(events.length).toBe(summaries.length);
    expect(events.map((e) => e.summary)).toEqual(summaries.map(() => ''));
    const hashes = await engine.ds.getRepository(Suppression).find();
    expect(hashes).toHaveLength(2);
    expect(JSON.stringify(hashes)).not.toMatch(/zofia|512345678/i);

    const csv =
      'external_id,first_name,email,phone,email_consent,sms_consent\nC-9,Zofia,ZOFIA@example.pl,+48512345678,yes,yes\n';
    const imp = await uploadCsv(engine, 'customers', csv);
    expect(imp.status).toBe(200);
    expect(imp.body).toMatchObject({
      applied: true,
      created: 1,
      warnings: [{ line: 2, message: expect.stringMatching(/erased or opted-out/) }],
    });
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-9' })).toMatchObject({
      emailConsent: false,
      smsConsent: false,
    });
  });
});
