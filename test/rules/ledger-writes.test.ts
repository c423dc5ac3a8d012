import type { QueryRunner } from 'typeorm';
import { RuleEvaluator, TickService, type EvaluationSink } from '@touchbase/rules';
import { isPostgres, reserveIds, rows, type Rule, withPlainSession } from '@touchbase/store';
import {
  describeOnPostgres,
  joinWaitlist,
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
const at = (iso: string) => new Date(iso);
/** A thank-you email for every order ≥ €200 and a call task for one ≥ €1,000: a message and a task per occasion. */
const BIG_PURCHASE_WITH_CALL = {
  kind: 'big_purchase_thanks',
  transactional: true,
  params: {
    min_total: { EUR: 20_000 },
    second_tier: { min_total: { EUR: 100_000 }, channel: 'task', template_key: 'big_purchase_call' },
  },
} as const;

interface Link {
  id: number;
  occasion_key: string;
  status: string;
  message_id: number | null;
  task_id: number | null;
}

/** Every touch with its message and task ids, and what points back at it. */
async function links(engine: Engine): Promise<{
  touches: Link[];
  messages: Array<{ id: number; touch_id: number }>;
  tasks: Array<{ id: number; touch_id: number; kind: string }>;
}> {
  const n = <T extends object>(r: T[]) =>
    r.map((x) =>
      Object.fromEntries(
        Object.entries(x).map(([k, v]) => [k, typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v]),
      ),
    ) as T[];
  return {
    touches: n(
      await rows<Link>(
        engine.ds,
        'SELECT id, occasion_key, status, message_id, task_id FROM touches ORDER BY id',
      ),
    ),
    messages: n(await rows(engine.ds, 'SELECT id, touch_id FROM outbox_messages ORDER BY id')),
    tasks: n(await rows(engine.ds, 'SELECT id, touch_id, kind FROM tasks ORDER BY id')),
  };
}

/** Each message and task belongs to one touch, and the touch points at its message and (first) task. */
function expectConsistent(l: Awaited<ReturnType<typeof links>>): void {
  const byId = new Map(l.touches.map((t) => [t.id, t]));
  for (const m of l.messages) expect(byId.get(m.touch_id)?.message_id).toBe(m.id);
  for (const k of l.tasks) expect(byId.get(k.touch_id)).toBeDefined();
  for (const t of l.touches) {
    const own = l.tasks.filter((k) => k.touch_id === t.id).map((k) => k.id);
    expect(t.task_id).toBe(own.length ? Math.min(...own) : null);
    const message = l.messages.find((m) => m.touch_id === t.id);
    expect(t.message_id).toBe(message?.id ?? null);
  }
}

/**
 * The ledger's writes (docs/rules-and-scheduler.md#the-tick-set-based): a new touch, its outbox
 * message and its tasks point at each other, whether the touch row is written with its message
 * and task ids taken in advance (PostgreSQL) or linked after the inserts (SQLite).
 */
describe.each(testDatabases())('the ledger writes on $name', (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await startRulesEngine(db);
  });
  afterAll(() => engine?.close());
  beforeEach(async () => {
    await resetRulesData(engine.ds);
    engine.composer.missing.clear();
  });

  it('writes each touch pointing at its message and tasks, and leaves a blocked one pointing at nothing', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    await makeRule(engine.ds, t0, BIG_PURCHASE_WITH_CALL);
    await makeRule(engine.ds, t0, {
      kind: 'back_in_stock',
      transactional: true,
      params: { per_unit: 1, set_aside_task: true, hold_days: 3 },
    });
    await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      transactional: true,
      templateKey: 'no_such_template',
      params: { min_total: { EUR: 140_000 } },
    });
    engine.composer.missing.add('no_such_template');
    const customers = [];
    for (let i = 0; i < 4; i++) customers.push(await makeCustomer(engine.ds, t0));
    for (const [i, c] of customers.entries())
      await makeOrder(engine.ds, c.id, at(`2026-06-15T08:0${i}:00Z`), i % 2 ? 150_000 : 25_000, 'EUR');
    const teapot = await makeProduct(engine.ds, t0);
    await joinWaitlist(engine.ds, customers[0].id, teapot.id, at('2026-06-14T08:00:00Z'));
    await makeRestock(engine.ds, teapot.id, 1, at('2026-06-15T08:10:00Z'));

    const report = await engine.app.get(TickService).tick(at('2026-06-15T08:30:00Z'));
    expect(report.touchCount).toBe(7);
    const l = await links(engine);
    expect(l.touches.map((t) => [t.occasion_key.split(':')[0], t.status]).sort()).toEqual(
      [
        ['order', 'queued'],
        ['order', 'queued'],
        ['order', 'task'],
        ['order', 'task'],
        ['restock', 'queued'],
        ['order', 'blocked'],
        ['order', 'blocked'],
      ].sort(),
    );
    expect(l.messages).toHaveLength(3);
    expect(l.tasks.map((k) => k.kind)).toEqual(['call', 'call', 'set_aside']);
    const restock = l.touches.find((t) => t.occasion_key.startsWith('restock:'))!;
    expect(restock.message_id).not.toBeNull();
    expect(restock.task_id).toBe(l.tasks[2].id);
    const blocked = l.touches.filter((t) => t.status === 'blocked');
    expect(blocked.map((t) => [t.message_id, t.task_id])).toEqual([
      [null, null],
      [null, null],
    ]);
    expectConsistent(l);

    // the owner adds the template: the held occasions are moved on and linked to their messages
    engine.composer.missing.clear();
    await engine.app.get(TickService).tick(at('2026-06-15T08:35:00Z'));
    const after = await links(engine);
    for (const b of blocked) {
      const moved = after.touches.find((t) => t.id === b.id)!;
      expect(moved.status).toBe('queued');
      expect(moved.message_id).not.toBeNull();
    }
    expect(after.messages).toHaveLength(5);
    expectConsistent(after);
  });

  it("reserveIds takes ids of the tables' sequences on PostgreSQL that later inserts do not reuse; none on SQLite", async () => {
    const ids = await reserveIds(engine.ds, { tasks: 3, outbox_messages: 2, touches: 0 });
    if (!isPostgres(engine.ds)) {
      expect(ids).toBeNull();
      return;
    }
    const tasks = ids!.get('tasks')!;
    expect(tasks).toHaveLength(3);
    expect(ids!.get('outbox_messages')).toHaveLength(2);
    expect(ids!.get('touches')).toEqual([]);
    expect([...tasks].sort((a, b) => a - b)).toEqual(tasks);
    const c = await makeCustomer(engine.ds, at('2026-06-15T08:00:00Z'));
    const [next] = await rows<{ id: number }>(
      engine.ds,
      `INSERT INTO tasks (customer_id, kind, title, due_day, status, created_at, updated_at)
       VALUES (?, 'call', 't', '2026-06-15', 'open', 0, 0) RETURNING id`,
      [c.id],
    );
    expect(Number(next.id)).toBeGreaterThan(Math.max(...tasks));
    await expect(reserveIds(engine.ds, { 'tasks; DROP TABLE x': 1 })).rejects.toThrow(/plain table/);
  });
});

