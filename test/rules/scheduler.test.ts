import { DataSource } from 'typeorm';
import { ManualSchedule, NoopTelemetry, Schedule, TaskComposer, Telemetry } from '@touchbase/core';
import { RuleEvaluator, RuleKindRegistry, TICK_LOCK_KEY, TickService } from '@touchbase/rules';
import { createDataSource, ENGINE_STATE, OutboxMessage, SettingsService } from '@touchbase/store';
import {
  ledger,
  makeCustomer,
  makeRule,
  describeOnPostgres,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';
import { RulesScheduler } from '../../apps/engine/src/rules/rules-scheduler';
import { DigestCron } from '../../apps/engine/src/staff/digest.cron';
import { DispatchLoop } from '../../apps/engine/src/messaging/dispatch-loop';
import { TiersCron } from '../../apps/engine/src/ingest/tiers.cron';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

class CountingTelemetry extends Telemetry {
  ticks: string[] = [];
  tickCompleted(_ms: number, outcome: 'ok' | 'skipped' | 'failed'): void {
    this.ticks.push(outcome);
  }
  touchRecorded(): void {}
  messageFinished(): void {}
}

describe.each(testDatabases())('scheduler on $name', (db) => {
  let engine: Engine;
  const telemetry = new CountingTelemetry();

  beforeAll(async () => {
    engine = await startRulesEngine(db, { at: '2026-06-15T07:05:00Z', overrides: [[Telemetry, telemetry]] });
  });
  afterAll(() => engine?.close());

  it('records how far it evaluated, and a tick overrunning the next is not started twice', async () => {
    const now = engine.clock.now();
    await makeRule(engine.ds, now, { kind: 'birthday' });
    for (let i = 0; i < 30; i++) await makeCustomer(engine.ds, now, { birthdayMonth: 6, birthdayDay: 15 });
    const ticks = engine.app.get(TickService);
    const [a, b] = await Promise.all([ticks.tick(now), ticks.tick(now)]);
    expect([a.outcome, b.outcome].sort()).toEqual(['ok', 'skipped']);
    expect([a, b].find((r) => r.outcome === 'skipped')!.skippedBecause).toBe(
      'a tick is still running in this process',
    );
    expect(await ledger(engine.ds)).toHaveLength(30);
    // The scheduler's own marks (the engine also records its public address at start).
    const state = await engine.ds.query(
      "SELECT key, value FROM engine_state WHERE key LIKE 'scheduler.%' ORDER BY key",
    );
    expect(state.map((s: { key: string; value: string }) => [s.key, s.value])).toEqual([
      [ENGINE_STATE.evaluatedUpTo, '2026-06-15T07:05:00.000Z'],
      [ENGINE_STATE.lastTickAt, '2026-06-15T07:05:00.000Z'],
    ]);
    expect(telemetry.ticks.sort()).toEqual(['ok', 'skipped']);
  });

  it('the timer only triggers: rules tick, digest and dispatch are jobs of one Schedule, with the scheduler role only', async () => {
    const scheduler = engine.app.get(RulesScheduler);
    expect((scheduler as unknown as { job: unknown }).job).toBeNull(); // ENGINE_ROLES=api here
    const schedule = new ManualSchedule();
    const timed = await startRulesEngine(db, {
      at: '2026-06-15T07:05:00Z',
      env: { ENGINE_ROLES: 'api,scheduler,dispatcher', SCHEDULER_CRON: '*/10 * * * *' },
      overrides: [[Schedule, schedule]],
    });
    try {
      expect(Object.fromEntries([...schedule.jobs].map(([name, j]) => [name, j.cadence]))).toEqual({
        [RulesScheduler.JOB]: { cron: '*/10 * * * *' },
        [DigestCron.JOB]: { cron: '*/5 * * * *' },
        [DispatchLoop.JOB]: { everyMs: timed.config.dispatch.intervalMs },
        [TiersCron.JOB]: { cron: '7 * * * *' }, // the hourly check for the business day's tier recompute
      });
      // The start-up tick ran as of the clock; a beat runs the job with the beat's own instant.
      await timed.app.get(RulesScheduler).firstTickDone();
      expect(
        (await timed.ds.query(`SELECT value FROM engine_state WHERE key = '${ENGINE_STATE.lastTickAt}'`))[0]
          .value,
      ).toBe('2026-06-15T07:05:00.000Z');
      await schedule.fire(RulesScheduler.JOB, new Date('2026-06-15T07:10:00Z'));
      const state = await timed.ds.query(
        `SELECT value FROM engine_state WHERE key = '${ENGINE_STATE.lastTickAt}'`,
      );
      expect(state[0].value).toBe('2026-06-15T07:10:00.000Z');
    } finally {
      await timed.close();
    }
    expect(schedule.jobs.size).toBe(0); // shutdown stops every job
  });
});

describeOnPostgres('two engine instances on PostgreSQL', (pg) => {
  let engine: Engine;
  let second: DataSource;

  beforeAll(async () => {
    engine = await startRulesEngine(pg, { at: '2026-06-15T07:05:00Z' });
    second = createDataSource(engine.config.database);
    await second.initialize();
  });
  afterAll(async () => {
    await second?.destroy();
    await engine?.close();
  });

  it('a tick skips while another instance holds the advisory lock', async () => {
    const holder = second.createQueryRunner();
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [TICK_LOCK_KEY]);
    try {
      const report = await engine.app.get(TickService).tick(engine.clock.now());
      expect(report).toMatchObject({
        outcome: 'skipped',
        skippedBecause: 'another engine instance is running a tick',
      });
    } finally {
      await holder.query('SELECT pg_advisory_unlock($1)', [TICK_LOCK_KEY]);
      await holder.release();
    }
  });

  it('even without the lock, two evaluations of the same occasions race harmlessly (unique occasion key)', async () => {
    await engine.ds.query('DELETE FROM outbox_messages');
    await engine.ds.query('DELETE FROM touches');
    await engine.ds.query('DELETE FROM rules');
    const now = engine.clock.now();
    const rule = await makeRule(engine.ds, now, { kind: 'birthday' });
    for (let i = 0; i < 40; i++) await makeCustomer(engine.ds, now, { birthdayMonth: 6, birthdayDay: 15 });
    const telemetry = new NoopTelemetry();
    const evaluators = [engine.ds, second].map((ds) => ({
      ds,
      ev: new RuleEvaluator(
        new RuleKindRegistry(),
        telemetry,
        engine.composer,
        engine.assigner,
        engine.app.get(TaskComposer),
      ),
    }));
    const window = { from: new Date(now.getTime() - 86_400_000), to: now };
    const runs = await Promise.all(
      evaluators.map(({ ds, ev }) =>
        ev.evaluate(
          rule,
          window,
          { db: ds.manager, config: engine.config, now, mode: 'tick', batchSize: 7 },
          { limit: 0, lines: [], total: 0, counts: {} },
        ),
      ),
    );
    expect(runs.reduce((n, r) => n + (r.counts.queued ?? 0), 0)).toBe(40);
    const rows = (await ledger(engine.ds)).filter((r) => r.rule_id === rule.id);
    expect(rows).toHaveLength(40);
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(40);
    await engine.ds.query('DELETE FROM outbox_messages');
    await engine.ds.query('DELETE FROM touches');
    await engine.ds.query('DELETE FROM rules');
    await engine.ds.query('DELETE FROM customers');
  });

  it('two instances ticking at once create no duplicate', async () => {
    const now = engine.clock.now();
    await makeRule(engine.ds, now, { kind: 'birthday' });
    for (let i = 0; i < 50; i++) await makeCustomer(engine.ds, now, { birthdayMonth: 6, birthdayDay: 15 });
    const telemetry = new NoopTelemetry();
    const otherInstance = new TickService(
      second,
      engine.config,
      new RuleEvaluator(
        new RuleKindRegistry(),
        telemetry,
        engine.composer,
        engine.assigner,
        engine.app.get(TaskComposer),
      ),
      telemetry,
      new SettingsService(second, engine.clock, engine.config),
    );
    const reports = await Promise.all([
      engine.app.get(TickService).tick(now),
      otherInstance.tick(now),
      otherInstance.tick(now),
    ]);
    expect(reports.filter((r) => r.outcome === 'ok').length).toBeGreaterThanOrEqual(1);
    // and after they are done, another tick finds everything already in the ledger
    await otherInstance.tick(new Date(now.getTime() + 60_000));
    const rows = await ledger(engine.ds);
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(50);
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(50);
  });
});

