import { createDataSource, DatabaseSettings } from '@touchbase/store';
import { runTouchbaseCli, testDatabases } from '@touchbase/test-kit';

const DAY = 86_400_000;

/** `touchbase tiers list` and `touchbase tiers recompute --at` (the real CLI) on both databases. */
describe.each(testDatabases())('touchbase tiers (CLI) on $name', (db) => {
  let settings: DatabaseSettings;
  const touchbase = (args: string[]) => runTouchbaseCli(args, { database: settings });

  beforeAll(async () => {
    settings = await db.create();
    const ds = createDataSource(settings);
    await ds.initialize();
    await ds.runMigrations();
    try {
      const at = Date.parse('2026-06-15T10:00:00Z');
      await ds.query(
        "INSERT INTO customers (first_name, created_at, updated_at) VALUES ('Anna', 0, 0), ('Bert', 0, 0)",
      );
      await ds.query(
        `INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, lines, created_at)
         VALUES ('o1', 1, ${at - 10 * DAY}, 60000, 'EUR', '[]', 0), ('o2', 2, ${at - 300 * DAY}, 60000, 'EUR', '[]', 0)`,
      );
      await ds.query(
        "INSERT INTO tiers (name, rank, basis, min_spend_minor, window_days, match, created_at, updated_at) VALUES ('VIP', 1, 'activity', 50000, 90, 'any', 0, 0)",
      );
    } finally {
      await ds.destroy();
    }
  });
  afterAll(() => db.drop(settings));

  it('recomputes as of --at, counts the changes, and lists the tiers with their customers', async () => {
    const run = await touchbase(['tiers', 'recompute', '--at', '2026-06-15T10:00:00Z', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ at: '2026-06-15T10:00:00.000Z', changed: 1, ran: true });
    const list = await touchbase(['tiers', 'list']);
    expect(list.stdout.trim()).toBe('1. VIP — spend ≥ 50000 (minor units) in 90 days — 1 customer(s)');
    // 100 days later Anna's order is outside the 90-day window
    const later = await touchbase(['tiers', 'recompute', '--at', '2026-09-23T10:00:00Z']);
    expect(later.stdout.trim()).toBe(
      'Tiers recomputed as of 2026-09-23T10:00:00.000Z: 1 customer(s) changed tier.',
    );
    const bad = await touchbase(['tiers', 'recompute', '--at', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at: expected an ISO instant');
  });
});
