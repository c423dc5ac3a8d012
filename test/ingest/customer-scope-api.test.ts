import { ContactEvent, Customer, User } from '@touchbase/store';
import { apiCall, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/**
 * The owner sees and sets what a customer gets per channel (everything, or only birthday and
 * personal messages) through the API; each change is in the consent history with who, when and
 * how, like a consent change (docs/ingest.md#customers).
 */
describe.each(testDatabases())('a customer’s preference scope over the API on $name', (db) => {
  let engine: TestEngine;
  let id: number;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    const r = await apiCall(engine, 'POST', '/api/customers', {
      firstName: 'Anna',
      email: 'anna@example.com',
      phone: '+491512345678',
      emailConsent: true,
      smsConsent: true,
      smsScope: 'personal',
      consentSource: 'counter',
    });
    expect(r.status).toBe(201);
    id = (r.body as { customer: { id: number } }).customer.id;
  });
  afterAll(async () => engine?.close());

  const trail = async () =>
    (
      await engine.ds.getRepository(ContactEvent).find({
        where: { customerId: id, kind: 'preference' },
        order: { id: 'ASC' },
      })
    ).map((e) => [e.summary, e.userId, e.occurredAt.toISOString()]);

  it('answers the scopes with the customer and records a new customer’s narrowed scope', async () => {
    const r = await apiCall(engine, 'GET', `/api/customers/${id}`);
    expect(r.body).toMatchObject({ emailScope: 'all', smsScope: 'personal' });
    const owner = await engine.ds.getRepository(User).findOneByOrFail({ role: 'owner' });
    expect(await trail()).toEqual([
      ['SMS: only birthday and personal messages (counter)', owner.id, '2026-06-15T10:00:00.000Z'],
    ]);
  });

  it('records a change with who, when and how; the same value again records nothing', async () => {
    engine.clock.set('2026-06-15T11:00:00Z');
    const r = await apiCall(engine, 'PATCH', `/api/customers/${id}`, {
      emailScope: 'personal',
      smsScope: 'all',
      consentSource: 'phone-call',
    });
    expect(r.status).toBe(200);
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id })).toMatchObject({
      emailScope: 'personal',
      smsScope: 'all',
      emailConsent: true,
    });
    const owner = await engine.ds.getRepository(User).findOneByOrFail({ role: 'owner' });
    expect((await trail()).slice(1)).toEqual([
      ['Email: only birthday and personal messages (phone-call)', owner.id, '2026-06-15T11:00:00.000Z'],
      ['SMS: everything (phone-call)', owner.id, '2026-06-15T11:00:00.000Z'],
    ]);
    await apiCall(engine, 'PATCH', `/api/customers/${id}`, { emailScope: 'personal' });
    expect(await trail()).toHaveLength(3);
  });

  it('refuses a scope other than all or personal, naming the field, and changes nothing', async () => {
    const r = await apiCall(engine, 'PATCH', `/api/customers/${id}`, { emailScope: 'none', firstName: 'X' });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.body)).toContain('emailScope');
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id })).toMatchObject({
      firstName: 'Anna',
      emailScope: 'personal',
    });
  });

  it('documents the scopes in OpenAPI', async () => {
    const doc = (await apiCall(engine, 'GET', '/api/docs/json')).body as {
      components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> };
    };
    const props = doc.components.schemas.CustomerDto.properties;
    expect(props.emailScope.enum).toEqual(['all', 'personal']);
    expect(props.smsScope.enum).toEqual(['all', 'personal']);
  });
});