describe('the scheduler role', () => {
  let engine: Engine;
  afterEach(() => engine?.close());

  it('a fresh engine evaluates at start-up, catch-up included, without waiting for the first cron slot', async () => {
    // A store that already has rules and a birthday due two hours ago, and a cron slot a year away.
    const db = testDatabases()[0];
    const settings = await db.create();
    const ds = createDataSource(settings);
    await ds.initialize();
    await ds.runMigrations();
    const at = new Date('2026-06-15T07:05:00Z');
    await makeRule(ds, at, { kind: 'birthday', name: 'Birthday email', params: { send_time: '07:00' } });
    await makeRule(ds, at, { kind: 'birthday', name: 'Card', channel: 'task', params: { days_before: 2 } });
    const ida = await makeCustomer(ds, at, { firstName: 'Ida', birthdayMonth: 6, birthdayDay: 15 });
    const ben = await makeCustomer(ds, at, { firstName: 'Ben', birthdayMonth: 6, birthdayDay: 17 });
    await ds.destroy();

    const started = performance.now();
    engine = await startRulesEngine(db, {
      at: '2026-06-15T09:30:00Z',
      reuse: settings,
      env: { ENGINE_ROLES: 'api,scheduler', SCHEDULER_CRON: '0 0 1 1 *' },
    });
    const deadline = performance.now() + 15_000;
    while ((await ledger(engine.ds)).length < 2 && performance.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.customer_id, r.occasion_key, r.status]).sort()).toEqual(
      [
        [ida.id, 'birthday:2026', 'queued'],
        [ben.id, 'birthday:2026', 'task'],
      ].sort(),
    );
    expect(performance.now() - started).toBeLessThan(15_000);
    const mark = await engine.ds.query(
      `SELECT value FROM engine_state WHERE key = '${ENGINE_STATE.lastTickAt}'`,
    );
    expect(mark[0].value).toBe('2026-06-15T09:30:00.000Z');
  }, 60_000);

  it('ticks on the cron expression as of the clock when ENGINE_ROLES includes scheduler', async () => {
    engine = await startRulesEngine(testDatabases()[0], {
      at: '2026-06-15T07:05:00Z',
      env: { ENGINE_ROLES: 'api,scheduler', SCHEDULER_CRON: '* * * * * *' },
    });
    const lastTick = async () =>
      (await engine.ds.query(`SELECT value FROM engine_state WHERE key = '${ENGINE_STATE.lastTickAt}'`))[0]
        ?.value;
    const deadline = performance.now() + 10_000;
    while (!(await lastTick()) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await lastTick()).toBe('2026-06-15T07:05:00.000Z');
  });
});
