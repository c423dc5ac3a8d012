import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Session, User } from '@touchbase/store';
import { AccountsService, hashPassword } from '@touchbase/staff';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/** A JSON body, untyped. */
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();
const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0];

async function apiLogin(e: TestEngine, email: string, password: string) {
  const res = await fetch(e.url + '/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res;
}

describe.each(testDatabases())('sessions and passwords on $name', (db) => {
  let e: TestEngine;
  let accounts: AccountsService;

  beforeAll(async () => {
    e = await startTestEngine(db, { at: '2026-06-15T10:00:00Z', env: { SESSION_IDLE_MINUTES: '30' } });
    accounts = e.app.get(AccountsService);
    await accounts.createUser({
      email: 'olga@shop.test',
      name: 'Olga',
      role: 'owner',
      password: 'owner-password-1',
    });
  });
  afterAll(() => e.close());

  const get = (path: string, headers: Record<string, string>) =>
    fetch(e.url + path, { headers, redirect: 'manual' });

  it('ends a session after SESSION_IDLE_MINUTES without a request; each request keeps it alive', async () => {
    e.clock.set('2026-06-15T10:00:00Z');
    const cookie = cookieOf(await apiLogin(e, 'olga@shop.test', 'owner-password-1'));
    e.clock.set('2026-06-15T10:29:00Z'); // 29 idle minutes: still signed in (and seen now)
    expect((await get('/api/me', { cookie })).status).toBe(200);
    e.clock.set('2026-06-15T10:58:00Z'); // 29 minutes after the last request
    expect((await get('/api/me', { cookie })).status).toBe(200);
    e.clock.set('2026-06-15T11:28:01Z'); // 30 minutes and a second: idle too long
    expect((await get('/api/me', { cookie })).status).toBe(401);
    expect(await e.ds.getRepository(Session).count()).toBe(0);
  });

  it('purges expired and idle sessions of everyone at the next sign-in', async () => {
    e.clock.set('2026-06-16T09:00:00Z');
    const olga = await e.ds.getRepository(User).findOneByOrFail({ email: 'olga@shop.test' });
    const t = (iso: string) => new Date(iso);
    const base = { userId: olga.id, csrfToken: 'x'.repeat(64) };
    await e.ds.getRepository(Session).insert([
      // expired yesterday
      {
        ...base,
        id: 'a'.repeat(64),
        createdAt: t('2026-06-01T09:00:00Z'),
        expiresAt: t('2026-06-15T09:00:00Z'),
        lastSeenAt: null,
      },
      // not expired, but idle for an hour
      {
        ...base,
        id: 'b'.repeat(64),
        createdAt: t('2026-06-16T07:00:00Z'),
        expiresAt: t('2026-06-30T07:00:00Z'),
        lastSeenAt: t('2026-06-16T08:00:00Z'),
      },
      // never seen since it was made two hours ago
      {
        ...base,
        id: 'c'.repeat(64),
        createdAt: t('2026-06-16T07:00:00Z'),
        expiresAt: t('2026-06-30T07:00:00Z'),
        lastSeenAt: null,
      },
      // active five minutes ago: kept
      {
        ...base,
        id: 'd'.repeat(64),
        createdAt: t('2026-06-16T07:00:00Z'),
        expiresAt: t('2026-06-30T07:00:00Z'),
        lastSeenAt: t('2026-06-16T08:55:00Z'),
      },
    ]);
    expect((await apiLogin(e, 'olga@shop.test', 'owner-password-1')).status).toBe(200);
    const left = (await e.ds.getRepository(Session).find()).map((s) => s.id).sort();
    expect(left).toHaveLength(2);
    expect(left).toContain('d'.repeat(64));
    expect(left.some((id) => /^[abc]+$/.test(id))).toBe(false);
  });

  it('upgrades a hash made with weaker scrypt parameters at the next sign-in', async () => {
    const old = await hashPassword('an old password', { N: 1 << 8, r: 4 });
    const { user } = await accounts.createUser({
      email: 'otto@shop.test',
      name: 'Otto',
      role: 'staff',
      password: 'placeholder-1',
    });
    await e.ds.getRepository(User).update({ id: user.id }, { passwordHash: old });
    expect((await apiLogin(e, 'otto@shop.test', 'an old password')).status).toBe(200);
    const upgraded = (await e.ds.getRepository(User).findOneByOrFail({ id: user.id })).passwordHash;
    expect(old.startsWith('scrypt$256$4$1$')).toBe(true);
    expect(upgraded.startsWith(`scrypt$${e.config.security.passwordHashN}$8$1$`)).toBe(true);
    // the upgraded hash still takes the same password, and only it
    expect((await apiLogin(e, 'otto@shop.test', 'an old password')).status).toBe(200);
    expect((await apiLogin(e, 'otto@shop.test', 'a wrong password')).status).toBe(401);
  });

  describe('a password that must be changed', () => {
    let kim: User;
    let password: string;
    let cookie: string;
    let csrf: string;

    beforeAll(async () => {
      e.clock.set('2026-06-17T09:00:00Z');
      const made = await accounts.createUser({ email: 'kim@shop.test', name: 'Kim', role: 'staff' });
      kim = made.user;
      password = made.generatedPassword!;
    });

    it('sends the web sign-in to the account page and keeps every other page there', async () => {
      const res = await fetch(e.url + '/login', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        body: new URLSearchParams({ email: 'kim@shop.test', password, next: '/customers' }).toString(),
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/account?change=1');
      const web = { cookie: cookieOf(res), accept: 'text/html' };
      for (const page of ['/today', '/customers', '/tokens', '/activity']) {
        const r = await get(page, web);
        expect(`${page} ${r.status} ${r.headers.get('location')}`).toBe(`${page} 303 /account?change=1`);
      }
      const account = await get('/account', web);
      expect(account.status).toBe(200);
      expect(await account.text()).toContain('choose your own');
    });

    it('answers 403 naming what to do on the API, for sessions and tokens alike', async () => {
      const res = await apiLogin(e, 'kim@shop.test', password);
      expect((await j(res.clone())).mustChangePassword).toBe(true);
      cookie = cookieOf(res);
      csrf = (await j(res)).csrfToken;
      const token = { authorization: `Bearer ${(await accounts.issueToken(kim.id, 'script')).token}` };
      for (const headers of [{ cookie }, token]) {
        const r = await get('/api/tasks', headers);
        expect(r.status).toBe(403);
        expect((await j(r)).message).toMatch(/change it first with PATCH \/api\/me/);
        const me = await get('/api/me', headers);
        expect(me.status).toBe(200);
        expect((await j(me)).mustChangePassword).toBe(true);
      }
      const customers = await fetch(e.url + '/api/customers', {
        method: 'POST',
        headers: { ...token, 'content-type': 'application/json' },
        body: JSON.stringify({ firstName: 'Nope' }),
      });
      expect(customers.status).toBe(403);
    });

    it('opens everything once the password is changed', async () => {
      const change = await fetch(e.url + '/api/me', {
        method: 'PATCH',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify({ currentPassword: password, password: 'kims own passphrase' }),
      });
      expect(change.status).toBe(200);
      expect((await j(change)).mustChangePassword).toBe(false);
      expect((await get('/api/tasks', { cookie })).status).toBe(200);
      expect((await get('/today', { cookie, accept: 'text/html' })).status).toBe(200);
    });

    it('makes a password an owner sets a must-change one again, and ends the user’s sessions', async () => {
      const owner = {
        authorization: `Bearer ${(await accounts.issueToken((await accounts.findByEmail('olga@shop.test'))!.id)).token}`,
      };
      const set = await fetch(e.url + `/api/users/${kim.id}`, {
        method: 'PATCH',
        headers: { ...owner, 'content-type': 'application/json' },
        body: JSON.stringify({ password: 'given by the owner' }),
      });
      expect(set.status).toBe(200);
      expect((await j(set)).mustChangePassword).toBe(true);
      expect((await get('/api/me', { cookie })).status).toBe(401);
      const again = await apiLogin(e, 'kim@shop.test', 'given by the owner');
      expect((await j(again.clone())).mustChangePassword).toBe(true);
      expect((await get('/api/tasks', { cookie: cookieOf(again) })).status).toBe(403);
    });
  });
});

describe.each(testDatabases().slice(0, 1))('the session cookie in production on $name', (db) => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await startTestEngine(db, {
      env: {
        NODE_ENV: 'production',
        PUBLIC_BASE_URL: 'https://shop.example',
        PASSWORD_HASH_COST: '14',
        FIRST_OWNER_PASSWORD_FILE: path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-owner-')), 'pw.txt'),
      },
    });
    await e.app
      .get(AccountsService)
      .createUser({ email: 'olga@shop.test', name: 'Olga', role: 'owner', password: 'owner-password-1' });
  });
  afterAll(() => e.close());

  it('is named __Host-tb_session: Secure, whole site, no Domain; the plain name is not accepted', async () => {
    const res = await apiLogin(e, 'olga@shop.test', 'owner-password-1');
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((c) => c.startsWith('__Host-tb_session='))!;
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).not.toMatch(/Domain=/i);
    expect(cookies.some((c) => c.startsWith('__Host-tb_device='))).toBe(true);
    const value = session.split(';')[0].split('=')[1];
    expect(
      (await fetch(e.url + '/api/me', { headers: { cookie: `__Host-tb_session=${value}` } })).status,
    ).toBe(200);
    expect((await fetch(e.url + '/api/me', { headers: { cookie: `tb_session=${value}` } })).status).toBe(401);
  });
});
