import { PreviewService, TickService } from '@touchbase/rules';
import { ContactEvent, OutboxMessage, Task, WaitlistEntry, RestockEvent } from '@touchbase/store';
import {
  joinWaitlist,
  ledger,
  makeCustomer,
  makeOrder,
  makeProduct,
  makeRestock,
  makeRule,
  resetRulesData,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;
const DAY = 86_400_000;

describe.each(testDatabases())('rule kinds on $name', (db) => {
  let engine: Engine;
  let ticks: TickService;
  const tick = (iso: string) => ticks.tick(new Date(iso));
  const at = (iso: string) => new Date(iso);

  beforeAll(async () => {
    engine = await startRulesEngine(db, { env: { CONTACT_BUDGET_MAX: '1', CONTACT_BUDGET_DAYS: '1' } });
    ticks = engine.app.get(TickService);
  });
  afterAll(() => engine?.close());
  beforeEach(() => resetRulesData(engine.ds));

  it('thanks big orders per currency after the delay, once per order, with a second tier', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    const rule = await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      transactional: true,
      params: {
        min_total: { EUR: 20_000, USD: 30_000 },
        delay: { hours: 2 },
        second_tier: { min_total: { EUR: 100_000 }, channel: 'task', template_key: 'big_purchase_call' },
      },
    });
    const c = await makeCustomer(engine.ds, t0);
    const eurBig = await makeOrder(engine.ds, c.id, at('2026-06-15T08:00:00Z'), 25_000, 'EUR');
    await makeOrder(engine.ds, c.id, at('2026-06-15T08:01:00Z'), 25_000, 'USD'); // below the USD threshold
    await makeOrder(engine.ds, c.id, at('2026-06-15T08:02:00Z'), 15_000, 'EUR');
    const usdBig = await makeOrder(engine.ds, c.id, at('2026-06-15T08:03:00Z'), 30_000, 'USD');
    const huge = await makeOrder(engine.ds, c.id, at('2026-06-15T08:04:00Z'), 150_000, 'EUR');
    await makeOrder(engine.ds, c.id, at('2026-06-15T08:05:00Z'), 150_000, 'PLN'); // no threshold for PLN

    await tick('2026-06-15T09:59:00Z');
    expect(await ledger(engine.ds)).toHaveLength(0); // the 2 h delay has not passed
    await tick('2026-06-15T10:10:00Z');
    await tick('2026-06-15T10:15:00Z');
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.occasion_key, r.status, r.channel])).toEqual([
      [`order:${eurBig.id}`, 'queued', 'email'],
      [`order:${usdBig.id}`, 'queued', 'email'],
      [`order:${huge.id}`, 'task', 'task'],
    ]);
    expect(rows.every((r) => r.rule_id === rule.id)).toBe(true);
    const task = await engine.ds.getRepository(Task).findOneByOrFail({ id: rows[2].task_id! });
    expect(task).toMatchObject({ kind: 'call', status: 'open', customerId: c.id, dueDay: '2026-06-15' });
    expect(task.title).toContain(huge.externalId);
    expect(task.reason).toBe(`Order ${huge.externalId} of €1,500.00`);
    expect(engine.composer.calls.map((x) => x.ctx.order?.id)).toEqual([eurBig.id, usdBig.id]);
  });

  it('makes a top customer a call task with the reason in plain words, one open task at a time', async () => {
    const now = at('2026-06-15T07:05:00Z'); // 09:05 Berlin; the daily check is at 09:00
    const rule = await makeRule(engine.ds, now, {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_n: 2, window_days: 365, no_contact_days: 30 },
    });
    const loyal = await makeCustomer(engine.ds, now, { firstName: 'Lena', lastName: 'Loyal' });
    const recent = await makeCustomer(engine.ds, now, { firstName: 'Rita', lastName: 'Recent' });
    const small = await makeCustomer(engine.ds, now);
    const held = await makeCustomer(engine.ds, now);
    for (let i = 0; i < 14; i++)
      await makeOrder(
        engine.ds,
        loyal.id,
        new Date(now.getTime() - (20 + i * 20) * DAY),
        i === 0 ? 423_000 - 13 * 30_000 : 30_000,
      );
    await makeOrder(engine.ds, loyal.id, new Date(now.getTime() - 400 * DAY), 999_999); // outside the 365-day window
    await makeOrder(engine.ds, recent.id, new Date(now.getTime() - 10 * DAY), 300_000);
    await makeOrder(engine.ds, small.id, new Date(now.getTime() - 10 * DAY), 1_000);
    await makeOrder(engine.ds, held.id, new Date(now.getTime() - 10 * DAY), 200_000);
    const events = engine.ds.getRepository(ContactEvent);
    await events.insert({
      customerId: loyal.id,
      occurredAt: new Date(now.getTime() - 94 * DAY - 60_000),
      direction: 'out',
      kind: 'call',
      summary: '',
    });
    await events.insert({
      customerId: recent.id,
      occurredAt: new Date(now.getTime() - 5 * DAY),
      direction: 'out',
      kind: 'email',
      summary: '',
    });

    await tick('2026-06-15T07:05:00Z');
    let rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.customer_id, r.occasion_key, r.status])).toEqual([
      [loyal.id, 'checkin:2026-06-15', 'task'],
    ]);
    const task = await engine.ds.getRepository(Task).findOneByOrFail({ id: rows[0].task_id! });
    expect(task.reason).toBe('Spent €4,230 in the last 12 months, 14 orders, last contact 94 days ago');
    expect(task).toMatchObject({ kind: 'call', title: 'Check in with Lena Loyal', ruleId: rule.id });
    // the preview says why the top spenders will not get another task tomorrow
    const preview = await engine.app.get(PreviewService).preview({ ruleId: rule.id, at: now, days: 1 });
    expect(preview.lines.map((l) => [l.customerId, l.outcome, l.reason])).toEqual([
      [loyal.id, 'not_due', 'a check-in task of this rule is still open'],
      [recent.id, 'not_due', 'last contact 5 days ago (this rule waits 30)'],
    ]);

    // a task of this rule still open from long ago (no other contact): no second task
    await resetRulesData(engine.ds);
    const rule2 = await makeRule(engine.ds, now, {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_n: 1, no_contact_days: 30 },
    });
    const vip = await makeCustomer(engine.ds, now);
    await makeOrder(engine.ds, vip.id, new Date(now.getTime() - 10 * DAY), 500_000);
    const old = new Date(now.getTime() - 60 * DAY);
    await engine.ds.getRepository(Task).insert({
      ruleId: rule2.id,
      customerId: vip.id,
      kind: 'call',
      title: 'old',
      dueDay: '2026-04-16',
      status: 'open',
      createdAt: old,
      updatedAt: old,
    });
    await tick('2026-06-15T07:05:00Z');
    expect(await ledger(engine.ds)).toHaveLength(0);
    await engine.ds.getRepository(Task).update({ customerId: vip.id }, { status: 'done', completedAt: old });
    await tick('2026-06-16T07:05:00Z');
    rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.customer_id, r.occasion_key, r.status])).toEqual([
      [vip.id, 'checkin:2026-06-16', 'task'],
    ]);
  });

  it('notifies exactly the first 3 of 10 waitlisted customers for a restock of 3 units', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    await makeRule(engine.ds, t0, {
      kind: 'back_in_stock',
      transactional: true,
      params: { per_unit: 1, set_aside_task: true, hold_days: 4 },
    });
    const product = await makeProduct(engine.ds, t0, { name: 'Blue Teapot' });
    const customers = [];
    for (let i = 0; i < 10; i++) {
      const c = await makeCustomer(engine.ds, t0);
      customers.push(c);
      // joined in reverse id order, so "joined first" is not "made first"
      await joinWaitlist(
        engine.ds,
        c.id,
        product.id,
        new Date(t0.getTime() - (10 - i) * 60_000 - (i % 2 === 0 ? 0 : 30_000)),
      );
    }
    const restock = await makeRestock(engine.ds, product.id, 3, at('2026-06-15T08:30:00Z'));
    await tick('2026-06-15T08:35:00Z');
    await tick('2026-06-15T08:40:00Z');
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => r.customer_id)).toEqual(customers.slice(0, 3).map((c) => c.id));
    expect(new Set(rows.map((r) => r.occasion_key))).toEqual(
      new Set([`restock:${product.id}:${restock.id}`]),
    );
    const entries = await engine.ds.getRepository(WaitlistEntry).find({ order: { joinedAt: 'ASC' } });
    expect(entries.map((e) => e.status)).toEqual([...Array(3).fill('notified'), ...Array(7).fill('waiting')]);
    expect(entries[0].notifiedRestockId).toBe(restock.id);
    expect(
      (
        await engine.ds.getRepository(RestockEvent).findOneByOrFail({ id: restock.id })
      ).processedAt?.toISOString(),
    ).toBe('2026-06-15T08:35:00.000Z');
    const setAside = await engine.ds.getRepository(Task).findBy({ kind: 'set_aside' });
    expect(setAside.map((t) => t.title).sort()).toEqual(
      customers
        .slice(0, 3)
        .map((c) => `Set one Blue Teapot aside for ${c.firstName} Tester, held until Fri 19 Jun`)
        .sort(),
    );
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(3);
  });

  it('defers by priority over the contact budget and retries on a later tick within grace', async () => {
    const t0 = at('2026-06-15T07:00:00Z');
    const low = await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      priority: 1,
      gracePeriodMinutes: 3 * 1440,
      params: { min_total: { EUR: 100 } },
    });
    const high = await makeRule(engine.ds, t0, { kind: 'birthday', priority: 10 });
    const c = await makeCustomer(engine.ds, t0, { birthdayMonth: 6, birthdayDay: 15 });
    await makeOrder(engine.ds, c.id, at('2026-06-15T06:00:00Z'), 50_000);
    await tick('2026-06-15T07:05:00Z');
    let rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.rule_id, r.status])).toEqual([
      [high.id, 'queued'],
      [low.id, 'deferred'],
    ]);
    expect(rows[1].reason).toBe('contact budget: already 1 other occasion(s) in the last 1 days');
    await tick('2026-06-15T19:00:00Z'); // still within the 1-day budget window
    expect((await ledger(engine.ds))[1].status).toBe('deferred');
    await tick('2026-06-16T07:10:00Z'); // budget window over, grace (3 days) not
    rows = await ledger(engine.ds);
    expect(rows.map((r) => r.status)).toEqual(['queued', 'queued']);
    expect(rows[1].message_id).not.toBeNull();
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(2);
  });

  it('marks a deferred touch missed when its grace period ends', async () => {
    const t0 = at('2026-06-15T07:00:00Z');
    await makeRule(engine.ds, t0, { kind: 'birthday', priority: 10 });
    await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      priority: 1,
      gracePeriodMinutes: 60,
      params: { min_total: { EUR: 100 } },
    });
    const c = await makeCustomer(engine.ds, t0, { birthdayMonth: 6, birthdayDay: 15 });
    await makeOrder(engine.ds, c.id, at('2026-06-15T07:00:00Z'), 50_000);
    await tick('2026-06-15T07:05:00Z');
    await tick('2026-06-16T07:10:00Z');
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => r.status)).toEqual(['queued', 'missed']);
    expect(rows[1].reason).toContain('still over the contact budget when the grace period ended');
  });

  it('expires each rule by its own grace period in one tick', async () => {
    const t0 = at('2026-06-15T07:00:00Z');
    await makeRule(engine.ds, t0, { kind: 'birthday', priority: 10 });
    const short = await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      priority: 2,
      gracePeriodMinutes: 60,
      params: { min_total: { EUR: 100 } },
    });
    const long = await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      priority: 1,
      gracePeriodMinutes: 3 * 1440,
      params: { min_total: { EUR: 100 } },
    });
    const c = await makeCustomer(engine.ds, t0, { birthdayMonth: 6, birthdayDay: 15 });
    await makeOrder(engine.ds, c.id, at('2026-06-15T07:00:00Z'), 50_000);
    await tick('2026-06-15T07:05:00Z');
    let rows = await ledger(engine.ds);
    expect(rows.slice(1).map((r) => [r.rule_id, r.status])).toEqual([
      [short.id, 'deferred'],
      [long.id, 'deferred'],
    ]);
    await tick('2026-06-16T07:10:00Z'); // budget window over: the short grace ran out, the long one not
    rows = await ledger(engine.ds);
    expect(rows.slice(1).map((r) => [r.rule_id, r.status])).toEqual([
      [short.id, 'missed'],
      [long.id, 'queued'],
    ]);
    expect(rows[1].reason).toContain('still over the contact budget when the grace period ended');
    expect(rows[2].message_id).not.toBeNull();
  });
});

