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

  it('keeps only completed tasks in ix_tasks_assignee_completed, which the done-today count reads', async () => {
    const pg = h.ds.options.type === 'postgres';
    const [index] = await h.ds.query(
      pg
        ? "SELECT indexdef AS sql FROM pg_indexes WHERE indexname = 'ix_tasks_assignee_completed'"
        : "SELECT sql FROM sqlite_master WHERE name = 'ix_tasks_assignee_completed'",
    );
    expect(index.sql).toMatch(/WHERE \(?"?completed_at"? IS NOT NULL\)?$/);
    // the daily list's count (DailyListService.doneToday) can read it: its range implies NOT NULL
    const count = `SELECT COUNT(*) AS n FROM tasks WHERE assignee_id = 1 AND completed_at >= 1 AND completed_at < 2 AND status IN ('done', 'skipped')`;
    const plan = pg
      ? await h.ds.transaction(async (tx) => {
          await tx.query('SET LOCAL enable_seqscan = off');
          return tx.query(`EXPLAIN ${count}`);
        })
      : await h.ds.query(`EXPLAIN QUERY PLAN ${count}`);
    expect(JSON.stringify(plan)).toMatch(/using (index )?ix_tasks_assignee_completed/i);
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
