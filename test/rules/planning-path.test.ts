import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { PreviewService, RulesService, TickService, TouchLine } from '@touchbase/rules';
import {
  joinWaitlist,
  ledger,
  makeCustomer,
  makeOrder,
  makeProduct,
  makeRestock,
  resetRulesData,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

const DAY = 86_400_000;
const START = new Date('2026-03-02T10:00:00Z');
const DAYS = 8;
const ZONES = ['Europe/Berlin', 'Australia/Sydney', 'America/New_York', 'UTC', null];

/** A small deterministic PRNG (mulberry32): each seed is one generated store, reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

/** Customers with birthdays around the window, mixed consent, zones and tags; orders; restocks. */
async function generateStore(ds: DataSource, seed: number): Promise<void> {
  const r = prng(seed);
  const created = new Date('2025-01-01T00:00:00Z');
  const ids: number[] = [];
  for (let i = 0; i < 45; i++) {
    const birthday = new Date(START.getTime() + r.int(-2, DAYS + 6) * DAY);
    const hasPhone = r.chance(0.7);
    const knowsBirthday = r.chance(0.8);
    const c = await makeCustomer(ds, created, {
      firstName: `Gen${seed}_${i}`,
      timezone: r.pick(ZONES),
      tags: r.chance(0.35) ? ['vip'] : [],
      email: r.chance(0.85) ? `gen${seed}.${i}@example.test` : null,
      phone: hasPhone ? `+4915${String(seed).padStart(3, '0')}${String(1_000_000 + i)}` : null,
      emailConsent: r.chance(0.75),
      smsConsent: hasPhone && r.chance(0.6),
      preferredChannels: r.pick(['email,sms', 'sms,email', 'email']),
      birthdayMonth: knowsBirthday ? birthday.getUTCMonth() + 1 : null,
      birthdayDay: knowsBirthday ? birthday.getUTCDate() : null,
    });
    ids.push(c.id);
  }
  // Spend history (top customers) and big orders inside the window (thank-yous, call tasks).
  for (const id of ids) {
    for (let k = r.int(0, 3); k > 0; k--)
      await makeOrder(ds, id, new Date(START.getTime() - r.int(20, 300) * DAY), r.int(1_000, 60_000));
    if (r.chance(0.3))
      await makeOrder(
        ds,
        id,
        new Date(START.getTime() + r.int(0, DAYS * 24 - 1) * 3_600_000),
        r.pick([15_000, 30_000, 150_000]),
        r.pick(['EUR', 'EUR', 'USD']),
      );
  }
  for (let p = 0; p < 2; p++) {
    const product = await makeProduct(ds, created);
    const first = r.int(0, ids.length - 6);
    for (let w = 0; w < 6; w++)
      await joinWaitlist(ds, ids[first + w], product.id, new Date(created.getTime() + w * 1000));
    await makeRestock(
      ds,
      product.id,
      r.int(1, 3),
      new Date(START.getTime() + r.int(1, DAYS * 24 - 1) * 3_600_000),
    );
  }
}

/** What both paths must agree on. */
const key = (l: TouchLine) =>
  [l.customerId, l.ruleId, l.occasionKey, l.outcome, l.channel ?? '-', l.sendAt ?? '-'].join(' | ');
const WHY_NOT = new Set(['not_due', 'already_touched']);

describe.each(testDatabases())('one planning path for preview and tick on $name', (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await startRulesEngine(db, {
      real: true,
      at: START.toISOString(),
      env: { CONTACT_BUDGET_MAX: '1', CONTACT_BUDGET_DAYS: '7' },
    });
  }, 60_000);
  afterAll(() => engine?.close());

  it.each([11, 23, 47])(
    'store #%i: a preview over N days lists exactly what N daily `run --at` ticks write, and writes nothing',
    async (seed) => {
      await resetRulesData(engine.ds);
      await engine.app.get(RulesService).loadYamlFile(path.resolve('config/rules/example.yaml'));
      await generateStore(engine.ds, seed);
      // The scheduler has been running: it evaluated up to the preview's start.
      await engine.app.get(TickService).tick(START);
      const before = await snapshot(engine.ds);

      const preview = await engine.app.get(PreviewService).preview({ at: START, days: DAYS });
      expect(await snapshot(engine.ds)).toEqual(before);
      expect(preview.total).toBe(preview.lines.length);
      expect(Object.values(preview.counts).reduce((a, b) => a + b, 0)).toBe(preview.total);

      const ticked: TouchLine[] = [];
      for (let d = 1; d <= DAYS; d++) {
        const report = await engine.app.get(TickService).tick(new Date(START.getTime() + d * DAY));
        expect(report.touchCount).toBe(report.touches.length);
        ticked.push(...report.touches);
      }
      const planned = preview.lines
        .filter((l) => !WHY_NOT.has(l.outcome))
        .map(key)
        .sort();
      expect(planned).toEqual(ticked.map(key).sort());
      // The generated store exercises the policies, not only the happy path.
      const outcomes = new Set(ticked.map((l) => l.outcome));
      for (const o of ['queued', 'task', 'skipped', 'deferred']) expect(outcomes).toContain(o);
      expect(ticked.length).toBeGreaterThan(20);
    },
    120_000,
  );

  it('the shipped example rules do not cancel each other: a VIP gets the card task and, five days later, the birthday email', async () => {
    await resetRulesData(engine.ds);
    await engine.app.get(RulesService).loadYamlFile(path.resolve('config/rules/example.yaml'));
    const vip = await makeCustomer(engine.ds, START, {
      firstName: 'Vera',
      tags: ['vip'],
      timezone: 'Europe/Berlin',
      birthdayMonth: 3,
      birthdayDay: 8,
    });
    await engine.app.get(TickService).tick(START);
    const preview = await engine.app.get(PreviewService).preview({ at: START, days: 7 });
    const mine = preview.lines.filter((l) => l.customerId === vip.id);
    expect(mine.map((l) => [l.ruleName, l.outcome, l.channel, l.sendAt])).toEqual([
      ['Birthday card for VIPs', 'task', 'task', null],
      ['Birthday email', 'queued', 'email', '2026-03-08T08:00:00.000Z'],
    ]);
    for (let d = 1; d <= 7; d++) await engine.app.get(TickService).tick(new Date(START.getTime() + d * DAY));
    expect((await ledger(engine.ds)).map((t) => [t.occasion_key, t.status, t.channel])).toEqual([
      ['birthday:2026', 'task', 'task'],
      ['birthday:2026', 'queued', 'email'],
    ]);
  }, 60_000);
});

async function snapshot(ds: DataSource): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of [
    'touches',
    'outbox_messages',
    'tasks',
    'waitlist_entries',
    'restock_events',
    'engine_state',
  ])
    out[table] = await ds.query(`SELECT * FROM ${table} ORDER BY 1`);
  return out;
}
