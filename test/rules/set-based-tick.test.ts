import { EntityManager } from 'typeorm';
import {
  RuleKindRegistry,
  TickService,
  TICK_STATISTICS,
  TICK_TABLES,
  validateParams,
  type DueOccasion,
} from '@touchbase/rules';
import {
  isPostgres,
  RestockEvent,
  Rule,
  rows,
  WaitlistEntry,
  withOrdinaryPlans,
  withPlainPlans,
  withPlainSession,
} from '@touchbase/store';
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
const at = (iso: string) => new Date(iso);

/**
 * The set-based tick (docs/rules-and-scheduler.md#the-tick-set-based): the kinds' candidate
 * queries leave out occasions the ledger already settled, the lookups run with plain plans, and a
 * large tick refreshes the planner's statistics of what it wrote.
 */
describe.each(testDatabases())('the set-based tick on $name', (db) => {
  let engine: Engine;
  let ticks: TickService;

  beforeAll(async () => {
    engine = await startRulesEngine(db);
    ticks = engine.app.get(TickService);
  });
  afterAll(() => engine?.close());
  beforeEach(() => resetRulesData(engine.ds));

  /** Every occasion the rule's kind yields for the window, as the evaluator would see them. */
  async function candidates(
    rule: Rule,
    from: string,
    to: string,
    mode: 'tick' | 'preview' = 'tick',
  ): Promise<DueOccasion[]> {
    const kind = engine.app.get(RuleKindRegistry).get(rule.kind)!;
    const out: DueOccasion[] = [];
    const ctx = { db: engine.ds.manager, config: engine.config, now: at(to), mode, batchSize: 5000 };
    for await (const batch of kind.findDueOccasions(
      rule,
      validateParams(kind, rule.params ?? {}).params,
      { from: at(from), to: at(to) },
      ctx,
    ))
      out.push(...batch);
    return out;
  }

  it('leaves occasions with a final touch out of the candidate query and brings a deferred one with its ledger row', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    const rule = await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      transactional: true,
      params: { min_total: { EUR: 20_000 } },
    });
    const c = await makeCustomer(engine.ds, t0);
    const sent = await makeOrder(engine.ds, c.id, at('2026-06-15T08:00:00Z'), 25_000, 'EUR');
    const waiting = await makeOrder(engine.ds, c.id, at('2026-06-15T08:01:00Z'), 25_000, 'EUR');
    const fresh = await makeOrder(engine.ds, c.id, at('2026-06-15T08:02:00Z'), 25_000, 'EUR');
    const ins = (orderId: number, status: string) =>
      rows(
        engine.ds,
        `INSERT INTO touches (rule_id, customer_id, occasion_key, due_at, status, reason, channel, order_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, '', 'email', ?, ?, ?) RETURNING id`,
        [rule.id, c.id, `order:${orderId}`, t0.getTime(), status, orderId, t0.getTime(), t0.getTime()],
      );
    const [sentTouch] = await ins(sent.id, 'sent');
    const [deferred] = await ins(waiting.id, 'deferred');

    const found = await candidates(rule, '2026-06-15T07:00:00Z', '2026-06-15T09:00:00Z');
    expect(found.map((o) => [o.occasionKey, o.prior])).toEqual([
      [`order:${waiting.id}`, { id: Number(deferred.id), status: 'deferred' }],
      [`order:${fresh.id}`, null],
    ]);
    // a preview still sees the settled one, to explain it as already touched
    const previewed = await candidates(rule, '2026-06-15T07:00:00Z', '2026-06-15T09:00:00Z', 'preview');
    expect(previewed.map((o) => [o.occasionKey, o.prior?.status ?? null])).toEqual([
      [`order:${sent.id}`, 'sent'],
      [`order:${waiting.id}`, 'deferred'],
      [`order:${fresh.id}`, null],
    ]);

    // the tick moves the deferred one on and adds the new one; the sent one stays as it was
    await ticks.tick(at('2026-06-15T09:00:00Z'));
    const after = await ledger(engine.ds);
    expect(after.map((r) => [r.occasion_key, r.status])).toEqual([
      [`order:${sent.id}`, 'sent'],
      [`order:${waiting.id}`, 'queued'],
      [`order:${fresh.id}`, 'queued'],
    ]);
    expect(after[0].id).toBe(Number(sentTouch.id));
  });

  it('leaves a top customer with an open check-in task or a recent contact out of the candidates in a tick', async () => {
    const now = at('2026-06-15T07:05:00Z');
    const rule = await makeRule(engine.ds, now, {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_n: 3, window_days: 365, no_contact_days: 30 },
    });
    const quiet = await makeCustomer(engine.ds, now);
    const recent = await makeCustomer(engine.ds, now);
    const open = await makeCustomer(engine.ds, now);
    for (const c of [quiet, recent, open])
      await makeOrder(engine.ds, c.id, at('2026-05-01T10:00:00Z'), 90_000, 'EUR');
    await rows(
      engine.ds,
      "INSERT INTO contact_events (customer_id, occurred_at, direction, kind, summary) VALUES (?, ?, 'out', 'call', '')",
      [recent.id, at('2026-06-10T10:00:00Z').getTime()],
    );
    await rows(
      engine.ds,
      `INSERT INTO tasks (rule_id, customer_id, kind, title, reason, talking_points, due_day, priority, status, created_at, updated_at)
       VALUES (?, ?, 'call', 't', 'r', '', '2026-04-01', 0, 'open', ?, ?) RETURNING id`,
      [rule.id, open.id, at('2026-04-01T10:00:00Z').getTime(), at('2026-04-01T10:00:00Z').getTime()],
    );

    const found = await candidates(rule, '2026-06-15T06:00:00Z', '2026-06-15T07:05:00Z');
    expect(found.map((o) => o.customerId)).toEqual([quiet.id]);
    const previewed = await candidates(rule, '2026-06-15T06:00:00Z', '2026-06-15T07:05:00Z', 'preview');
    expect(
      previewed
        .map((o) => [o.customerId, typeof o.notDue === 'object' ? o.notDue.code : (o.notDue ?? null)])
        .sort(),
    ).toEqual(
      [
        [quiet.id, null],
        [recent.id, 'recent_contact'],
        [open.id, 'open_checkin_task'],
      ].sort(),
    );
  });

  it('refreshes the statistics of the tables it wrote after a large tick, and not after a small one', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    await makeRule(engine.ds, t0, {
      kind: 'big_purchase_thanks',
      transactional: true,
      params: {
        min_total: { EUR: 20_000 },
        second_tier: { min_total: { EUR: 100_000 }, channel: 'task', template_key: 'big_purchase_call' },
      },
    });
    const c = await makeCustomer(engine.ds, t0);
    for (let i = 0; i < 3; i++)
      await makeOrder(engine.ds, c.id, at(`2026-06-15T08:0${i}:00Z`), 25_000, 'EUR');
    const analyzed = () => analyzeCounts(engine.ds.manager);
    const before = await analyzed();

    const small = await ticks.tick(at('2026-06-15T08:30:00Z'), { analyzeAfterRows: 5 });
    expect(small.touchCount).toBe(3);
    expect(small.analyzed).toBeUndefined();
    expect(await analyzed()).toEqual(before);

    await makeOrder(engine.ds, c.id, at('2026-06-15T08:40:00Z'), 150_000, 'EUR'); // a call task
    const pg = isPostgres(engine.ds);
    if (pg) await rows(engine.ds, 'ANALYZE touches'); // every column, as of now
    const statsBefore = pg ? await touchStats(engine.ds.manager) : null;
    const large = await ticks.tick(at('2026-06-15T09:00:00Z'), { analyzeAfterRows: 0 });
    expect(large.touchCount).toBe(1);
    expect(large.analyzed).toEqual([...TICK_TABLES]);
    const now = await analyzed();
    for (const t of TICK_TABLES) expect(now[t]).toBeGreaterThan(before[t]);
    if (statsBefore) {
      // only the columns plans use (TICK_STATISTICS): the status's statistics are new (a task
      // among the emails), the reason's (a text no query looks into) are those of before
      const statsAfter = await touchStats(engine.ds.manager);
      expect(statsAfter.status).not.toEqual(statsBefore.status);
      expect(statsAfter.reason).toEqual(statsBefore.reason);
      expect(TICK_STATISTICS.touches).toContain('status');
      expect(TICK_STATISTICS.touches).not.toContain('reason');
    }
  });

  /** A transactional back_in_stock rule (one unit per customer, no set-aside task) and two products. */
  const backInStockShop = async (t0: Date) => ({
    rule: await makeRule(engine.ds, t0, {
      kind: 'back_in_stock',
      transactional: true,
      params: { per_unit: 1, set_aside_task: false, hold_days: 3 },
    }),
    teapot: await makeProduct(engine.ds, t0),
    kettle: await makeProduct(engine.ds, t0),
  });

  it('tells the waitlists of many restocks from one candidate query: in join order, each restock after the earlier ones of its product', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    const { rule, teapot, kettle } = await backInStockShop(t0);
    const wait = async (productId: number, n: number) => {
      const ids: number[] = [];
      for (let i = 0; i < n; i++) {
        const c = await makeCustomer(engine.ds, t0);
        // joined in reverse creation order: the waitlist's order is not the customers' ids
        await joinWaitlist(engine.ds, c.id, productId, new Date(t0.getTime() - (n - i) * 60_000));
        ids.push(c.id);
      }
      return ids;
    };
    const teapotWaiting = await wait(teapot.id, 6);
    const kettleWaiting = await wait(kettle.id, 3);
    const r1 = await makeRestock(engine.ds, teapot.id, 2, at('2026-06-15T08:10:00Z'));
    const r2 = await makeRestock(engine.ds, kettle.id, 1, at('2026-06-15T08:11:00Z'));
    const r3 = await makeRestock(engine.ds, teapot.id, 3, at('2026-06-15T08:12:00Z'));
    const keys = [
      ...teapotWaiting.slice(0, 2).map((id) => [id, `restock:${teapot.id}:${r1.id}`]),
      [kettleWaiting[0], `restock:${kettle.id}:${r2.id}`],
      ...teapotWaiting.slice(2, 5).map((id) => [id, `restock:${teapot.id}:${r3.id}`]),
    ];

    // one batch for all three restocks (the per-restock shape handed over one per restock)
    const kind = engine.app.get(RuleKindRegistry).get('back_in_stock')!;
    const ctx = { db: engine.ds.manager, config: engine.config, now: at('2026-06-15T08:15:00Z') };
    const batches: DueOccasion[][] = [];
    for await (const b of kind.findDueOccasions(
      rule,
      validateParams(kind, rule.params ?? {}).params,
      { from: t0, to: ctx.now },
      { ...ctx, mode: 'tick', batchSize: 5000 },
    ))
      batches.push(b);
    expect(batches.map((b) => b.map((o) => [o.customerId, o.occasionKey]))).toEqual([keys]);
    await rows(engine.ds, 'UPDATE restock_events SET processed_at = NULL');

    await ticks.tick(at('2026-06-15T08:15:00Z'));
    await ticks.tick(at('2026-06-15T08:20:00Z')); // exactly once: the next tick tells nobody more
    expect((await ledger(engine.ds)).map((r) => [r.customer_id, r.occasion_key])).toEqual(keys);
    const entries = await engine.ds.getRepository(WaitlistEntry).find({ order: { id: 'ASC' } });
    expect(entries.map((e) => [e.customerId, e.status, e.notifiedRestockId])).toEqual([
      ...teapotWaiting.map((id, i) => [
        id,
        i < 5 ? 'notified' : 'waiting',
        i < 2 ? r1.id : i < 5 ? r3.id : null,
      ]),
      ...kettleWaiting.map((id, i) => [id, i < 1 ? 'notified' : 'waiting', i < 1 ? r2.id : null]),
    ]);
    const restocks = await engine.ds.getRepository(RestockEvent).find({ order: { id: 'ASC' } });
    expect(restocks.map((r) => r.processedAt?.toISOString())).toEqual(
      Array(3).fill('2026-06-15T08:15:00.000Z'),
    );
  });

  it('marks a restock processed in the transaction of the batch that hands over its last candidate, else after it', async () => {
    const t0 = at('2026-06-15T08:00:00Z');
    const { rule, teapot, kettle } = await backInStockShop(t0);
    for (let i = 0; i < 3; i++)
      await joinWaitlist(engine.ds, (await makeCustomer(engine.ds, t0)).id, teapot.id, t0);
    const r1 = await makeRestock(engine.ds, teapot.id, 2, at('2026-06-15T08:10:00Z'));
    const r2 = await makeRestock(engine.ds, kettle.id, 4, at('2026-06-15T08:11:00Z')); // nobody waits
    const r3 = await makeRestock(engine.ds, teapot.id, 1, at('2026-06-15T08:12:00Z'));
    const processed = async (m: EntityManager) =>
      (
        await rows<{ id: number }>(
          m,
          'SELECT id FROM restock_events WHERE processed_at IS NOT NULL ORDER BY id',
        )
      ).map((r) => Number(r.id));
    const kind = engine.app.get(RuleKindRegistry).get('back_in_stock')!;
    const ctx = { db: engine.ds.manager, config: engine.config, now: at('2026-06-15T08:15:00Z') };
    const sizes: number[] = [];
    let inside: number[] = [];
    for await (const batch of kind.findDueOccasions(
      rule,
      validateParams(kind, rule.params ?? {}).params,
      { from: t0, to: ctx.now },
      { ...ctx, mode: 'tick', batchSize: 2 },
    )) {
      sizes.push(batch.length);
      // the first batch is written (the ledger calls its hook in the batch's transaction); the second writes nothing
      if (sizes.length === 1)
        await engine.ds.transaction(async (tx) => {
          await batch[0].afterRecorded!(
            tx,
            batch.map((occasion) => ({ occasion, touchId: 0, status: 'queued' })),
          );
          inside = await processed(tx);
        });
    }
    expect(sizes).toEqual([2, 1]);
    expect(inside).toEqual([r1.id, r2.id]); // r1's last candidate, and r2 before r3, with the first batch
    expect(await processed(engine.ds.manager)).toEqual([r1.id, r2.id, r3.id]);
  });

  const settings = (m: EntityManager) =>
    rows<{ w: string; j: string; s: string }>(
      m,
      isPostgres(m)
        ? "SELECT current_setting('max_parallel_workers_per_gather') AS w, current_setting('jit') AS j, current_setting('enable_seqscan') AS s"
        : "SELECT 'n/a' AS w, 'n/a' AS j, 'n/a' AS s",
    ).then((r) => r[0]);

  it('runs lookups with plain plans: no parallel workers and no JIT on PostgreSQL, only inside', async () => {
    const outside = await settings(engine.ds.manager);
    const inside = await withPlainPlans(engine.ds, (m) => settings(m));
    if (isPostgres(engine.ds)) {
      expect(inside).toEqual({ w: '0', j: 'off', s: 'off' });
      expect(outside.w).not.toBe('0');
    } else expect(inside).toEqual(outside);
    expect(await settings(engine.ds.manager)).toEqual(outside);
  });
  it('plans a tick on one plain session: settings sent once, no transaction per lookup, reset afterwards', async () => {
    const outside = await settings(engine.ds.manager);
    const created = jest.spyOn(engine.ds, 'createQueryRunner');
    let connection: { query(sql: string): Promise<{ rows: Array<{ jit: string }> }> } | undefined;
    const seen = await withPlainSession(engine.ds, async (m) => {
      connection = (m.queryRunner as unknown as { databaseConnection?: typeof connection })
        ?.databaseConnection;
      return {
        inside: await settings(m),
        transaction: m.queryRunner?.isTransactionActive ?? false,
        // withPlainPlans adds nothing on it: the same manager, no transaction of its own
        same: await withPlainPlans(m, async (inner) => inner === m),
        // a statement that wants the server's own plans still gets them
        ordinary: await withOrdinaryPlans(m, (inner) => settings(inner)),
        after: await settings(m),
      };
    });
    created.mockRestore();
    if (isPostgres(engine.ds)) {
      expect(seen).toEqual({
        inside: { w: '0', j: 'off', s: 'off' },
        transaction: false,
        same: true,
        ordinary: outside,
        after: { w: '0', j: 'off', s: 'off' },
      });
      // the connection went back to the pool with the server's settings
      const { rows: reset } = await connection!.query('SHOW jit');
      expect(reset[0].jit).toBe(outside.j);
    } else {
      expect(seen).toEqual({
        inside: outside,
        transaction: false,
        same: true,
        ordinary: outside,
        after: outside,
      });
      expect(created).not.toHaveBeenCalled(); // SQLite: the data source's own manager
    }
  });

  it('sends no per-statement plain-plan settings in a tick, and reads the paused channels once for all rules', async () => {
    const now = at('2026-06-15T08:15:00Z');
    for (const kind of ['big_purchase_thanks', 'back_in_stock'])
      await makeRule(engine.ds, now, {
        kind,
        transactional: true,
        params: kind === 'big_purchase_thanks' ? { min_total: { EUR: 20_000 } } : {},
      });
    const c = await makeCustomer(engine.ds, now);
    await makeOrder(engine.ds, c.id, at('2026-06-15T08:00:00Z'), 25_000, 'EUR');
    const statements: string[] = [];
    const runner = engine.ds.createQueryRunner();
    const target = (isPostgres(engine.ds) ? Object.getPrototypeOf(runner) : runner) as {
      query: (...a: unknown[]) => Promise<unknown>;
    };
    const original = target.query;
    target.query = function (this: unknown, ...a: unknown[]) {
      statements.push(String(a[0]));
      return original.apply(this, a);
    };
    try {
      await ticks.tick(now);
    } finally {
      target.query = original;
      if (isPostgres(engine.ds)) await runner.release();
    }
    expect((await ledger(engine.ds)).map((r) => r.status)).toEqual(['queued']);
    expect(statements.filter((q) => q.includes('SET LOCAL max_parallel_workers_per_gather'))).toEqual([]);
    const channelReads = statements.filter((q) => /FROM engine_state WHERE key IN/.test(q));
    expect(channelReads).toHaveLength(1);
  });

  it("finds a birthday rule's candidates on all of a window's dates in one batch", async () => {
    const t0 = at('2026-06-10T00:00:00Z');
    const rule = await makeRule(engine.ds, t0, { kind: 'birthday', params: { days_before: 0 } });
    const born = [13, 14, 15];
    for (const day of born)
      await makeCustomer(engine.ds, t0, { birthdayMonth: 6, birthdayDay: day, birthdayYear: 1990 });
    const kind = engine.app.get(RuleKindRegistry).get('birthday')!;
    const batches: DueOccasion[][] = [];
    for await (const batch of kind.findDueOccasions(
      rule,
      validateParams(kind, rule.params ?? {}).params,
      { from: at('2026-06-12T12:00:00Z'), to: at('2026-06-15T12:00:00Z') },
      {
        db: engine.ds.manager,
        config: engine.config,
        now: at('2026-06-15T12:00:00Z'),
        mode: 'tick',
        batchSize: 5000,
      },
    ))
      batches.push(batch);
    expect(batches).toHaveLength(1);
    expect(batches[0].map((o) => [o.customer?.context.birthdayDay, o.occasionKey])).toEqual(
      born.map((day) => [day, 'birthday:2026']),
    );
  });
});

