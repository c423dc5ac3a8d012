import { DateTime } from 'luxon';
import { FixedClock } from '@touchbase/core';
import { DemoDataService, normalizePhone } from '@touchbase/ingest';
import { Customer, Order, Product, Tier, TierChange, WaitlistEntry } from '@touchbase/store';
import {
  openTestDataSource,
  startTestEngine,
  testConfig,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

const AT = '2026-12-28T10:00:00Z'; // near a year end: "the next few days" crosses into January

describe.each(testDatabases())('demo shop on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: AT, env: { DEMO_DATA: 'true' } });
  });
  afterAll(() => engine.close());

  it('the first start fills the empty store with a believable small shop', async () => {
    const customers = await engine.ds.getRepository(Customer).find();
    expect(customers).toHaveLength(200);
    expect(new Set(customers.map((c) => c.timezone)).size).toBeGreaterThanOrEqual(5);
    expect(new Set(customers.map((c) => c.locale))).toEqual(new Set(['en', 'de', 'pl']));
    expect(customers.some((c) => /[äöüß]/.test(c.firstName + c.lastName))).toBe(true);
    expect(customers.some((c) => /[łŁ]/.test(c.firstName + c.lastName))).toBe(true);
    expect(customers.filter((c) => c.emailConsent).length).toBeGreaterThan(100);
    expect(customers.some((c) => c.tags.includes('vip'))).toBe(true);
    for (const c of customers) {
      expect(c.email).toMatch(/^[a-z]+\.[a-z]+\d+@example\.(com|net|org)$/);
      if (c.phone) expect(normalizePhone(c.phone, 'DE')).toBe(c.phone);
      if (c.birthdayMd)
        expect(c.birthdayMd).toBe(
          `${String(c.birthdayMonth).padStart(2, '0')}-${String(c.birthdayDay).padStart(2, '0')}`,
        );
    }
    // several birthdays in the next 7 days, each in the customer's own zone (across the year end)
    const soon = customers.filter((c) => {
      if (!c.birthdayMd) return false;
      const today = DateTime.fromISO(AT, { zone: c.timezone! }).startOf('day');
      return [1, 2, 3, 4, 5, 6, 7].some((d) => today.plus({ days: d }).toFormat('MM-dd') === c.birthdayMd);
    });
    expect(soon.length).toBeGreaterThanOrEqual(10);
    expect(soon.some((c) => c.birthdayMonth === 1)).toBe(true);

    const orders = await engine.ds.getRepository(Order).find();
    expect(orders.length).toBeGreaterThan(300);
    const yearAgo = DateTime.fromISO(AT).minus({ days: 366 }).toMillis();
    expect(
      orders.every((o) => o.placedAt.getTime() >= yearAgo && o.placedAt.getTime() < Date.parse(AT)),
    ).toBe(true);
    expect(orders.filter((o) => o.totalMinor >= 50_000).length).toBeGreaterThan(3);

    const products = await engine.ds.getRepository(Product).find();
    expect(products).toHaveLength(20);
    const outOfStock = products.filter((p) => p.stock <= 0);
    expect(outOfStock.length).toBeGreaterThanOrEqual(3);
    const waiting = await engine.ds.getRepository(WaitlistEntry).find();
    expect(new Set(waiting.map((w) => w.productId))).toEqual(new Set(outOfStock.map((p) => p.id)));
  });

  it('is deterministic for a given clock, and never touches a store that has customers', async () => {
    const other = await openTestDataSource(db);
    try {
      const service = new DemoDataService(other.ds, new FixedClock(AT), testConfig(other.settings));
      await service.seed(new Date(AT));
      const pick = (rows: Customer[]) =>
        rows.map((c) => [c.externalId, c.firstName, c.lastName, c.email, c.phone, c.birthdayMd, c.timezone]);
      const a = await engine.ds.getRepository(Customer).find({ order: { id: 'ASC' } });
      const b = await other.ds.getRepository(Customer).find({ order: { id: 'ASC' } });
      expect(pick(b)).toEqual(pick(a));
      expect(await service.seedIfEmpty(new Date(AT))).toBeNull();
      await expect(service.seed(new Date(AT))).rejects.toThrow(/empty store only/);
      expect(await other.ds.getRepository(Customer).count()).toBe(200);
    } finally {
      await other.close();
    }
  });

  it('defines two service tiers and gives the customers who meet them their tier at once', async () => {
    const tiers = await engine.ds.getRepository(Tier).find({ order: { rank: 'ASC' } });
    expect(tiers.map((t) => [t.name, t.basis, t.minSpendMinor, t.minOrders, t.windowDays])).toEqual([
      ['VIP', 'activity', 150_000, null, 365],
      ['Regular', 'activity', null, 4, 365],
    ]);
    const customers = await engine.ds.getRepository(Customer).find();
    const holding = (t: Tier) => customers.filter((c) => c.tierId === t.id).length;
    // a few VIPs, more regulars, most customers without a tier
    expect(holding(tiers[0])).toBeGreaterThanOrEqual(10);
    expect(holding(tiers[1])).toBeGreaterThan(holding(tiers[0]));
    expect(holding(tiers[0]) + holding(tiers[1])).toBeLessThan(customers.length / 2);
    // each tier recorded as the daily step records it
    const changes = await engine.ds.getRepository(TierChange).find();
    expect(changes).toHaveLength(holding(tiers[0]) + holding(tiers[1]));
    expect(changes.every((c) => c.reason === 'computed' && c.fromTierId === null)).toBe(true);
  });
});