describeOnPostgres('the ledger writes against a concurrent writer', (pg) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startRulesEngine(pg);
  });
  afterAll(() => engine?.close());
  beforeEach(() => resetRulesData(engine.ds));

  async function evaluate(rule: Rule, now: Date) {
    const evaluator = engine.app.get(RuleEvaluator);
    const sink: EvaluationSink = { limit: 1000, lines: [], total: 0, counts: {} };
    const run = await evaluator.evaluate(
      rule,
      { from: at('2026-06-15T07:00:00Z'), to: now },
      { db: engine.ds.manager, config: engine.config, now, mode: 'tick', batchSize: 5000 },
      sink,
    );
    return run.counts;
  }

  it('makes nothing for an occasion another instance claimed while the batch was being written', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    const rule = await makeRule(engine.ds, t0, BIG_PURCHASE_WITH_CALL);
    const email = await makeCustomer(engine.ds, t0);
    const call = await makeCustomer(engine.ds, t0);
    const other = await makeCustomer(engine.ds, t0);
    const claimedEmail = await makeOrder(engine.ds, email.id, at('2026-06-15T08:01:00Z'), 25_000, 'EUR');
    const claimedCall = await makeOrder(engine.ds, call.id, at('2026-06-15T08:02:00Z'), 150_000, 'EUR');
    const free = await makeOrder(engine.ds, other.id, at('2026-06-15T08:03:00Z'), 25_000, 'EUR');

    // another instance has written two of the touches, not yet committed: the candidate query
    // cannot see them, the insert waits on the unique key, then skips them
    const qr: QueryRunner = engine.ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    const claim = (customerId: number, orderId: number, channel: string) =>
      qr.query(
        `INSERT INTO touches (rule_id, customer_id, occasion_key, due_at, status, reason, channel, order_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 'sent', 'other instance', $5, $6, $4, $4)`,
        [rule.id, customerId, `order:${orderId}`, t0.getTime(), channel, orderId],
      );
    await claim(email.id, claimedEmail.id, 'email');
    await claim(call.id, claimedCall.id, 'task');
    const running = evaluate(rule, at('2026-06-15T08:30:00Z'));
    try {
      await waitForLockWait(engine);
    } finally {
      await qr.commitTransaction();
      await qr.release();
    }
    expect(await running).toEqual({ queued: 1 });

    const l = await links(engine);
    expect(l.touches.map((t) => [t.occasion_key, t.status, t.message_id === null, t.task_id])).toEqual([
      [`order:${claimedEmail.id}`, 'sent', true, null],
      [`order:${claimedCall.id}`, 'sent', true, null],
      [`order:${free.id}`, 'queued', false, null],
    ]);
    expect(l.messages).toHaveLength(1);
    expect(l.tasks).toEqual([]);
    expectConsistent(l);

    // and a second evaluation, now that the claims are visible, writes nothing more
    expect(await evaluate(rule, at('2026-06-15T08:31:00Z'))).toEqual({});
    expect((await links(engine)).messages).toHaveLength(1);
  });

  it('two evaluations at once write each occasion, its message and its task once', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    const rule = await makeRule(engine.ds, t0, BIG_PURCHASE_WITH_CALL);
    for (let i = 0; i < 20; i++) {
      const c = await makeCustomer(engine.ds, t0);
      await makeOrder(
        engine.ds,
        c.id,
        at(`2026-06-15T08:${String(10 + i)}:00Z`),
        i % 3 ? 25_000 : 150_000,
        'EUR',
      );
    }
    const now = at('2026-06-15T08:40:00Z');
    const [a, b] = await Promise.all([evaluate(rule, now), evaluate(rule, now)]);
    const total = (c: Record<string, number>) => Object.values(c).reduce((s, n) => s + n, 0);
    expect(total(a) + total(b)).toBe(20);
    const l = await links(engine);
    expect(l.touches).toHaveLength(20);
    expect(l.messages).toHaveLength(13);
    expect(l.tasks).toHaveLength(7);
    expectConsistent(l);
  });
});

