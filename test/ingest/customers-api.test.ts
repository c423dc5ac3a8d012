import { Customer } from '@touchbase/store';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

async function call(
  engine: TestEngine,
  method: string,
  path: string,
  body?: unknown,
  role: 'owner' | 'staff' = 'owner',
) {
  const res = await fetch(`${engine.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await engine.auth(role)) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

describe.each(testDatabases())('customers API on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
  });
  afterAll(() => engine.close());

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const res = await call(engine, 'POST', '/api/customers', {
      externalId: 'BAD-1',
      firstName: 'Anna\r\nBcc: x@evil.test',
      email: 'not-an-email',
      phone: '123',
      birthday: '1990-02-30',
      timezone: 'Europe/Nowhere',
      locale: 'fr',
    });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([
      'firstName',
      'email',
      'phone',
      'timezone',
      'birthday',
      'locale',
    ]);
    expect(res.body.message).toMatch(/firstName: .*contains CR/);
    expect(await engine.ds.getRepository(Customer).count({ where: { externalId: 'BAD-1' } })).toBe(0);
  });

  it('refuses a birthday in the future (by the Clock) and unknown properties', async () => {
    const future = await call(engine, 'POST', '/api/customers', {
      email: 'f@example.com',
      birthday: '2026-06-16',
    });
    expect(future.status).toBe(400);
    expect(future.body.fields).toEqual([{ field: 'birthday', problem: expect.stringMatching(/future/) }]);
    const unknown = await call(engine, 'POST', '/api/customers', { email: 'f@example.com', shoeSize: 42 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields[0].field).toBe('shoeSize');
  });

  it('creates a customer with normalized fields; RTL, emoji and <script> stay plain text', async () => {
    const res = await call(engine, 'POST', '/api/customers', {
      externalId: 'C-1',
      firstName: '  <script>alert(1)</script> ',
      lastName: 'محمد 🎉',
      email: '  Mo@Example.COM ',
      phone: '0151 12345678',
      birthday: '--02-29',
      timezone: 'Pacific/Kiritimati',
      locale: 'de-DE',
      preferredChannels: ['sms', 'email'],
      emailConsent: true,
      consentSource: 'checkout',
      tags: ['VIP'],
    });
    expect(res.status).toBe(201);
    expect(res.body.outcome).toBe('created');
    const c = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' });
    expect(c).toMatchObject({
      firstName: '<script>alert(1)</script>',
      lastName: 'محمد 🎉',
      email: 'mo@example.com',
      phone: '+4915112345678',
      birthdayYear: null,
      birthdayMd: '02-29',
      timezone: 'Pacific/Kiritimati',
      locale: 'de',
      preferredChannels: 'sms,email',
      emailConsent: true,
      emailConsentSource: 'checkout',
      smsConsent: false,
      tags: ['vip'],
    });
    expect(c.emailConsentAt!.toISOString()).toBe('2026-06-15T10:00:00.000Z');
    const again = await call(engine, 'POST', '/api/customers', {
      externalId: 'C-1',
      email: 'other@example.com',
    });
    expect(again.status).toBe(409);
  });

  it('upserts by external id: created, unchanged, updated; consent change records when and how', async () => {
    const body = {
      firstName: 'Jürgen',
      lastName: 'Weiß',
      email: 'juergen@example.de',
      birthday: '1980-04-30',
    };
    const a = await call(engine, 'PUT', '/api/customers/by-external-id/C-2', body);
    expect([a.status, a.body.outcome]).toEqual([200, 'created']);
    const b = await call(engine, 'PUT', '/api/customers/by-external-id/C-2', body);
    expect(b.body.outcome).toBe('unchanged');
    engine.clock.advance(60_000);
    const c = await call(engine, 'PUT', '/api/customers/by-external-id/C-2', {
      smsConsent: true,
      phone: '+48 512 345 678',
      consentSource: 'in-store',
    });
    expect(c.body.outcome).toBe('updated');
    expect(c.body.customer).toMatchObject({
      firstName: 'Jürgen',
      phone: '+48512345678',
      smsConsent: true,
      smsConsentSource: 'in-store',
      smsConsentAt: '2026-06-15T10:01:00.000Z',
    });
  });

  it('staff may read but not write', async () => {
    const list = await call(engine, 'GET', '/api/customers', undefined, 'staff');
    expect(list.status).toBe(200);
    const write = await call(engine, 'POST', '/api/customers', { email: 'staff@example.com' }, 'staff');
    expect(write.status).toBe(403);
    const anon = await fetch(`${engine.url}/api/customers`);
    expect(anon.status).toBe(401);
  });

  it('lists with paging (capped) and searches by name, email and phone', async () => {
    for (let i = 0; i < 5; i++)
      await call(engine, 'PUT', `/api/customers/by-external-id/P-${i}`, {
        firstName: `Łucja${i}`,
        lastName: 'Pagowska',
        email: `page${i}@example.pl`,
      });
    const page = await call(engine, 'GET', '/api/customers?q=pagowska&limit=2&offset=2');
    expect(page.body.total).toBe(5);
    expect(page.body.items.map((c: Customer) => c.externalId)).toEqual(['P-2', 'P-3']);
    const byUnicodeName = await call(engine, 'GET', `/api/customers?q=${encodeURIComponent('Łucja3')}`);
    expect(byUnicodeName.body.items.map((c: Customer) => c.externalId)).toEqual(['P-3']);
    const byEmail = await call(engine, 'GET', '/api/customers?q=PAGE4@example');
    expect(byEmail.body.items.map((c: Customer) => c.externalId)).toEqual(['P-4']);
    const byPhone = await call(engine, 'GET', '/api/customers?q=0151%2012345678');
    expect(byPhone.body.items.map((c: Customer) => c.externalId)).toEqual(['C-1']);
    const tooMany = await call(engine, 'GET', '/api/customers?limit=1000');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields[0].field).toBe('limit');
  });

  it('reads one, patches and deletes', async () => {
    const c = await call(engine, 'GET', '/api/customers/by-external-id/C-2');
    expect(c.status).toBe(200);
    const patched = await call(engine, 'PATCH', `/api/customers/${c.body.id}`, {
      notes: 'likes green tea\nprefers calls',
    });
    expect(patched.body.customer.notes).toBe('likes green tea\nprefers calls');
    expect((await call(engine, 'DELETE', `/api/customers/${c.body.id}`)).status).toBe(204);
    expect((await call(engine, 'GET', `/api/customers/${c.body.id}`)).status).toBe(404);
  });

  it('takes a postal address, reads it back, and names a bad country', async () => {
    const made = await call(engine, 'POST', '/api/customers', {
      email: 'post@example.com',
      street: 'Hauptstraße 5',
      postcode: '10115',
      city: 'Berlin',
      country: 'de',
    });
    expect(made.status).toBe(201);
    const id = made.body.customer.id;
    const read = await call(engine, 'GET', `/api/customers/${id}`);
    expect(read.body).toMatchObject({
      street: 'Hauptstraße 5',
      postcode: '10115',
      city: 'Berlin',
      country: 'DE',
    });
    const bad = await call(engine, 'PATCH', `/api/customers/${id}`, { country: 'Germany', city: 'Köln' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['country']);
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id })).city).toBe('Berlin');
    const cleared = await call(engine, 'PATCH', `/api/customers/${id}`, { street: null, postcode: '' });
    expect(cleared.status).toBe(200);
    const after = await engine.ds.getRepository(Customer).findOneByOrFail({ id });
    expect([after.street, after.postcode, after.city]).toEqual([null, null, 'Berlin']);
  });
});