describe.each(testDatabases())('top x % on $name', (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startRulesEngine(db);
  });
  afterAll(() => engine?.close());

  it('takes the top x % of spenders (rounded up) in the business currency', async () => {
    const now = new Date('2026-06-15T07:05:00Z');
    await makeRule(engine.ds, now, {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_percent: 12.5, no_contact_days: 30 },
    });
    const customers = [];
    for (let i = 0; i < 10; i++) {
      const c = await makeCustomer(engine.ds, now);
      customers.push(c);
      await makeOrder(engine.ds, c.id, new Date(now.getTime() - 10 * DAY), 10_000 * (i + 1));
    }
    await makeOrder(engine.ds, customers[0].id, new Date(now.getTime() - 10 * DAY), 9_000_000, 'USD'); // not the business currency
    await engine.app.get(TickService).tick(now);
    // 12.5 % of 10 spenders → 2 (rounded up): the two biggest EUR spenders
    expect((await ledger(engine.ds)).map((r) => r.customer_id).sort()).toEqual(
      [customers[8].id, customers[9].id].sort(),
    );
  });
});

describe.each(testDatabases())('audience and holdout on $name', (db) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startRulesEngine(db);
  });
  afterAll(() => engine?.close());
  beforeEach(() => resetRulesData(engine.ds));

  it('filters the audience in SQL: tags, lifetime spend, has purchased, locales', async () => {
    const now = new Date('2026-06-15T07:05:00Z');
    const bday = { birthdayMonth: 6, birthdayDay: 15 };
    const rule = await makeRule(engine.ds, now, {
      kind: 'birthday',
      audience: { tags: ['vip', 'friend'], minLifetimeSpendMinor: 10_000, locales: ['de'] },
    });
    const never = await makeRule(engine.ds, now, { kind: 'birthday', audience: { hasPurchased: false } });
    const match = await makeCustomer(engine.ds, now, { ...bday, tags: ['friend'], locale: 'de' });
    const defaultLocale = await makeCustomer(engine.ds, now, { ...bday, tags: ['vip'], locale: 'en' });
    const noTag = await makeCustomer(engine.ds, now, { ...bday, tags: ['wholesale'], locale: 'de' });
    const lowSpend = await makeCustomer(engine.ds, now, { ...bday, tags: ['vip'], locale: 'de' });
    const newcomer = await makeCustomer(engine.ds, now, { ...bday, locale: 'de' });
    for (const c of [match, defaultLocale, noTag])
      await makeOrder(engine.ds, c.id, new Date('2025-01-01T00:00:00Z'), 12_000);
    await makeOrder(engine.ds, lowSpend.id, new Date('2025-01-01T00:00:00Z'), 9_000);
    await engine.app.get(TickService).tick(now);
    const rows = await ledger(engine.ds);
    expect(rows.filter((r) => r.rule_id === rule.id).map((r) => r.customer_id)).toEqual([match.id]);
    expect(rows.filter((r) => r.rule_id === never.id).map((r) => r.customer_id)).toEqual([newcomer.id]);
  });

  it('records held-out customers as holdout, with no message, the same way on a re-run', async () => {
    const now = new Date('2026-06-15T07:05:00Z');
    await makeRule(engine.ds, now, { kind: 'birthday', holdoutPercent: 50 });
    for (let i = 0; i < 20; i++) await makeCustomer(engine.ds, now, { birthdayMonth: 6, birthdayDay: 15 });
    await engine.app.get(TickService).tick(now);
    const rows = await ledger(engine.ds);
    const held = rows.filter((r) => r.status === 'holdout');
    expect(held.length).toBeGreaterThan(2);
    expect(held.length).toBeLessThan(18);
    expect(
      held.every((r) => r.message_id === null && r.reason === 'kept back in the 50% holdout group'),
    ).toBe(true);
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(20 - held.length);
  });
});
