import { parse } from 'csv-parse/sync';
import { DatabaseSettings } from '@touchbase/store';
import {
  insightsFixtures as f,
  openTestDataSource,
  runTouchbaseCli,
  TestDatabase,
  testDatabases,
} from '@touchbase/test-kit';

/** Runs the real `touchbase` CLI (apps/cli/src/main.ts) against the given database. */
const touchbase = (settings: DatabaseSettings, args: string[]) =>
  runTouchbaseCli(args, { database: settings });

/** A store with one rule: three customers touched, one held out. */
async function seeded(db: TestDatabase): Promise<{ settings: DatabaseSettings; close(): Promise<void> }> {
  const opened = await openTestDataSource(db);
  const ds = opened.ds;
  const due = new Date('2026-03-01T09:00:00Z');
  const rule = await f.makeRule(ds, due, { name: '@Birthday emails', holdoutPercent: 10 });
  const cs = await f.makeCustomers(ds, 4, due);
  for (const [i, c] of cs.entries())
    await f.makeTouch(ds, {
      ruleId: rule.id,
      customerId: c.id,
      dueAt: due,
      status: i === 3 ? 'holdout' : 'sent',
    });
  await ds.destroy();
  return opened;
}

describe.each(testDatabases())('touchbase report (CLI) on $name', (db) => {
  let store: { settings: DatabaseSettings; close(): Promise<void> };
  beforeAll(async () => {
    store = await seeded(db);
  });
  afterAll(() => store.close());

  it('prints text and escaped CSV', async () => {
    const text = await touchbase(store.settings, ['report', '--from', '2026-02-01', '--to', '2026-04-01']);
    expect(text.stderr).toBe('');
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('@Birthday emails (birthday, 10% held out)');
    expect(text.stdout).toMatch(/email +touches 3, held out 1/);
    expect(text.stdout).toContain('3 vs 1 customers — too few customers to tell yet');

    const csv = await touchbase(store.settings, [
      'report',
      '--from',
      '2026-02-01',
      '--to',
      '2026-04-01',
      '--csv',
    ]);
    expect(csv.code).toBe(0);
    const [header, row] = parse(csv.stdout);
    expect(row[header.indexOf('rule')]).toBe(`'@Birthday emails`);
    expect(row[header.indexOf('touches')]).toBe('3');
  });

  it('names a bad option', async () => {
    const bad = await touchbase(store.settings, ['report', '--from', '2026-04-01', '--to', '2026-02-01']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--to: must be later than from');
  });
});
