import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Controller, Get, INestApplication, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { FixedClock } from '@touchbase/core';
import { ApiToken, Session, User } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
import { startTestEngine, testConfig, testDatabases, TestEngine, TestDatabase } from '@touchbase/test-kit';
import { AppModule } from '../../apps/engine/src/app.module';
import { configureApp } from '../../apps/engine/src/bootstrap';
import { AnyUser, Public, Roles } from '../../apps/engine/src/auth/access.decorators';
import { FirstOwner } from '../../apps/engine/src/staff/first-owner';

/** Routes that exist only in this test, to check the guard's rules on every kind of route. */
@Controller('api/guard-probe')
class ProbeController {
  @Get('open') @Public() open() {
    return { ok: 'public' };
  }
  @Get('owner') @Roles('owner') owner() {
    return { ok: 'owner' };
  }
  @Get('any') @AnyUser() any() {
    return { ok: 'any' };
  }
  @Post('any') @AnyUser() anyPost() {
    return { ok: 'posted' };
  }
  @Get('undecorated') undecorated() {
    return { ok: 'should never be seen' };
  }
}

@Controller('pages')
class PageController {
  @Get('home') @AnyUser() home() {
    return 'home';
  }
}

/** A JSON body, untyped (fetch types it as unknown). */
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

async function startWithProbes(db: TestDatabase, env: Record<string, string> = {}) {
  const settings = await db.create();
  const config = testConfig(settings, { ENGINE_ROLES: 'api', ...env });
  const clock = new FixedClock('2026-06-15T10:00:00Z');
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, clock)],
    controllers: [ProbeController, PageController],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureApp(app as INestApplication, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    clock,
    ds: app.get(DataSource),
    close: async () => {
      await app.close();
      await db.drop(settings);
    },
  };
}

