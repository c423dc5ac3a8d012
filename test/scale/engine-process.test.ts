import { OutboxMessage, Touch } from '@touchbase/store';
import {
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  spawnEngineProcess,
  testDatabases,
} from '@touchbase/test-kit';
import { BlackHole } from './black-hole';
import { DUE_NOW_ENV, outboxCounts, saveLogs, seedBirthdays, waitFor } from './scale-seed';

/**
 * A real engine process (not an in-process Nest app): JSON logs, the request log, roles, and a
 * SIGTERM that ends in exit code 0 with every lease it held released.
 */
describe.each(testDatabases())('a real engine process on $name', (db) => {
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let engine: EngineProcess | undefined;

  beforeAll(async () => {
    store = await openTestDataSource(db);
  });
  afterAll(async () => {
    await killEngineProcesses([engine]);
    if (engine) saveLogs([engine]);
    await store?.close();
  });

  it('logs JSON lines, one per request without query strings, and stops cleanly on SIGTERM', async () => {
    engine = await spawnEngineProcess({
      name: `proc-${db.name}`,
      database: store.settings,
      roles: 'api',
      env: { LOG_LEVEL: 'debug' },
    });
    const res = await fetch(`${engine.url}/no-such-page?email=secret.person%40example.test`);
    expect(res.status).toBe(404);
    expect((await fetch(`${engine.url}/health/live`)).status).toBe(200);

    const exit = await engine.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });

    const logs = engine.jsonLogs();
    const requests = logs
      .filter((l) => l.context === 'HTTP')
      .map((l) => l.message as Record<string, unknown>);
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'request', method: 'GET', path: '/no-such-page', status: 404 }),
        expect.objectContaining({ method: 'GET', path: '/health/live', status: 200 }),
      ]),
    );
    for (const r of requests) expect(typeof r.durationMs).toBe('number');
    expect(engine.logs()).not.toContain('secret.person');
    expect(
      logs.find((l) => l.context === 'Shutdown' && /stopped cleanly/.test(String(l.message))),
    ).toBeTruthy();
    expect(logs.every((l) => typeof l.level === 'string' && typeof l.timestamp === 'number')).toBe(true);
  });

  it('runs without HTTP when the api role is off', async () => {
    engine = await spawnEngineProcess({
      name: `noapi-${db.name}`,
      database: store.settings,
      roles: 'dispatcher',
    });
    expect(engine.url).toBeNull();
    expect(engine.logs()).toContain('Touchbase is running with roles: dispatcher (no HTTP)');
    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    // Nothing it could have claimed is left leased.
    const leased = await store.ds.getRepository(OutboxMessage).count({ where: { status: 'sending' } });
    expect(leased).toBe(0);
  });

  it('on SIGTERM hands back the messages it claimed but could not send, and exits 0', async () => {
    const hole = await BlackHole.start();
    try {
      const outbox = store.ds.getRepository(OutboxMessage);
      const now = new Date();
      await outbox.insert(
        Array.from({ length: 6 }, (_, i) => ({
          channel: 'email',
          purpose: 'test',
          recipient: `held.${i}@example.test`,
          subject: 'Held',
          text: 'Held',
          status: 'queued',
          nextAttemptAt: now,
          createdAt: now,
        })),
      );
      engine = await spawnEngineProcess({
        name: `drain-${db.name}`,
        database: store.settings,
        roles: 'dispatcher',
        env: {
          SMTP_URL: hole.smtpUrl,
          SMTP_FROM: 'shop@example.test',
          DISPATCH_INTERVAL_MS: '200',
          DISPATCH_LEASE_SECONDS: '600',
          SHUTDOWN_TIMEOUT_MS: '4000',
        },
      });
      // It claims all six and hangs inside the send (the SMTP server never answers).
      expect(
        await waitFor(
          async () => (await outbox.countBy({ status: 'sending' })) === 6 && hole.connections > 0,
          20_000,
          100,
        ),
      ).toBe(true);

      expect(await engine.stop('SIGTERM', 10_000)).toEqual({ code: 0, signal: null });
      const rows = await outbox.find();
      expect(rows.map((m) => [m.status, m.leaseOwner, m.leaseUntil, m.attempts])).toEqual(
        rows.map(() => ['queued', null, null, 0]),
      );
      // the sends were in flight: their outcome is unknown (the next attempt resends with the same Message-ID)
      expect(
        rows.map((m) => [m.unknownCount, m.unknownSince?.getTime() === m.attemptStartedAt?.getTime()]),
      ).toEqual(rows.map(() => [1, true]));
      expect(engine.logs()).toContain('released 6 claimed message(s) back to the queue');
      await outbox.clear();
    } finally {
      await hole.close();
    }
  });

  it('starts the scheduler and the dispatcher only with their roles', async () => {
    await seedBirthdays(store.ds, 10, new Date());
    const fast = { ...DUE_NOW_ENV, SCHEDULER_CRON: '* * * * * *', DISPATCH_INTERVAL_MS: '200' };
    const touches = store.ds.getRepository(Touch);

    // api only: nothing is evaluated or sent, however long it runs.
    engine = await spawnEngineProcess({
      name: `api-only-${db.name}`,
      database: store.settings,
      roles: 'api',
      env: fast,
    });
    await new Promise((r) => setTimeout(r, 2500));
    expect(await touches.count()).toBe(0);
    expect(engine.logs()).not.toContain('Scheduler ticks on');
    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    // scheduler only: the occasions become touches and queued messages, and stay queued.
    engine = await spawnEngineProcess({
      name: `scheduler-only-${db.name}`,
      database: store.settings,
      roles: 'scheduler',
      env: fast,
    });
    expect(await waitFor(async () => (await outboxCounts(store.ds)).queued === 10, 30_000, 200)).toBe(true);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await outboxCounts(store.ds)).toEqual({ queued: 10 });
    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });

    // dispatcher only: sends them (to the file outbox here), evaluates nothing new.
    engine = await spawnEngineProcess({
      name: `dispatcher-only-${db.name}`,
      database: store.settings,
      roles: 'dispatcher',
      env: fast,
    });
    expect(await waitFor(async () => (await outboxCounts(store.ds)).sent === 10, 30_000, 200)).toBe(true);
    expect(await touches.count()).toBe(10);
    expect(engine.logs()).not.toContain('Scheduler ticks on');
    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
