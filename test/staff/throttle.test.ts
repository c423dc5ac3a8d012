import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { RateLimit, Session, THROTTLE_POLICIES, User } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
import {
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  spawnEngineProcess,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

/**
 * Hostile sign-in traffic (docs/security.md#throttling): bounded input before any work,
 * growing delays instead of lock-outs, the owner's known device still gets in, and the
 * throttle lives in the database (shared by instances).
 */
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
v8.setFlagsFromString('--no-expose-gc'); // later contexts (other test files in this worker) get no gc
const heapUsed = () => (gc(), gc(), process.memoryUsage().heapUsed);

const OWNER = 'owner@shop.test';
const PASSWORD = 'the-owners-password';

describe.each(testDatabases())('sign-in under hostile traffic on $name', (db) => {
  let e: TestEngine;
  let ownerId: number;

  beforeAll(async () => {
    e = await startTestEngine(db, { env: { TRUST_PROXY: 'true', RATE_LIMIT_MAX_ROWS: '100' } });
    const { user } = await e.app
      .get(AccountsService)
      .createUser({ email: OWNER, name: 'Olga', role: 'owner', password: PASSWORD });
    ownerId = user.id;
  });
  afterAll(() => e?.close());
  beforeEach(async () => {
    await e.ds.getRepository(RateLimit).clear();
    await e.ds.getRepository(Session).clear();
  });

  const api = (email: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${e.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email, password }),
    });
  const web = (email: string, password: string, headers: Record<string, string> = {}) =>
    fetch(`${e.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ email, password }).toString(),
    });
  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  const sessions = () => e.ds.getRepository(Session).count();
  const cookieOf = (res: Response, name: string) =>
    res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .find((c) => c.startsWith(`${name}=`));

  it('refuses oversized sign-in bodies and emails before any work, and memory does not grow', async () => {
    const huge = 'a'.repeat(1024 * 1024) + '@x.test';
    const warm = await web(huge, 'x');
    expect(warm.status).toBe(413);
    const before = heapUsed();
    for (let i = 0; i < 30; i++) {
      const res = await (i % 2 ? api : web)(`${i}${huge}`, 'x', from(`10.9.0.${i}`));
      expect(res.status).toBe(413);
      expect(await res.text()).not.toContain('aaaa');
    }
    const grown = heapUsed() - before;
    expect(grown).toBeLessThan(16 * 1024 * 1024);
    // a long email that fits the body limit is refused by length: no row, no session
    const long = 'b'.repeat(400) + '@x.test';
    expect((await web(long, 'x')).status).toBe(401);
    expect((await api(long, 'x')).status).toBe(400);
    expect(await e.ds.getRepository(RateLimit).count()).toBe(0);
    expect(await sessions()).toBe(0);
  });

  it('keeps the throttle table bounded when flooded with different emails from different addresses', async () => {
    for (let i = 0; i < 130; i++)
      expect((await web(`nobody-${i}@flood.test`, 'guess', from(`10.1.${i >> 8}.${i & 255}`))).status).toBe(
        401,
      );
    const byScope = await e.ds.query('SELECT scope, COUNT(*) AS n FROM rate_limits GROUP BY scope');
    for (const row of byScope) expect(Number(row.n)).toBeLessThanOrEqual(100);
    // keys are HMACs: no email or address is stored
    const keys = (await e.ds.getRepository(RateLimit).find()).map((r) => r.key);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    expect(await sessions()).toBe(0);
  });

  it("slows a stranger's guesses with growing delays but never locks the owner's known device out", async () => {
    // the owner signs in once from her shop computer: it becomes a known device
    const first = await web(OWNER, PASSWORD, from('192.0.2.10'));
    expect(first.status).toBe(303);
    const device = cookieOf(first, 'tb_device')!;
    expect(device).toBeDefined();
    await e.ds.getRepository(Session).clear();

    // a stranger guesses from elsewhere: the free attempts, then each one must wait longer
    const attacker = from('203.0.113.66');
    const free = THROTTLE_POLICIES.user.free;
    for (let i = 0; i < free + 1; i++) expect((await web(OWNER, `guess-${i}`, attacker)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 3; round++) {
      const refused = await api(OWNER, PASSWORD, attacker); // even the right password is not looked at
      expect(refused.status).toBe(429);
      waits.push(Number(refused.headers.get('retry-after')));
      e.clock.advance(waits[round] * 1000);
      expect((await api(OWNER, `guess-again-${round}`, attacker)).status).toBe(401);
    }
    expect(waits).toEqual([2, 4, 8]);
    expect(await sessions()).toBe(0);

    // the account is throttled for a new device too…
    expect((await web(OWNER, PASSWORD, from('198.51.100.7'))).status).toBe(429);
    // …but the owner's known device gets in at once
    const owner = await web(OWNER, PASSWORD, { ...from('192.0.2.10'), cookie: device });
    expect(owner.status).toBe(303);
    expect(await sessions()).toBe(1);
    // a forged or foreign device cookie does not help the stranger
    const forged = await web(OWNER, PASSWORD, { ...attacker, cookie: `tb_device=${'0'.repeat(32)}.AAAA` });
    expect(forged.status).toBe(429);
    expect(await sessions()).toBe(1);
  });

  it('throttles the current-password check on PATCH /api/me', async () => {
    const token = await e.auth('owner');
    const me = await e.ds.getRepository(User).findOneByOrFail({ email: OWNER });
    const headers = { ...token, 'content-type': 'application/json', ...from('203.0.113.9') };
    const patch = (currentPassword: string) =>
      fetch(`${e.url}/api/me`, {
        method: 'PATCH',
        headers,
        body: JSON.stringify({ password: 'a-new-password-1', currentPassword }),
      });
    // the token's user is not Olga; give it her hash so the check can succeed
    const tokenUser = (await (await fetch(`${e.url}/api/me`, { headers: token })).json()) as { id: number };
    await e.ds.getRepository(User).update({ id: tokenUser.id }, { passwordHash: me.passwordHash });
    const free = THROTTLE_POLICIES.password.free;
    for (let i = 0; i <= free; i++) expect((await patch(`wrong-${i}`)).status).toBe(400);
    const refused = await patch(PASSWORD);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await e.ds.getRepository(User).findOneByOrFail({ id: tokenUser.id })).passwordHash).toBe(
      me.passwordHash,
    );
    e.clock.advance(Number(refused.headers.get('retry-after')) * 1000);
    expect((await patch(PASSWORD)).status).toBe(200);
  });

  it('answers bad API tokens 401, then 429 once an address guessed too often; real tokens still work', async () => {
    const good = await e.auth('staff');
    const guess = (i: number) =>
      fetch(`${e.url}/api/me`, {
        headers: { authorization: `Bearer tb_guess${i}`, ...from('203.0.113.77') },
      });
    for (let i = 0; i <= THROTTLE_POLICIES.token.free; i++) expect((await guess(i)).status).toBe(401);
    const refused = await guess(999);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect((await fetch(`${e.url}/api/me`, { headers: { ...good, ...from('203.0.113.77') } })).status).toBe(
      200,
    );
  });

  it('refuses sign-in from another site (login CSRF) and signs nobody in', async () => {
    const res = await web(OWNER, PASSWORD, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('another site');
    expect((await api(OWNER, PASSWORD, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect(await sessions()).toBe(0);
    expect(cookieOf(res, 'tb_session')).toBeUndefined();
    // the same page posting to itself is fine
    const own = await web(OWNER, PASSWORD, { origin: e.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(303);
    await e.ds.getRepository(Session).delete({ userId: ownerId });
  });
});

describe.each(testDatabases())('two engine processes share the throttle on $name', (db) => {
  jest.setTimeout(240_000);
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    store = await openTestDataSource(db);
  });
  afterAll(async () => {
    await killEngineProcesses(engines);
    await store?.close();
  });

  it("counts one engine's failures on the other", async () => {
    await store.ds.getRepository(User).insert({
      email: OWNER,
      name: 'Olga',
      role: 'owner',
      // any hash: every guess below is wrong
      passwordHash: 'scrypt$1024$8$1$c2FsdHNhbHQ=$a2V5a2V5a2V5',
      createdAt: new Date(),
    });
    const env = { PASSWORD_HASH_COST: '10', CREATE_FIRST_OWNER: 'false' };
    engines.push(
      ...(await Promise.all(
        [1, 2].map((i) =>
          spawnEngineProcess({ name: `engine-${i}`, database: store.settings, env, startTimeoutMs: 90_000 }),
        ),
      )),
    );
    const login = (engine: EngineProcess) =>
      fetch(`${engine.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: OWNER, password: 'a-wrong-guess' }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    // alternate between the instances: the free attempts are shared, not granted per process
    for (let i = 0; i <= THROTTLE_POLICIES.user.free; i++) statuses.push(await login(engines[i % 2]));
    // the last failure was on engine-2 and set a 2 s wait: engine-1 honours it
    statuses.push(await login(engines[0]));
    expect(statuses).toEqual([...Array(THROTTLE_POLICIES.user.free + 1).fill(401), 429]);
  });
});