/**
 * A pipelined evaluation (docs/rules-and-scheduler.md#the-tick-set-based): a kind whose batches
 * are disjoint customers is read on a second connection while the previous batch is written.
 */
describeOnPostgres('the ledger writes of a pipelined evaluation', (pg) => {
  let engine: Engine;
  const DAY = 86_400_000;
  const now = at('2026-06-15T07:05:00Z'); // the daily check at 09:00 Berlin
  /** Candidate reads started so far, and on which connection each statement ran. */
  let reads = 0;
  const runs: Array<{ runner: unknown; sql: string }> = [];
  let restore: () => void;

  beforeAll(async () => {
    engine = await startRulesEngine(pg);
    const runner = engine.ds.createQueryRunner();
    const proto = Object.getPrototypeOf(runner) as { query: (...a: unknown[]) => Promise<unknown> };
    await runner.release();
    const original = proto.query;
    proto.query = function (this: unknown, ...a: unknown[]) {
      const sql = String(a[0]);
      if (sql.includes('AS last_event')) reads++;
      runs.push({ runner: this, sql });
      return original.apply(this, a);
    };
    restore = () => (proto.query = original);
  });
  afterAll(async () => {
    restore?.();
    await engine?.close();
  });
  beforeEach(async () => {
    await resetRulesData(engine.ds);
    reads = 0;
    runs.length = 0;
  });

  /** Twelve top spenders with no contact: four batches of three. */
  async function topSpenders(): Promise<Rule> {
    const rule = await makeRule(engine.ds, now, {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_n: 12, window_days: 365, no_contact_days: 30 },
    });
    for (let i = 0; i < 12; i++) {
      const c = await makeCustomer(engine.ds, now);
      await makeOrder(engine.ds, c.id, new Date(now.getTime() - 10 * DAY), 100_000 + i * 1_000);
    }
    return rule;
  }

  function evaluate(rule: Rule) {
    return withPlainSession(engine.ds, async (readsDb) => {
      const sink: EvaluationSink = { limit: 1000, lines: [], total: 0, counts: {} };
      const run = await engine.app
        .get(RuleEvaluator)
        .evaluate(
          rule,
          { from: at('2026-06-15T06:00:00Z'), to: now },
          { db: engine.ds.manager, reads: readsDb, config: engine.config, now, mode: 'tick', batchSize: 3 },
          sink,
        );
      return run.counts;
    });
  }

  it('reads the next batch while a batch is written, and writes each touch and task once', async () => {
    const rule = await topSpenders();
    // each batch's first task waits (up to 1 s) for the next batch's candidate read to start
    const assigneeFor = jest.spyOn(engine.assigner, 'assigneeFor');
    const overlapped: boolean[] = [];
    assigneeFor.mockImplementation(async (c) => {
      const batch = (assigneeFor.mock.calls.length - 1) / 3; // whole: a batch's first task
      if (Number.isInteger(batch)) {
        const until = Date.now() + 1000;
        while (reads < batch + 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
        overlapped.push(reads >= batch + 2);
      }
      return c.accountOwnerId;
    });
    try {
      expect(await evaluate(rule)).toEqual({ task: 12 });
    } finally {
      assigneeFor.mockRestore();
    }
    expect(overlapped).toEqual([true, true, true, false]);
    // no contact-budget read: the candidate query left out anyone contacted in the last 30 days,
    // which holds the budget's 7
    expect(runs.filter((r) => r.sql.includes('SELECT DISTINCT t.customer_id, t.occasion_key'))).toEqual([]);
    // the reads and the writes went through different connections
    const reader = runs.find((r) => r.sql.includes('AS last_event'))!.runner;
    expect(
      runs.filter((r) => r.sql.startsWith('INSERT INTO touches')).every((r) => r.runner !== reader),
    ).toBe(true);
    const l = await links(engine);
    expect(l.touches).toHaveLength(12);
    expect(l.tasks).toHaveLength(12);
    expectConsistent(l);

    // two pipelined evaluations at once, on a ledger emptied again: each occasion once
    await resetRulesData(engine.ds);
    const again = await topSpenders();
    const [a, b] = await Promise.all([evaluate(again), evaluate(again)]);
    expect((a.task ?? 0) + (b.task ?? 0)).toBe(12);
    const twice = await links(engine);
    expect(twice.touches).toHaveLength(12);
    expect(new Set(twice.touches.map((t) => t.id)).size).toBe(12);
    expect(twice.tasks).toHaveLength(12);
    expectConsistent(twice);
  });

  it('rolls back a pipelined batch whose write fails, writes no later batch, and loses nothing', async () => {
    const rule = await topSpenders();
    const assigneeFor = jest.spyOn(engine.assigner, 'assigneeFor');
    assigneeFor.mockImplementation(async (c) => {
      if (assigneeFor.mock.calls.length === 5) throw new Error('assigner down'); // batch 2's second task
      return c.accountOwnerId;
    });
    try {
      await expect(evaluate(rule)).rejects.toThrow('assigner down');
    } finally {
      assigneeFor.mockRestore();
    }
    const l = await links(engine);
    expect(l.touches).toHaveLength(3); // batch 1 only: batch 2 rolled back, 3 and 4 never written
    expect(l.tasks).toHaveLength(3);
    expectConsistent(l);

    expect(await evaluate(rule)).toEqual({ task: 9 });
    const after = await links(engine);
    expect(after.touches).toHaveLength(12);
    expect(after.tasks).toHaveLength(12);
    expectConsistent(after);
  });
});

/** Until a statement of this database waits for a lock (the batch's insert on the claimed keys). */
async function waitForLockWait(engine: Engine): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const waiting = await rows(
      engine.ds,
      "SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (waiting.length) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the evaluation never waited for the other instance');
}
