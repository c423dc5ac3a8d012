import { openTestDataSource, testDatabases } from '@touchbase/test-kit';
import { Customer, Touch } from '@touchbase/store';

describe.each(testDatabases())('store schema on $name', (db) => {
  let h: Awaited<ReturnType<typeof openTestDataSource>>;
  beforeAll(async () => {
    h = await openTestDataSource(db);
  });
  afterAll(() => h.close());

  it('has no pending schema change: migrations match the entities', async () => {
    const log = await h.ds.driver.createSchemaBuilder().log();
    expect(log.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('round-trips instants as UTC and tags as a list', async () => {
    const repo = h.ds.getRepository(Customer);
    const at = new Date('2028-02-29T23:30:00.123Z');
    const saved = await repo.save(
      repo.create({
        firstName: 'Zoë',
        lastName: 'Łukasz 🎉',
        tags: ['vip', 'b'],
        createdAt: at,
        updatedAt: at,
      }),
    );
    const back = await repo.findOneByOrFail({ id: saved.id });
    expect(back.createdAt.toISOString()).toBe('2028-02-29T23:30:00.123Z');
    expect(back.tags).toEqual(['b', 'vip']);
    expect(back.lastName).toBe('Łukasz 🎉');
  });

  it('refuses a second touch for the same (rule, customer, occasion key)', async () => {
    const repo = h.ds.getRepository(Touch);
    const now = new Date('2027-01-01T00:00:00Z');
    const row = {
      ruleId: 1,
      customerId: 1,
      occasionKey: 'birthday:2027',
      dueAt: now,
      status: 'queued',
      createdAt: now,
      updatedAt: now,
    };
    await repo.insert(row);
    await expect(repo.insert(row)).rejects.toThrow();
    expect(await repo.count()).toBe(1);
  });
});
