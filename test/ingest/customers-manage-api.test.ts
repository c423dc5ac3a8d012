import { ContactEvent, Customer, Order, User } from '@touchbase/store';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

async function call(engine: TestEngine, method: string, path: string, body?: unknown) {
  const res = await fetch(`${engine.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(await engine.auth('owner')) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('json');
  return { status: res.status, body: text && json ? JSON.parse(text) : text };
}

const DAY = 86_400_000;

/** Address, consent history, filters, sort, CSV export and logged contacts through the API. */
describe.each(testDatabases())('managing customers over the API on $name', (db) => {
  let engine: TestEngine;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    const make = async (key: string, body: Record<string, unknown>) => {
      const r = await call(engine, 'POST', '/api/customers', body);
      expect(r.status).toBe(201);
      ids[key] = r.body.customer.id;
    };
    await make('anna', {
      firstName: 'Anna',
      lastName: 'Zimmer',
      email: 'anna@example.com',
      phone: '0151 2345678',
      street: 'Hauptstraße 5',
      postcode: '10115',
      city: 'Berlin',
      country: 'de',
      birthday: '--12-04',
      tags: ['VIP'],
      emailConsent: true,
      consentSource: 'web-form',
    });
    await make('bob', {
      firstName: 'Bob',
      lastName: 'Adler',
      email: 'bob@example.com',
      birthday: '1980-03-02',
    });
    await make('cem', {
      firstName: '=cmd|calc',
      lastName: 'Maier',
      email: 'cem@example.com',
      smsConsent: false,
    });
    const now = engine.clock.now();
    await engine.ds.getRepository(Order).insert([
      {
        externalId: 'o1',
        customerId: ids.bob,
        placedAt: now,
        totalMinor: 50_000,
        currency: 'EUR',
        lines: [],
        createdAt: now,
      },
      {
        externalId: 'o2',
        customerId: ids.bob,
        placedAt: now,
        totalMinor: 25_000,
        currency: 'EUR',
        lines: [],
        createdAt: now,
      },
      {
        externalId: 'o3',
        customerId: ids.anna,
        placedAt: now,
        totalMinor: 9_900,
        currency: 'EUR',
        lines: [],
        createdAt: now,
      },
    ]);
  });
  afterAll(() => engine.close());

  it('stores the postal address and the phone in E.164; a bad country is named', async () => {
    const anna = await engine.ds.getRepository(Customer).findOneByOrFail({ id: ids.anna });
    expect(anna).toMatchObject({
      street: 'Hauptstraße 5',
      postcode: '10115',
      city: 'Berlin',
      country: 'DE',
      phone: '+491512345678',
    });
    const bad = await call(engine, 'PATCH', `/api/customers/${ids.anna}`, {
      country: 'XX',
      city: 'a\nb',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(['country', 'city']);
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: ids.anna })).city).toBe('Berlin');
  });

  it('records every consent change with who, when and how', async () => {
    engine.clock.set('2026-06-15T11:00:00Z');
    const r = await call(engine, 'PATCH', `/api/customers/${ids.anna}`, {
      emailConsent: false,
      smsConsent: true,
      consentSource: 'phone-call',
    });
    expect(r.status).toBe(200);
    const owner = await engine.ds.getRepository(User).findOneByOrFail({ role: 'owner' });
    const trail = await engine.ds.getRepository(ContactEvent).find({
      where: { customerId: ids.anna },
      order: { id: 'ASC' },
    });
    expect(trail.map((e) => [e.kind, e.summary, e.userId, e.occurredAt.toISOString()])).toEqual([
      ['opt_in', 'Email: consent given (web-form)', owner.id, '2026-06-15T10:00:00.000Z'],
      ['opt_out', 'Email: consent withdrawn (phone-call)', owner.id, '2026-06-15T11:00:00.000Z'],
      ['opt_in', 'SMS: consent given (phone-call)', owner.id, '2026-06-15T11:00:00.000Z'],
    ]);
    // the same answer again changes nothing and adds nothing
    await call(engine, 'PATCH', `/api/customers/${ids.anna}`, { emailConsent: false });
    expect(await engine.ds.getRepository(ContactEvent).countBy({ customerId: ids.anna })).toBe(3);
    engine.clock.set('2026-06-15T10:00:00Z');
  });

  it('filters, sorts and pages the list with lifetime figures', async () => {
    const names = (r: { body: { items: Array<{ firstName: string }> } }) =>
      r.body.items.map((c) => c.firstName);
    const bySpend = await call(engine, 'GET', '/api/customers?sort=spend&dir=desc&limit=2');
    expect(bySpend.body.total).toBe(3);
    expect(names(bySpend)).toEqual(['Bob', 'Anna']);
    expect(bySpend.body.items[0]).toMatchObject({ spendMinor: 75_000, orderCount: 2 });
    const next = await call(engine, 'GET', '/api/customers?sort=spend&dir=desc&limit=2&offset=2');
    expect(names(next)).toEqual(['=cmd|calc']);
    expect(names(await call(engine, 'GET', '/api/customers?sort=name'))).toEqual([
      'Bob',
      '=cmd|calc',
      'Anna',
    ]);
    expect(names(await call(engine, 'GET', '/api/customers?tag=vip'))).toEqual(['Anna']);
    expect(names(await call(engine, 'GET', '/api/customers?birthdayMonth=3'))).toEqual(['Bob']);
    expect(names(await call(engine, 'GET', '/api/customers?spendFrom=99&spendTo=100'))).toEqual(['Anna']);
    expect(names(await call(engine, 'GET', '/api/customers?consent=sms'))).toEqual(['Anna']);
    expect(names(await call(engine, 'GET', '/api/customers?consent=none'))).toEqual(['Bob', '=cmd|calc']);
    const bad = await call(engine, 'GET', '/api/customers?sort=shoe&birthdayMonth=13');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['birthdayMonth', 'sort']);
  });

  it('logs a call as a real contact: last contact moves, consent changes do not count', async () => {
    const before = await call(engine, 'GET', '/api/customers?noContactDays=30');
    expect(names3(before.body.items)).toContain('Anna');
    const r = await call(engine, 'POST', `/api/customers/${ids.anna}/contacts`, {
      kind: 'call',
      summary: 'Asked about the autumn collection',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ kind: 'call', direction: 'out', customerId: ids.anna });
    const within = await call(engine, 'GET', '/api/customers?contactWithinDays=1&sort=lastContact&dir=desc');
    expect(names3(within.body.items)).toEqual(['Anna']);
    expect(new Date(within.body.items[0].lastContactAt).getTime()).toBe(engine.clock.now().getTime());
    const emptyNote = await call(engine, 'POST', `/api/customers/${ids.anna}/contacts`, {
      kind: 'note',
      summary: ' ',
    });
    expect(emptyNote.status).toBe(400);
    expect(emptyNote.body.fields[0].field).toBe('summary');
    const later = new Date(engine.clock.now().getTime() + 40 * DAY).toISOString();
    engine.clock.set(later);
    expect(names3((await call(engine, 'GET', '/api/customers?noContactDays=30')).body.items)).toHaveLength(3);
    engine.clock.set('2026-06-15T10:00:00Z');
  });

  it('documents the new endpoints and filters in OpenAPI', async () => {
    const doc = (await call(engine, 'GET', '/api/docs/json')).body;
    expect(doc.paths['/api/customers/export.csv'].get.summary).toMatch(/CSV/);
    expect(doc.paths['/api/customers/{id}/contacts'].post.summary).toMatch(/call or a note/);
    const params = doc.paths['/api/customers'].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(
      expect.arrayContaining([
        'tag',
        'consent',
        'birthdayMonth',
        'spendFrom',
        'spendTo',
        'noContactDays',
        'sort',
        'dir',
      ]),
    );
    expect(Object.keys(doc.components.schemas.CustomerDto.properties)).toEqual(
      expect.arrayContaining(['street', 'postcode', 'city', 'country']),
    );
  });

  it('exports the filtered view as CSV with formula cells escaped', async () => {
    const r = await call(engine, 'GET', '/api/customers/export.csv?sort=name');
    expect(r.status).toBe(200);
    const lines = String(r.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toMatch(
      /^id,externalId,firstName,lastName,email,phone,street,postcode,city,country,birthday/,
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(`'=cmd|calc,Maier`);
    // a phone number starts with + and is escaped like any formula-looking cell
    expect(lines[3]).toContain(`'+491512345678,Hauptstraße 5,10115,Berlin,DE,12-04,`);
    const vip = await call(engine, 'GET', '/api/customers/export.csv?tag=vip');
    expect(String(vip.body).trim().split('\r\n')).toHaveLength(2);
  });
});

function names3(items: Array<{ firstName: string }>): string[] {
  return items.map((c) => c.firstName);
}
