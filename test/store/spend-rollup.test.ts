import type { DataSource } from 'typeorm';
import { type Spender, topSpenders } from '@touchbase/rules';
import {
  advanceSpendWindow,
  applySpendChanges,
  checkSpend,
  type DatabaseSettings,
  readSpendEdge,
  rows,
  SPEND_WINDOW_DAYS,
} from '@touchbase/store';
import {
  makeCustomer,
  makeOrder,
  openTestDataSource,
  runTouchbaseCli,
  testDatabases,
} from '@touchbase/test-kit';

const DAY = 86_400_000;
const at = (iso: string) => new Date(iso);
const utc = (iso: string) => new Date(iso).getTime();

/** The truth the rollup must equal: the orders of the window (since, until], summed. */
async function windowSpend(
  ds: DataSource,
  since: number,
  until: number,
  currency = 'EUR',
): Promise<Spender[]> {
  const found = await rows<Record<string, unknown>>(
    ds,
    `SELECT customer_id, SUM(total_minor) AS spend, COUNT(*) AS n FROM orders
     WHERE currency = ? AND placed_at > ? AND placed_at <= ? GROUP BY customer_id ORDER BY spend DESC, customer_id`,
    [currency, since, until],
  );
  return found.map((r) => ({
    customerId: Number(r.customer_id),
    spend: Number(r.spend),
    orders: Number(r.n),
  }));
}

