import request from 'supertest';
import { startTestEngine, TestEngine, testDatabases } from '@touchbase/test-kit';

/**
 * One error model across the API (docs/architecture.md#errors-and-validation): a bad field on any
 * area's route answers 400 with the same body, whether a DTO, a service or a rule kind refused it;
 * the other domain errors answer 403/404/409 with the same shape minus `fields`.
 */
describe.each(testDatabases())('API error model on $name', (db) => {
  let engine: TestEngine;
  let owner: Record<string, string>;
  let staff: Record<string, string>;

  beforeAll(async () => {
    engine = await startTestEngine(db);
    owner = await engine.auth('owner');
    staff = await engine.auth('staff');
  });
  afterAll(() => engine.close());

  const fieldShape = (field: string) => ({
    statusCode: 400,
    error: 'Bad Request',
    message: expect.stringContaining(`${field}: `),
    fields: expect.arrayContaining([{ field, problem: expect.any(String) }]),
  });

  it.each([
    ['ingest (service)', 'post', '/api/customers', { email: 'not-an-email' }, 'email'],
    ['ingest (DTO)', 'post', '/api/customers', { email: 'a@example.com', shoeSize: 42 }, 'shoeSize'],
    [
      'rules (kind params)',
      'post',
      '/api/rules',
      { name: 'x', kind: 'birthday', params: { days_before: 99 } },
      'params.days_before',
    ],
    ['staff', 'post', '/api/tasks', { customerId: 999_999, kind: 'call', title: 'x' }, 'customerId'],
    ['messaging', 'put', '/api/templates/birthday/sms/en', { text: 'Hi {{ customer.frist_name }}' }, 'text'],
    ['reports', 'get', '/api/reports?from=2026-06-01T00:00:00Z&to=2026-05-01T00:00:00Z', undefined, 'to'],
  ] as const)(
    '%s: a bad field answers 400 { statusCode, error, message, fields }',
    async (_area, method, path, body, field) => {
      const res = await request(engine.url)[method](path).set(owner).send(body);
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(fieldShape(field));
    },
  );

  it('answers 404, 403 and 409 with the same shape and no fields', async () => {
    const missing = await request(engine.url).get('/api/rules/999999').set(owner);
    expect([missing.status, missing.body]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'No rule with id 999999' },
    ]);
    const me = (await request(engine.url).get('/api/me').set(owner)).body as { id: number };
    const forbidden = await request(engine.url).get(`/api/tasks/today?assignee=${me.id}`).set(staff);
    expect([forbidden.status, forbidden.body]).toEqual([
      403,
      { statusCode: 403, error: 'Forbidden', message: expect.any(String) },
    ]);
    await request(engine.url)
      .post('/api/customers')
      .set(owner)
      .send({ externalId: 'E-1', email: 'e1@example.com' });
    const clash = await request(engine.url)
      .post('/api/customers')
      .set(owner)
      .send({ externalId: 'E-1', email: 'other@example.com' });
    expect([clash.status, clash.body]).toEqual([
      409,
      { statusCode: 409, error: 'Conflict', message: expect.stringContaining('E-1') },
    ]);
  });
});