describe.each(testDatabases())('authentication and the access guard on $name', (db) => {
  let e: Awaited<ReturnType<typeof startWithProbes>>;
  let accounts: AccountsService;
  let ownerToken: string;
  let staffToken: string;

  beforeAll(async () => {
    e = await startWithProbes(db);
    accounts = e.app.get(AccountsService);
    const owner = await accounts.createUser({
      email: 'olga@shop.test',
      name: 'Olga',
      role: 'owner',
      password: 'owner-password-1',
    });
    const staff = await accounts.createUser({
      email: 'sam@shop.test',
      name: 'Sam',
      role: 'staff',
      password: 'staff-password-1',
    });
    ownerToken = (await accounts.issueToken(owner.user.id)).token;
    staffToken = (await accounts.issueToken(staff.user.id)).token;
  });
  afterAll(() => e.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(e.url + path, { headers, redirect: 'manual' });
  const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

  it('lets anyone call a @Public route', async () => {
    expect((await get('/api/guard-probe/open')).status).toBe(200);
    // a bad token on a public route is ignored, not an error
    expect((await get('/api/guard-probe/open', bearer('tb_nope'))).status).toBe(200);
  });

  it('answers 401 without or with a wrong/unknown credential', async () => {
    expect((await get('/api/guard-probe/any')).status).toBe(401);
    expect((await get('/api/guard-probe/any', bearer('tb_0000'))).status).toBe(401);
    expect((await get('/api/guard-probe/any', { cookie: 'tb_session=forged' })).status).toBe(401);
    expect((await get('/api/users')).status).toBe(401);
    expect((await get('/api/me')).status).toBe(401);
  });

  it('refuses a route that carries no access decorator, even for an owner (fails closed)', async () => {
    const res = await get('/api/guard-probe/undecorated', bearer(ownerToken));
    expect(res.status).toBe(403);
    expect((await j(res)).message).toMatch(/no access rule/);
    expect((await get('/api/guard-probe/undecorated')).status).toBe(403);
  });

  it('gives a staff token 403 on owner-only routes and lets owners through', async () => {
    expect((await get('/api/guard-probe/owner', bearer(staffToken))).status).toBe(403);
    expect((await get('/api/users', bearer(staffToken))).status).toBe(403);
    const created = await fetch(e.url + '/api/users', {
      method: 'POST',
      headers: { ...bearer(staffToken), 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'x@shop.test', name: 'X', role: 'owner' }),
    });
    expect(created.status).toBe(403);
    expect((await get('/api/guard-probe/owner', bearer(ownerToken))).status).toBe(200);
    expect((await get('/api/guard-probe/any', bearer(staffToken))).status).toBe(200);
    expect((await get('/api/users', bearer(ownerToken))).status).toBe(200);
  });

  it('records when a token was last used', async () => {
    const ds = e.ds;
    const row = await ds
      .getRepository(ApiToken)
      .findOneByOrFail({ userId: (await accounts.findByEmail('sam@shop.test'))!.id });
    expect(row.lastUsedAt?.toISOString()).toBe('2026-06-15T10:00:00.000Z');
  });

  it('lets Swagger UI and its JSON through without credentials, and documents the staff API there', async () => {
    const res = await get('/api/docs/json');
    expect(res.status).toBe(200);
    const doc = await j(res);
    for (const [path, method] of [
      ['/api/tasks/today', 'get'],
      ['/api/tasks/{id}/done', 'post'],
      ['/api/tasks/{id}/snooze', 'post'],
      ['/api/tasks/{id}/skip', 'post'],
      ['/api/users', 'post'],
      ['/api/users/{id}', 'patch'],
      ['/api/me/tokens', 'post'],
      ['/api/auth/login', 'post'],
    ]) {
      expect(doc.paths[path]?.[method]).toBeDefined();
      if (path !== '/api/auth/login')
        expect(doc.paths[path][method].security).toEqual(expect.arrayContaining([{ bearer: [] }]));
    }
    // Each kind's own outcomes, plus the earlier API words that are still accepted.
    expect([...doc.components.schemas.DoneDto.properties.outcome.enum].sort()).toEqual(
      [
        ...['reached', 'voicemail', 'no_answer', 'wrong_number', 'not_wanted'],
        ...['card_sent', 'picked_up', 'not_collected', 'answered', 'no_reply_needed', 'done'],
        ...['left_message', 'other', 'set_aside', 'unreached'],
      ].sort(),
    );
    expect((await get('/api/docs')).status).toBeLessThan(400);
  });

  it('redirects a browser page request without a session to /login', async () => {
    const res = await get('/pages/home', { accept: 'text/html,application/xhtml+xml' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/login?next=%2Fpages%2Fhome');
    // the same path asked for as JSON gets 401, and /api paths never redirect
    expect((await get('/pages/home')).status).toBe(401);
    expect((await get('/api/guard-probe/any', { accept: 'text/html' })).status).toBe(401);
  });

  describe('sessions', () => {
    let cookie: string;
    let csrf: string;

    it('refuses a wrong password and an unknown email alike', async () => {
      for (const body of [
        { email: 'olga@shop.test', password: 'wrong-password' },
        { email: 'nobody@shop.test', password: 'owner-password-1' },
      ]) {
        const res = await fetch(e.url + '/api/auth/login', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(401);
        expect(res.headers.get('set-cookie')).toBeNull();
      }
    });

    it('signs in with email and password and sets an HttpOnly SameSite cookie', async () => {
      const res = await fetch(e.url + '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'OLGA@shop.test', password: 'owner-password-1' }),
      });
      expect(res.status).toBe(200);
      const body = await j(res);
      expect(body.user).toMatchObject({ email: 'olga@shop.test', role: 'owner' });
      csrf = body.csrfToken;
      const setCookie = res.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^tb_session=[0-9a-f]{64};/);
      expect(setCookie).toMatch(/HttpOnly/);
      expect(setCookie).toMatch(/SameSite=Lax/);
      cookie = setCookie.split(';')[0];
      // the store keeps only a hash of the session id
      const raw = cookie.split('=')[1];
      expect(await e.ds.getRepository(Session).countBy({ id: raw })).toBe(0);
      expect(await e.ds.getRepository(Session).count()).toBe(1);
      expect((await get('/api/me', { cookie })).status).toBe(200);
      expect((await get('/api/guard-probe/owner', { cookie })).status).toBe(200);
    });

    it('needs the CSRF token for a cookie-authenticated POST: missing or wrong → 403', async () => {
      const post = (headers: Record<string, string>, body: unknown = {}) =>
        fetch(e.url + '/api/guard-probe/any', {
          method: 'POST',
          headers: { cookie, 'content-type': 'application/json', ...headers },
          body: JSON.stringify(body),
        });
      expect((await post({})).status).toBe(403);
      expect((await post({ 'x-csrf-token': 'x'.repeat(64) })).status).toBe(403);
      expect((await post({}, { _csrf: csrf.slice(0, 63) + (csrf.endsWith('a') ? 'b' : 'a') })).status).toBe(
        403,
      );
      expect((await post({ 'x-csrf-token': csrf })).status).toBe(201);
      // as a form field (the web UI's forms); the field is removed before validation
      const form = await fetch(e.url + '/api/me', {
        method: 'PATCH',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${csrf}&name=Olga+O`,
      });
      expect(form.status).toBe(200);
      expect((await j(form)).name).toBe('Olga O');
      // Bearer calls are exempt
      expect(
        (await fetch(e.url + '/api/guard-probe/any', { method: 'POST', headers: bearer(staffToken) })).status,
      ).toBe(201);
    });

    it('ends the session on logout, and an expired session no longer works', async () => {
      const out = await fetch(e.url + '/api/auth/logout', {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.status).toBe(204);
      expect((await get('/api/me', { cookie })).status).toBe(401);

      const res = await fetch(e.url + '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'sam@shop.test', password: 'staff-password-1' }),
      });
      const second = res.headers.get('set-cookie')!.split(';')[0];
      expect((await get('/api/me', { cookie: second })).status).toBe(200);
      e.clock.advance(14 * 24 * 3_600_000 + 1000); // SESSION_TTL_HOURS defaults to 336
      expect((await get('/api/me', { cookie: second })).status).toBe(401);
    });
    const login = (email: string, password: string) =>
      fetch(e.url + '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });

    it('changes a password only with the current one, ending the other sessions but not this one', async () => {
      await accounts.createUser({
        email: 'pat@shop.test',
        name: 'Pat',
        role: 'staff',
        password: 'first-password',
      });
      const a = await login('pat@shop.test', 'first-password');
      const b = await login('pat@shop.test', 'first-password');
      const [cookieA, cookieB] = [a, b].map((r) => r.headers.get('set-cookie')!.split(';')[0]);
      const csrfA = (await j(a)).csrfToken;
      const change = (body: unknown) =>
        fetch(e.url + '/api/me', {
          method: 'PATCH',
          headers: { cookie: cookieA, 'x-csrf-token': csrfA, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const without = await change({ password: 'second-password' });
      expect(without.status).toBe(400);
      expect((await j(without)).fields[0].field).toBe('currentPassword');
      expect((await change({ password: 'second-password', currentPassword: 'wrong-one' })).status).toBe(400);
      expect((await change({ password: 'second-password', currentPassword: 'first-password' })).status).toBe(
        200,
      );
      expect((await get('/api/me', { cookie: cookieA })).status).toBe(200);
      expect((await get('/api/me', { cookie: cookieB })).status).toBe(401);
      expect((await login('pat@shop.test', 'first-password')).status).toBe(401);
      expect((await login('pat@shop.test', 'second-password')).status).toBe(200);
    });

    it('slows wrong passwords for an email with growing delays instead of locking it', async () => {
      await accounts.createUser({
        email: 'lou@shop.test',
        name: 'Lou',
        role: 'staff',
        password: 'right-password',
      });
      for (let i = 0; i < 6; i++) expect((await login('lou@shop.test', `wrong-${i}`)).status).toBe(401);
      const wait = await login('lou@shop.test', 'right-password');
      expect(wait.status).toBe(429);
      expect(wait.headers.get('retry-after')).toBe('2');
      e.clock.advance(2000);
      expect((await login('lou@shop.test', 'right-password')).status).toBe(200);
    });
  });
});

describe.each(testDatabases())('accounts API and the first owner on $name', (db) => {
  let e: TestEngine;
  const passwordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-owner-')), 'first-owner.txt');
  let written: string[];
  beforeAll(async () => {
    written = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      e = await startTestEngine(db, {
        env: {
          CREATE_FIRST_OWNER: 'true',
          FIRST_OWNER_EMAIL: 'Boss@Shop.test',
          FIRST_OWNER_PASSWORD_FILE: passwordFile,
        },
      });
    } finally {
      spy.mockRestore();
    }
  });
  afterAll(() => e.close());

  it('makes the first owner on first start; its password goes to a private file, not stdout', async () => {
    const out = written.join('');
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = /password: (\S+)/.exec(fs.readFileSync(passwordFile, 'utf8'))?.[1];
    expect(password).toHaveLength(20);
    expect(out).not.toContain(password!);
    expect(out).toContain(passwordFile);
    expect(out).toContain('boss@shop.test');
    const users = await e.ds.getRepository(User).find();
    expect(users.map((u) => [u.email, u.role])).toEqual([['boss@shop.test', 'owner']]);
    expect(users[0].passwordHash).not.toContain(password!);
    const login = await fetch(e.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'boss@shop.test', password }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(true);
    // a restart finds a user and prints nothing
    const again = jest.spyOn(process.stdout, 'write');
    await e.app.get(FirstOwner).onApplicationBootstrap();
    expect(again).not.toHaveBeenCalled();
    again.mockRestore();
    expect(await e.ds.getRepository(User).count()).toBe(1);
  });

  it('lets an owner create, change and deactivate users, and keeps one owner', async () => {
    const owner = await e.auth('owner');
    const json = { ...owner, 'content-type': 'application/json' };
    const created = await fetch(e.url + '/api/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'Kim@shop.test', name: 'Kim', role: 'staff' }),
    });
    expect(created.status).toBe(201);
    const body = await j(created);
    expect(body.user).toMatchObject({
      email: 'kim@shop.test',
      role: 'staff',
      active: true,
      digestTime: '08:00',
    });
    expect(body.password).toHaveLength(20);
    expect(body.user.passwordHash).toBeUndefined();

    const dup = await fetch(e.url + '/api/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'kim@shop.test', name: 'Kim 2', role: 'staff' }),
    });
    expect(dup.status).toBe(400);
    expect((await j(dup)).fields[0].field).toBe('email');

    const badRole = await fetch(e.url + '/api/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'lee@shop.test', name: 'Lee', role: 'admin' }),
    });
    expect(badRole.status).toBe(400);
    expect((await j(badRole)).fields.map((f: { field: string }) => f.field)).toContain('role');

    // the one email check (libs/core): a top-level domain is required, only localhost is exempt
    const noTld = await fetch(e.url + '/api/users', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'lee@shop', name: 'Lee', role: 'staff' }),
    });
    expect(noTld.status).toBe(400);
    expect((await j(noTld)).fields).toEqual([{ field: 'email', problem: 'must be an email address' }]);

    const badTz = await fetch(e.url + `/api/users/${body.user.id}`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ timezone: 'Mars/Olympus' }),
    });
    expect(badTz.status).toBe(400);
    expect((await j(badTz)).fields[0].field).toBe('timezone');
    // the one time-zone check (libs/core): an offset is not an IANA name, here as in an import
    const offsetTz = await fetch(e.url + `/api/users/${body.user.id}`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ timezone: 'UTC+2' }),
    });
    expect(offsetTz.status).toBe(400);
    expect((await j(offsetTz)).fields[0].field).toBe('timezone');

    const token = await fetch(e.url + `/api/users/${body.user.id}/tokens`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'phone' }),
    });
    const kimToken = (await j(token)).token as string;
    expect(
      (await fetch(e.url + '/api/me', { headers: { authorization: `Bearer ${kimToken}` } })).status,
    ).toBe(200);

    const off = await fetch(e.url + `/api/users/${body.user.id}`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ active: false }),
    });
    expect(off.status).toBe(200);
    expect(
      (await fetch(e.url + '/api/me', { headers: { authorization: `Bearer ${kimToken}` } })).status,
    ).toBe(401);

    const boss = (await e.ds.getRepository(User).findOneByOrFail({ email: 'boss@shop.test' })).id;
    await fetch(e.url + `/api/users/${boss}`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ active: false }),
    });
    const me = await j(fetch(e.url + '/api/me', { headers: owner }));
    const last = await fetch(e.url + `/api/users/${me.id}`, {
      method: 'PATCH',
      headers: json,
      body: JSON.stringify({ role: 'staff' }),
    });
    expect(last.status).toBe(400);
    expect((await j(last)).fields[0]).toMatchObject({
      field: 'role',
      problem: expect.stringMatching(/last active owner/),
    });
  });

  it('rejects role and active on PATCH /api/me, naming the field', async () => {
    const staff = { ...(await e.auth('staff')), 'content-type': 'application/json' };
    const res = await fetch(e.url + '/api/me', {
      method: 'PATCH',
      headers: staff,
      body: JSON.stringify({ role: 'owner' }),
    });
    expect(res.status).toBe(400);
    expect((await j(res)).fields).toEqual([{ field: 'role', problem: expect.stringMatching(/own role/) }]);
    const unknown = await fetch(e.url + '/api/me', {
      method: 'PATCH',
      headers: staff,
      body: JSON.stringify({ isAdmin: true }),
    });
    expect(unknown.status).toBe(400);
    expect((await j(unknown)).fields[0].field).toBe('isAdmin');
    const me = await j(fetch(e.url + '/api/me', { headers: staff }));
    expect(me.role).toBe('staff');
  });
});