/**
 * How many times each tick table's statistics were refreshed: PostgreSQL's analyze counter;
 * SQLite: whether sqlite_stat1 holds the table (0/1; the index statistics ANALYZE writes).
 */
/** PostgreSQL: the planner's statistics of touches' status and reason columns (pg_stats), as text. */
async function touchStats(db: EntityManager): Promise<Record<'status' | 'reason', string | undefined>> {
  const found = await rows<{ attname: string; s: string }>(
    db,
    `SELECT attname, CONCAT_WS('|', null_frac, avg_width, n_distinct, most_common_vals, most_common_freqs, histogram_bounds) AS s
       FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'touches' AND attname IN ('status', 'reason')`,
  );
  const of = (c: string) => found.find((r) => r.attname === c)?.s;
  return { status: of('status'), reason: of('reason') };
}

async function analyzeCounts(db: EntityManager): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TICK_TABLES) {
    if (isPostgres(db)) {
      await rows(db, 'SELECT pg_stat_clear_snapshot()');
      const [r] = await rows<{ n: string }>(
        db,
        'SELECT analyze_count AS n FROM pg_stat_user_tables WHERE relname = ?',
        [t],
      );
      out[t] = Number(r?.n ?? 0);
    } else {
      const exists = await rows(db, "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'");
      const [r] = exists.length
        ? await rows<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM sqlite_stat1 WHERE tbl = ?', [t])
        : [{ n: 0 }];
      out[t] = Number(r.n) > 0 ? 1 : 0;
    }
  }
  return out;
}
