import { DataSource } from 'typeorm';
import { insightsFixtures as f, openTestDataSource, testDatabases } from '@touchbase/test-kit';
import { ruleEffects, ruleGroups } from '@touchbase/insights';

/**
 * A store whose touched and held-out groups have known, different repeat purchase rates:
 * touched (assigned: queued/sent/task/skipped) 100 customers, 40 buy again within 30 days (40 %); held out 50, 10 buy again (20 %).
 * Expected figures were computed by hand (Wilson/Newcombe, Welch with scipy's t quantile).
 */
describe.each(testDatabases())('incremental effect on $name', (db) => {
  let ds: DataSource;
  let close: () => Promise<void>;
  const due = new Date('2026-03-01T09:00:00Z');
  const now = new Date('2026-06-01T00:00:00Z');
  const period = {
    from: new Date('2026-01-01T00:00:00Z'),
    to: new Date('2026-04-01T00:00:00Z'),
    now,
    windowDays: 30,
  };
  let ruleId: number;

  beforeAll(async () => {
    ({ ds, close } = await openTestDataSource(db));
    const rule = await f.makeRule(ds, due, { name: 'Birthday emails', holdoutPercent: 30 });
    const other = await f.makeRule(ds, due, { name: 'Other rule' });
    ruleId = rule.id;
    const customers = await f.makeCustomers(ds, 170, due);
    const touched = customers.slice(0, 100);
    const heldOut = customers.slice(100, 150);
    const waiting = customers.slice(150, 170);
    for (const [i, c] of touched.entries()) {
      const t = await f.makeTouch(ds, {
        ruleId: rule.id,
        customerId: c.id,
        dueAt: due,
        status: ['sent', 'queued', 'task', 'skipped'][i % 4],
        orderId: null,
      });
      if (i < 40) await f.makeOrder(ds, c.id, f.addDays(due, 1 + (i % 28)), 5000);
      // noise that must not count: orders before the occasion and after the window
      if (i >= 40 && i < 50) await f.makeOrder(ds, c.id, f.addDays(due, -1), 9999);
      if (i >= 50 && i < 60) await f.makeOrder(ds, c.id, f.addDays(due, 31), 9999);
      void t;
    }
    for (const [i, c] of heldOut.entries()) {
      // the occasion's own order (placed at dueAt, e.g. a big-purchase occasion) does not count
      const own = await f.makeOrder(ds, c.id, due, 7777);
      await f.makeTouch(ds, {
        ruleId: rule.id,
        customerId: c.id,
        dueAt: due,
        status: 'holdout',
        orderId: own.id,
      });
      if (i < 10) await f.makeOrder(ds, c.id, f.addDays(due, 30), 5000); // last moment of the window
    }
    // deferred and missed touches are in neither group, even though they buy
    for (const [i, c] of waiting.entries()) {
      await f.makeTouch(ds, {
        ruleId: rule.id,
        customerId: c.id,
        dueAt: due,
        status: i % 2 ? 'deferred' : 'missed',
      });
      await f.makeOrder(ds, c.id, f.addDays(due, 2), 5000);
    }
    // another rule's touches, and an occasion whose window has not yet ended, stay out
    await f.makeTouch(ds, { ruleId: other.id, customerId: touched[0].id, dueAt: due, status: 'sent' });
    await f.makeTouch(ds, {
      ruleId: rule.id,
      customerId: touched[0].id,
      occasionKey: 'late',
      dueAt: f.addDays(now, -10),
      status: 'sent',
    });
  });
  afterAll(() => close());

  it('aggregates group sizes, repeaters and revenue in the database', async () => {
    const groups = await ruleGroups(ds.manager, { ...period, ruleIds: [ruleId] }, 'EUR');
    expect(groups).toEqual([
      {
        ruleId,
        ruleName: 'Birthday emails',
        touched: {
          customers: 100,
          repeaters: 40,
          revenueMinor: 200_000,
          revenueSquaresMinor: 40 * 5000 * 5000,
        },
        heldOut: {
          customers: 50,
          repeaters: 10,
          revenueMinor: 50_000,
          revenueSquaresMinor: 10 * 5000 * 5000,
        },
      },
    ]);
  });

  it('reports the hand-computed difference and 95 % intervals', async () => {
    const [e] = await ruleEffects(
      ds.manager,
      { ...period, ruleIds: [ruleId] },
      { currency: 'EUR', locale: 'en', minPerGroup: 30 },
    );
    expect(e.touched.repeatRate).toBeCloseTo(0.4, 10);
    expect(e.heldOut.repeatRate).toBeCloseTo(0.2, 10);
    expect(e.repeatRatePoints.difference).toBeCloseTo(20, 8);
    // Newcombe hybrid score: Wilson 40/100 = [0.30940, 0.49800], 10/50 = [0.11244, 0.33037]
    expect(e.repeatRatePoints.low).toBeCloseTo(4.124, 3);
    expect(e.repeatRatePoints.high).toBeCloseTo(33.142, 3);
    // Welch: 2000 − 1000 cents, se 377.145, df 116.88, t 1.98047 → [253.08, 1746.92]
    expect(e.revenuePerCustomerMinor.difference).toBeCloseTo(1000, 6);
    expect(e.revenuePerCustomerMinor.low).toBeCloseTo(253.075, 2);
    expect(e.revenuePerCustomerMinor.high).toBeCloseTo(1746.925, 2);
    expect(e.verdict).toBe('conclusive_gain');
    expect(e.sentence).toBe(
      'Birthday emails: +20.0 points repeat purchase rate, 95 % CI +4.1 to +33.1, 100 vs 50 customers — conclusive: the touches bring customers back',
    );
    expect(e.revenueSentence).toContain(
      '+€10.00 revenue per customer within 30 days, 95 % CI +€2.53 to +€17.47, 100 vs 50 customers',
    );
  });

  it('lists every rule with touches in the period, one without a holdout group saying so', async () => {
    const effects = await ruleEffects(ds.manager, period, { currency: 'EUR', locale: 'en', minPerGroup: 30 });
    expect(effects.map((e) => e.ruleName)).toEqual(['Birthday emails', 'Other rule']);
    expect(effects[1].sentence).toContain('no customers held out');
  });
});