describe.each(testDatabases())('12-month spend rollup on $name', (db) => {
  let store: { ds: DataSource; settings: DatabaseSettings; close(): Promise<void> };
  let ds: DataSource;
  const ids: number[] = [];
  beforeAll(async () => {
    store = await openTestDataSource(db);
    ds = store.ds;
    for (let i = 0; i < 60; i++) ids.push((await makeCustomer(ds, at('2025-01-01T00:00:00Z'))).id);
  });
  afterAll(() => store?.close());
  beforeEach(async () => {
    await ds.query('DELETE FROM orders');
    await ds.query('DELETE FROM customer_spend');
    await ds.query(`UPDATE engine_state SET value = '0' WHERE key = 'spend.window_edge'`);
  });

  const expectExact = async () => {
    const check = await checkSpend(ds);
    expect(check.examples).toEqual([]);
    expect(check.mismatches).toBe(0);
    return check;
  };
  /** The ranking from the rollup equals the ranking from the orders, for top N and top x %. */
  const expectRanking = async (until: number, currency = 'EUR') => {
    const since = until - SPEND_WINDOW_DAYS * DAY;
    const truth = await windowSpend(ds, since, until, currency);
    const q = { currency, since, until, windowDays: SPEND_WINDOW_DAYS };
    expect(await topSpenders(ds, { ...q, topN: 7, topPercent: null })).toEqual(truth.slice(0, 7));
    expect(await topSpenders(ds, { ...q, topN: null, topPercent: 30 })).toEqual(
      truth.slice(0, Math.ceil(truth.length * 0.3)),
    );
    return truth;
  };
  const order = (i: number, iso: string, total: number, currency = 'EUR') =>
    makeOrder(ds, ids[i], at(iso), total, currency);

  it('the migration backfills the orders already stored', async () => {
    const name = async () =>
      (await rows<{ name: string }>(ds, 'SELECT name FROM migrations ORDER BY id DESC LIMIT 1'))[0].name;
    while (!(await name()).startsWith('CustomerSpendRollup'))
      await ds.undoLastMigration({ transaction: 'each' });
    await ds.undoLastMigration({ transaction: 'each' });
    for (const [i, total, currency] of [
      [0, 100, 'EUR'],
      [0, 250, 'EUR'],
      [1, 900, 'USD'],
    ] as const)
      await ds.query(
        `INSERT INTO orders (external_id, customer_id, placed_at, total_minor, currency, lines, created_at)
         VALUES ('${i}-${total}', ${ids[i]}, ${utc('2026-03-01T00:00:00Z')}, ${total}, '${currency}', '[]', 0)`,
      );
    await ds.runMigrations({ transaction: 'each' });
    const check = await expectExact();
    expect(check.rows).toBe(2);
    expect(await readSpendEdge(ds)).toBe(0);
  });

  it('the daily step subtracts the orders leaving the window across a year end, once', async () => {
    await order(0, '2025-12-31T23:59:59Z', 1000);
    await order(0, '2026-01-01T00:00:00Z', 500); // exactly on the edge: out
    await order(1, '2026-01-01T00:00:01Z', 700);
    await order(2, '2026-06-01T12:00:00Z', 300);
    await order(1, '2026-12-31T23:00:00Z', 100);
    await order(3, '2027-01-01T00:10:00Z', 900); // after the ranking's instant
    await order(3, '2026-07-01T00:00:00Z', 40, 'USD');
    await expectExact();

    const eve = at('2026-12-31T23:30:00Z');
    expect(await advanceSpendWindow(ds, eve)).toMatchObject({ from: 0, applied: 'rebuilt' });
    expect(await readSpendEdge(ds)).toBe(utc('2025-12-31T00:00:00Z'));
    expect(await advanceSpendWindow(ds, eve)).toMatchObject({ applied: 'none' });
    await expectExact();
    expect((await expectRanking(eve.getTime())).map((s) => s.customerId)).toEqual([ids[0], ids[1], ids[2]]);

    const newYear = at('2027-01-01T00:30:00Z');
    expect(await advanceSpendWindow(ds, newYear)).toEqual({
      from: utc('2025-12-31T00:00:00Z'),
      to: utc('2026-01-01T00:00:00Z'),
      applied: 'subtracted',
    });
    expect(await advanceSpendWindow(ds, newYear)).toMatchObject({ applied: 'none' });
    await expectExact();
    const [{ n }] = await rows<{ n: unknown }>(
      ds,
      'SELECT COUNT(*) AS n FROM customer_spend WHERE customer_id = ?',
      [ids[0]],
    );
    expect(Number(n)).toBe(0); // both of its orders left the window: its row is gone
    expect((await expectRanking(newYear.getTime())).map((s) => [s.customerId, s.spend])).toEqual([
      [ids[3], 900],
      [ids[2], 300],
      [ids[1], 100], // its 700 of 00:00:01 is in the rollup (edge 00:00) but not in this window (since 00:30)
    ]);
    await expectRanking(newYear.getTime(), 'USD');
    // a ranking back in time, before the edge, is still exact (the skipped orders are added back)
    await expectRanking(eve.getTime());
    await expectRanking(utc('2026-12-30T09:00:00Z'));
  });

  it('the daily step crosses 29 February of a leap year day by day', async () => {
    await order(4, '2028-02-28T23:00:00Z', 200);
    await order(4, '2028-02-29T00:00:00Z', 210);
    await order(5, '2028-02-29T10:00:00Z', 220);
    await order(5, '2028-03-01T00:00:00Z', 230);
    await order(6, '2028-03-01T00:00:01Z', 240);
    await order(6, '2028-06-01T00:00:00Z', 5);
    await advanceSpendWindow(ds, at('2029-02-27T12:00:00Z'));
    expect(await readSpendEdge(ds)).toBe(utc('2028-02-28T00:00:00Z'));
    const steps: [string, string, number[]][] = [
      ['2029-02-28T12:00:00Z', '2028-02-29T00:00:00Z', [ids[6], ids[5]]],
      ['2029-03-01T12:00:00Z', '2028-03-01T00:00:00Z', [ids[6]]],
      ['2029-03-02T12:00:00Z', '2028-03-02T00:00:00Z', [ids[6]]],
    ];
    for (const [now, edge, top] of steps) {
      expect(await advanceSpendWindow(ds, at(now))).toMatchObject({ to: utc(edge), applied: 'subtracted' });
      await expectExact();
      expect((await expectRanking(utc(now))).map((s) => s.customerId)).toEqual(top);
    }
  });

  it('ranks exactly as the orders say with ties, orders after the instant and an edge a day off', async () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const start = utc('2026-01-01T00:00:00Z');
    for (let k = 0; k < 300; k++)
      await makeOrder(
        ds,
        ids[Math.floor(rnd() * ids.length)],
        new Date(start + Math.floor(rnd() * 540 * DAY)),
        [100, 250, 500, 999][Math.floor(rnd() * 4)],
        rnd() < 0.9 ? 'EUR' : 'PLN',
      );
    const now = utc('2027-03-10T08:00:00Z');
    await advanceSpendWindow(ds, new Date(now));
    await expectExact();
    for (const until of [now, now - 2 * 3600_000, now + 20 * 3600_000, now - 2 * DAY, now + 2 * DAY]) {
      expect((await expectRanking(until)).length).toBeGreaterThan(20);
      await expectRanking(until, 'PLN');
    }
    // another window than 365 days sums the orders
    const since = now - 30 * DAY;
    const truth = await windowSpend(ds, since, now);
    expect(
      await topSpenders(ds, {
        currency: 'EUR',
        since,
        until: now,
        windowDays: 30,
        topN: 5,
        topPercent: null,
      }),
    ).toEqual(truth.slice(0, 5));
  });

  // SQLite has one writer: an order write and the step never overlap
  (db.name === 'postgres' ? it : it.skip)(
    'the daily step does not wait for an order write holding the edge',
    async () => {
      await order(11, '2026-03-01T00:00:00Z', 100);
      const qr = ds.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      try {
        await applySpendChanges(qr.manager, [
          {
            customerId: ids[11],
            currency: 'EUR',
            placedAt: at('2026-04-01T00:00:00Z'),
            totalMinor: 5,
            sign: 1,
          },
        ]);
        expect(await advanceSpendWindow(ds, at('2027-02-01T12:00:00Z'))).toMatchObject({ applied: 'busy' });
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
      expect(await advanceSpendWindow(ds, at('2027-02-01T12:00:00Z'))).toMatchObject({ applied: 'rebuilt' });
      await expectExact();
    },
  );

  it('`touchbase check spend` finds a mismatch and --rebuild repairs it', async () => {
    await order(7, '2026-05-01T00:00:00Z', 100);
    await order(8, '2026-05-02T00:00:00Z', 200);
    await order(9, '2026-05-03T00:00:00Z', 300);
    await rows(ds, 'UPDATE customer_spend SET spend_minor = spend_minor + 1 WHERE customer_id = ?', [ids[7]]);
    await rows(ds, 'DELETE FROM customer_spend WHERE customer_id = ?', [ids[8]]);
    await ds.query(`INSERT INTO customer_spend VALUES (${ids[10]}, 'EUR', 5, 1)`);
    expect((await checkSpend(ds)).mismatches).toBe(3);

    const bad = await runTouchbaseCli(['check', 'spend'], { database: store.settings });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('3 row(s) differ from the orders');
    expect(bad.stdout).toContain(`customer ${ids[7]} EUR: rollup 101 in 1 order(s), orders say 100 in 1`);

    const fixed = await runTouchbaseCli(['check', 'spend', '--rebuild', '--json'], {
      database: store.settings,
    });
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(JSON.parse(fixed.stdout)).toMatchObject({ rebuilt: true, mismatches: 0, examples: [] });
    await expectExact();
  });
});
