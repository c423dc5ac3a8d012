import { OutboxMessage } from '@touchbase/store';
import { EngineProcess, killEngineProcesses, openTestDataSource, spawnEngineProcess, testDatabases } from '@touchbase/test-kit';

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
    await store?.close();
  });

  it('logs JSON lines, one per request without query strings, and stops cleanly on SIGTERM', async () => {
    engine = await spawnEngineProcess({ name: `proc-${db.name}`, database: store.settings, roles: 'api', env: { LOG_LEVEL: 'debug' } });
    const res = await fetch(`${engine.url}/no-such-page?email=secret.person%40example.test`);
    expect(res.status).toBe(404);
    expect((await fetch(`${engine.url}/health/live`)).status).toBe(200);

    const exit = await engine.stop('SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });

    const logs = engine.jsonLogs();
    const requests = logs.filter((l) => l.context === 'HTTP').map((l) => l.message as Record<string, unknown>);
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ msg: 'request', method: 'GET', path: '/no-such-page', status: 404 }),
        expect.objectContaining({ method: 'GET', path: '/health/live', status: 200 }),
      ]),
    );
    for (const r of requests) expect(typeof r.durationMs).toBe('number');
    expect(engine.logs()).not.toContain('secret.person');
    expect(logs.find((l) => l.context === 'Shutdown' && /stopped cleanly/.test(String(l.message)))).toBeTruthy();
    expect(logs.every((l) => typeof l.level === 'string' && typeof l.timestamp === 'number')).toBe(true);
  });

  it('runs without HTTP when the api role is off', async () => {
    engine = await spawnEngineProcess({ name: `noapi-${db.name}`, database: store.settings, roles: 'dispatcher' });
    expect(engine.url).toBeNull();
    expect(engine.logs()).toContain('Touchbase is running with roles: dispatcher (no HTTP)');
    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    // Nothing it could have claimed is left leased.
    const leased = await store.ds.getRepository(OutboxMessage).count({ where: { status: 'sending' } });
    expect(leased).toBe(0);
  });
});
