import { Customer, Touch } from '@touchbase/store';
import {
  createUserWithToken,
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  runTouchbaseCli,
  spawnEngineProcess,
  testDatabases,
} from '@touchbase/test-kit';
import { DUE_NOW_ENV, saveLogs, seedBirthdays, waitFor } from './scale-seed';

/**
 * The embedded default under pressure: one engine on a SQLite file ticking every second over
 * 500 due birthdays, while the API takes a stream of concurrent customer writes and the
 * `touchbase run` CLI runs a tick of its own from a second process. SQLite has one writer at a
 * time; WAL and the busy timeout must make everyone wait their turn — no SQLITE_BUSY, no 500.
 */
const sqlite = testDatabases().find((d) => d.name === 'sqlite')!;
const OCCASIONS = 500;
const WRITES = 120;

describe('SQLite under concurrent API writes during a tick', () => {
  jest.setTimeout(120_000);
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let engine: EngineProcess | undefined;

  beforeAll(async () => {
    store = await openTestDataSource(sqlite);
  });
  afterAll(async () => {
    await killEngineProcesses([engine]);
    if (engine) saveLogs([engine]);
    await store?.close();
  });

  it('serves every write and finishes every tick without SQLITE_BUSY', async () => {
    const now = new Date();
    const seeded = await seedBirthdays(store.ds, OCCASIONS, now);
    const { token } = await createUserWithToken(store.ds, 'owner', now);
    engine = await spawnEngineProcess({
      name: 'sqlite-engine',
      database: store.settings,
      env: { ...DUE_NOW_ENV, SCHEDULER_CRON: '* * * * * *', DISPATCH_INTERVAL_MS: '200' },
    });
    const touches = store.ds.getRepository(Touch);
    // Start writing as soon as the first tick is under way.
    expect(await waitFor(async () => (await touches.count()) > 0, 60_000, 100)).toBe(true);

    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const statuses: number[] = [];
    let next = 0;
    const writer = async () => {
      while (next < WRITES) {
        const i = next++;
        const body =
          i % 2 === 0
            ? {
                externalId: `api-${i}`,
                firstName: `Api${i}`,
                email: `api.${i}@example.test`,
                birthday: `1990-${seeded.md}`,
                timezone: seeded.zone,
                emailConsent: true,
                tags: ['by-email'],
              }
            : { firstName: `Renamed${i}`, notes: `changed while ticking (${i})` };
        const res =
          i % 2 === 0
            ? await fetch(`${engine!.url}/api/customers`, {
                method: 'POST',
                headers,
                body: JSON.stringify(body),
              })
            : await fetch(`${engine!.url}/api/customers/by-external-id/scale-${i}`, {
                method: 'PUT',
                headers,
                body: JSON.stringify(body),
              });
        statuses.push(res.status);
      }
    };
    const [, cli] = await Promise.all([
      Promise.all(Array.from({ length: 8 }, writer)),
      runTouchbaseCli(['run'], { database: store.settings, env: DUE_NOW_ENV, timeoutMs: 90_000 }),
    ]);

    expect(statuses.length).toBe(WRITES);
    expect(statuses.filter((s) => s >= 300)).toEqual([]);
    expect(cli.output).not.toMatch(/SQLITE_BUSY|database is locked/i);
    expect({ code: cli.code, signal: cli.signal }).toEqual({ code: 0, signal: null });

    // Every seeded occasion ends with exactly one touch (customers the API added meanwhile may or
    // may not have been in a tick's window; they are never touched twice either).
    const seededTouched = async () =>
      Number(
        (
          await store.ds.query(
            "SELECT COUNT(DISTINCT t.customer_id) AS n FROM touches t JOIN customers c ON c.id = t.customer_id WHERE c.external_id LIKE 'scale-%'",
          )
        )[0].n,
      );
    expect(await waitFor(async () => (await seededTouched()) === OCCASIONS, 60_000)).toBe(true);
    const twice: unknown[] = await store.ds.query(
      'SELECT customer_id FROM touches GROUP BY rule_id, customer_id, occasion_key HAVING COUNT(*) > 1',
    );
    expect(twice).toEqual([]);
    const total = await touches.count();
    expect(total).toBeGreaterThanOrEqual(OCCASIONS);
    expect(total).toBeLessThanOrEqual(OCCASIONS + WRITES / 2);
    expect(await store.ds.getRepository(Customer).countBy({ notes: 'changed while ticking (1)' })).toBe(1);

    expect(engine.exited()).toBeNull(); // still up
    expect(engine.logs()).not.toMatch(/SQLITE_BUSY|database is locked/i);
    expect(engine.jsonLogs().filter((l) => l.level === 'error')).toEqual([]);
    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
