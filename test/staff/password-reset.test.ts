import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutboxMessage, PasswordReset, Session, ApiToken, User } from '@touchbase/store';
import { Dispatcher } from '@touchbase/messaging';
import { AccountsService } from '@touchbase/staff';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/** A JSON body, untyped. */
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();
const form = (data: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
  body: new URLSearchParams(data).toString(),
  redirect: 'manual' as const,
});

/**
 * "Forgot password": a single-use link that expires after 30 minutes, through the outbox and the
 * dispatcher; the same answer for every email; throttled; using it ends every session and token.
 */
describe.each(testDatabases())('password reset on $name', (db) => {
  let e: TestEngine;
  let accounts: AccountsService;
  let olga: User;
  let kim: User;
  let hour = 0;

  beforeAll(async () => {
    e = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    accounts = e.app.get(AccountsService);
    olga = (
      await accounts.createUser({
        email: 'olga@shop.test',
        name: 'Olga',
        role: 'owner',
        password: 'owner-password-1',
      })
    ).user;
    kim = (
      await accounts.createUser({
        email: 'kim@shop.test',
        name: 'Kim',
        role: 'staff',
        password: 'staff-password-1',
        locale: 'de',
      })
    ).user;
  });
  afterAll(() => e.close());
  // every test starts two hours later, so the throttle's memory of the previous one is gone
  beforeEach(() => e.clock.set(new Date(Date.parse('2026-06-15T10:00:00Z') + (hour += 2) * 3_600_000)));

  const ask = (email: string) =>
    fetch(e.url + '/api/auth/password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
  const resetMails = () =>
    e.ds.getRepository(OutboxMessage).find({ where: { purpose: 'password_reset' }, order: { id: 'ASC' } });
  const tokenIn = (m: OutboxMessage) => /\/reset\/([0-9a-f]{64})/.exec(m.text)![1];
  const login = (email: string, password: string) =>
    fetch(e.url + '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });

  it('answers the same for a known and an unknown email; only the known one gets a link, sent by the dispatcher', async () => {
    const before = (await resetMails()).length;
    const known = await ask('Olga@shop.test');
    const unknown = await ask('nobody@shop.test');
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(await j(known)).toEqual(await j(unknown));
    const web = [
      await fetch(e.url + '/forgot', form({ email: 'olga@shop.test' })),
      await fetch(e.url + '/forgot', form({ email: 'nobody@shop.test' })),
    ];
    expect(web.map((r) => r.status)).toEqual([200, 200]);
    const [a, b] = await Promise.all(web.map((r) => r.text()));
    expect(a.replaceAll('olga@shop.test', 'X')).toBe(b.replaceAll('nobody@shop.test', 'X'));
    expect(a).toContain('a link to set a new password is on its way');

    const mails = (await resetMails()).slice(before);
    expect(mails.map((m) => m.recipient)).toEqual(['olga@shop.test', 'olga@shop.test']);
    expect(mails[0]).toMatchObject({ userId: olga.id, customerId: null, channel: 'email', status: 'queued' });
    expect(mails[1].text).toContain(`${e.config.http.publicBaseUrl}/reset/`);
    expect(mails[1].text).toContain('within 30 minutes');
    // only a hash of the link's token is stored, and only the latest link is live
    const token = tokenIn(mails[1]);
    const live = await e.ds.getRepository(PasswordReset).find({ where: { userId: olga.id } });
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(token);
    expect((await fetch(`${e.url}/reset/${tokenIn(mails[0])}`)).status).toBe(410);
    expect((await fetch(`${e.url}/reset/${token}`)).status).toBe(200);

    // the dispatcher sends it like any email: here the file outbox of the embedded default
    await e.app.get(Dispatcher).dispatchDue(e.clock.now());
    const sent = await e.ds.getRepository(OutboxMessage).findOneByOrFail({ id: mails[1].id });
    expect(sent.status).toBe('sent');
    const file = findFile(e.config.outboxDir, `${sent.id}.eml`);
    expect(fs.readFileSync(file!, 'utf8').replace(/=\r?\n/g, '')).toContain(`/reset/${token}`);
  });

  it('sets a new password once: sessions and API tokens end, the link then answers a clear 410 page', async () => {
    await ask('olga@shop.test');
    const token = tokenIn((await resetMails()).at(-1)!);
    const signedIn = await login('olga@shop.test', 'owner-password-1');
    const cookie = signedIn.headers.get('set-cookie')!.split(';')[0];
    const bearer = { authorization: `Bearer ${(await accounts.issueToken(olga.id, 'script')).token}` };
    expect((await fetch(e.url + '/api/me', { headers: bearer })).status).toBe(200);

    const page = await fetch(`${e.url}/reset/${token}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await page.text()).toContain('olga@shop.test');
    const mismatch = await fetch(
      `${e.url}/reset/${token}`,
      form({ password: 'a new passphrase', repeat: 'another one!' }),
    );
    expect(mismatch.status).toBe(422);
    expect(await mismatch.text()).toContain('The two passwords are not the same.');
    const short = await fetch(`${e.url}/reset/${token}`, form({ password: 'short', repeat: 'short' }));
    expect(short.status).toBe(422);
    expect(await short.text()).toMatch(/data-field="password">At least 10 characters/);

    const done = await fetch(
      `${e.url}/reset/${token}`,
      form({ password: 'a new passphrase', repeat: 'a new passphrase' }),
    );
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/login?reset=1');
    expect((await fetch(e.url + '/api/me', { headers: { cookie } })).status).toBe(401);
    expect((await fetch(e.url + '/api/me', { headers: bearer })).status).toBe(401);
    expect(await e.ds.getRepository(Session).countBy({ userId: olga.id })).toBe(0);
    expect(await e.ds.getRepository(ApiToken).countBy({ userId: olga.id })).toBe(0);
    expect((await login('olga@shop.test', 'owner-password-1')).status).toBe(401);
    expect((await login('olga@shop.test', 'a new passphrase')).status).toBe(200);

    const again = await fetch(`${e.url}/reset/${token}`, { headers: { accept: 'text/html' } });
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('The link has expired or was already used');
    const reuse = await fetch(
      `${e.url}/reset/${token}`,
      form({ password: 'third passphrase', repeat: 'third passphrase' }),
    );
    expect(reuse.status).toBe(410);
    const api = await fetch(e.url + '/api/auth/password-reset/complete', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, password: 'third passphrase' }),
    });
    expect(api.status).toBe(404);
    expect((await login('olga@shop.test', 'a new passphrase')).status).toBe(200);
  });

  it('refuses a link after 30 minutes and changes nothing', async () => {
    await ask('kim@shop.test');
    const mail = (await resetMails()).at(-1)!;
    expect(mail.subject).toBe(`Neues Passwort für ${e.config.business.name} festlegen`);
    const token = tokenIn(mail);
    e.clock.advance(30 * 60_000 + 1000);
    const page = await fetch(`${e.url}/reset/${token}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('The link has expired or was already used');
    const de = await fetch(`${e.url}/reset/${token}`, {
      headers: { accept: 'text/html', 'accept-language': 'de' },
    });
    expect(await de.text()).toContain('Der Link ist abgelaufen oder wurde schon benutzt');
    const hash = (await e.ds.getRepository(User).findOneByOrFail({ id: kim.id })).passwordHash;
    const late = await fetch(
      `${e.url}/reset/${token}`,
      form({ password: 'too late now', repeat: 'too late now' }),
    );
    expect(late.status).toBe(410);
    expect((await e.ds.getRepository(User).findOneByOrFail({ id: kim.id })).passwordHash).toBe(hash);
  });

  it('slows asking after a few times for an email, known or not alike, and queues nothing more', async () => {
    const before = (await resetMails()).length;
    const answers: Array<[number, string | null]> = [];
    for (const email of ['kim@shop.test', 'ghost@shop.test'])
      for (let i = 0; i < 5; i++) {
        const r = await ask(email);
        answers.push([r.status, r.headers.get('retry-after')]);
      }
    // three free, the fourth starts a wait of a minute (growing with each further one)
    const oneEmail = [
      [202, null],
      [202, null],
      [202, null],
      [202, null],
      [429, '60'],
    ];
    expect(answers).toEqual([...oneEmail, ...oneEmail]);
    expect((await resetMails()).length - before).toBe(4);
    const web = await fetch(e.url + '/forgot', form({ email: 'kim@shop.test' }));
    expect(web.status).toBe(429);
    expect(web.headers.get('retry-after')).toBe('60');
  });

  it('caps what a stranger sends before any work: an oversized body, a long email, a malformed token', async () => {
    const before = (await resetMails()).length;
    const huge = await fetch(e.url + '/forgot', form({ email: `${'a'.repeat(20_000)}@shop.test` }));
    expect(huge.status).toBe(413);
    const long = await ask(`${'a'.repeat(400)}@shop.test`);
    expect(long.status).toBe(400);
    expect((await j(long)).fields[0].field).toBe('email');
    const longWeb = await fetch(e.url + '/forgot', form({ email: `kim@${'k'.repeat(400)}.shop.test` }));
    expect(longWeb.status).toBe(422);
    expect(await longWeb.text()).toContain('data-field="email">Enter an email address.');
    const bad = await fetch(e.url + '/api/auth/password-reset/complete', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: '../../etc', password: 'a long enough one' }),
    });
    expect(bad.status).toBe(400);
    expect((await j(bad)).fields[0].field).toBe('token');
    expect(
      (await fetch(`${e.url}/reset/${'x'.repeat(3000)}`, { headers: { accept: 'text/html' } })).status,
    ).toBe(410);
    expect((await resetMails()).length).toBe(before);
  });

  it('lets an owner send a user a link, naming the owner; staff cannot', async () => {
    const owner = { authorization: `Bearer ${(await accounts.issueToken(olga.id)).token}` };
    const staff = { authorization: `Bearer ${(await accounts.issueToken(kim.id)).token}` };
    expect(
      (await fetch(`${e.url}/api/users/${olga.id}/password-reset`, { method: 'POST', headers: staff }))
        .status,
    ).toBe(403);
    const res = await fetch(`${e.url}/api/users/${kim.id}/password-reset`, {
      method: 'POST',
      headers: owner,
    });
    expect(res.status).toBe(202);
    expect(await j(res)).toEqual({ sentTo: 'kim@shop.test', validMinutes: 30 });
    const mail = (await resetMails()).at(-1)!;
    expect(mail.recipient).toBe('kim@shop.test');
    expect(mail.text).toContain('Olga hat das Zurücksetzen des Passworts');
    // Kim's password and tokens stay until the link is used
    expect((await fetch(e.url + '/api/me', { headers: staff })).status).toBe(200);
    expect(
      (await fetch(`${e.url}/api/users/999/password-reset`, { method: 'POST', headers: owner })).status,
    ).toBe(404);
  });

  it("lets an owner change a user's name, email and role, but not take the last owner away", async () => {
    const owner = {
      authorization: `Bearer ${(await accounts.issueToken(olga.id)).token}`,
      'content-type': 'application/json',
    };
    const patch = (id: number, body: unknown) =>
      fetch(`${e.url}/api/users/${id}`, { method: 'PATCH', headers: owner, body: JSON.stringify(body) });
    const changed = await patch(kim.id, { name: 'Kim Kasse', email: 'Kim.Kasse@shop.test', role: 'owner' });
    expect(changed.status).toBe(200);
    expect(await j(changed)).toMatchObject({
      name: 'Kim Kasse',
      email: 'kim.kasse@shop.test',
      role: 'owner',
    });
    const taken = await patch(kim.id, { email: 'olga@shop.test' });
    expect(taken.status).toBe(400);
    expect((await j(taken)).fields).toEqual([
      { field: 'email', problem: 'a user with this email already exists' },
    ]);
    const bad = await patch(kim.id, { email: 'not an email' });
    expect(bad.status).toBe(400);
    expect((await j(bad)).fields[0].field).toBe('email');
    expect((await patch(kim.id, { role: 'staff' })).status).toBe(200);
    const last = await patch(olga.id, { role: 'staff' });
    expect(last.status).toBe(400);
    expect((await j(last)).fields[0]).toMatchObject({
      field: 'role',
      problem: expect.stringMatching(/last active owner/),
    });
    const stored = await e.ds.getRepository(User).findOneByOrFail({ id: kim.id });
    expect([stored.email, stored.role]).toEqual(['kim.kasse@shop.test', 'staff']);
    expect((await e.ds.getRepository(User).findOneByOrFail({ id: olga.id })).role).toBe('owner');
  });
});

function findFile(dir: string, name: string): string | null {
  if (!fs.existsSync(dir)) return null;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    } else if (entry.name === name) return full;
  }
  return null;
}
