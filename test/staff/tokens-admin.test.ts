import { ApiToken, User } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/** A JSON body, untyped. */
const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

/**
 * Owners list and revoke any user's API tokens (API and page); staff only their own. Nothing
 * shows a token or its hash after it was made.
 */
describe.each(testDatabases())('API tokens managed by owners on $name', (db) => {
  let e: TestEngine;
  let accounts: AccountsService;
  let owner: Record<string, string>;
  let staff: Record<string, string>;
  let sam: User;
  let samToken: { token: string; id: number };
  let kimToken: { token: string; id: number };

  beforeAll(async () => {
    e = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    accounts = e.app.get(AccountsService);
    const o = await accounts.createUser({
      email: 'olga@shop.test',
      name: 'Olga',
      role: 'owner',
      password: 'owner-password-1',
    });
    sam = (
      await accounts.createUser({
        email: 'sam@shop.test',
        name: 'Sam',
        role: 'staff',
        password: 'staff-password-1',
      })
    ).user;
    const kim = (
      await accounts.createUser({
        email: 'kim@shop.test',
        name: 'Kim',
        role: 'staff',
        password: 'staff-password-2',
      })
    ).user;
    owner = { authorization: `Bearer ${(await accounts.issueToken(o.user.id, 'owner script')).token}` };
    samToken = await accounts.issueToken(sam.id, 'nightly import');
    kimToken = await accounts.issueToken(kim.id, 'kim phone');
    staff = { authorization: `Bearer ${samToken.token}` };
  });
  afterAll(() => e.close());

  const call = (method: string, path: string, headers: Record<string, string>) =>
    fetch(e.url + path, { method, headers, redirect: 'manual' });

  it("lists a user's tokens for the owner with name, created and last used, never the secret", async () => {
    e.clock.set('2026-06-15T11:00:00Z');
    expect((await call('GET', '/api/me', staff)).status).toBe(200);
    const res = await call('GET', `/api/users/${sam.id}/tokens`, owner);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual([
      {
        id: samToken.id,
        userId: sam.id,
        name: 'nightly import',
        createdAt: '2026-06-15T10:00:00.000Z',
        lastUsedAt: '2026-06-15T11:00:00.000Z',
      },
    ]);
    const hash = (await e.ds.getRepository(ApiToken).findOneByOrFail({ id: samToken.id })).tokenHash;
    expect(text).not.toContain(samToken.token);
    expect(text).not.toContain(hash);
    const all = await j(call('GET', '/api/users/tokens', owner));
    expect(all.map((t: { name: string }) => t.name)).toEqual(['owner script', 'nightly import', 'kim phone']);
    expect(all[1]).toMatchObject({ userName: 'Sam', userEmail: 'sam@shop.test' });
    expect(JSON.stringify(all)).not.toMatch(/tb_[0-9a-f]{48}|tokenHash/);
    expect((await call('GET', '/api/users/999/tokens', owner)).status).toBe(404);
  });

  it('lets staff neither list nor revoke tokens of others through the owner routes', async () => {
    expect((await call('GET', `/api/users/${sam.id}/tokens`, staff)).status).toBe(403);
    expect((await call('GET', '/api/users/tokens', staff)).status).toBe(403);
    expect((await call('DELETE', `/api/users/${sam.id}/tokens/${kimToken.id}`, staff)).status).toBe(403);
    // their own route cannot reach someone else's token either
    expect((await call('DELETE', `/api/me/tokens/${kimToken.id}`, staff)).status).toBe(404);
    expect(await e.ds.getRepository(ApiToken).countBy({ id: kimToken.id })).toBe(1);
    const mine = await j(call('GET', '/api/me/tokens', staff));
    expect(mine.map((t: { id: number }) => t.id)).toEqual([samToken.id]);
  });

  it('revokes a token for the owner: it stops working at once; the wrong user answers 404', async () => {
    const kim = { authorization: `Bearer ${kimToken.token}` };
    expect((await call('GET', '/api/me', kim)).status).toBe(200);
    // the token exists but belongs to Kim, not Sam: nothing happens
    expect((await call('DELETE', `/api/users/${sam.id}/tokens/${kimToken.id}`, owner)).status).toBe(404);
    expect((await call('GET', '/api/me', kim)).status).toBe(200);
    const kimId = (await e.ds.getRepository(User).findOneByOrFail({ email: 'kim@shop.test' })).id;
    expect((await call('DELETE', `/api/users/${kimId}/tokens/${kimToken.id}`, owner)).status).toBe(204);
    expect((await call('GET', '/api/me', kim)).status).toBe(401);
    expect(await e.ds.getRepository(ApiToken).countBy({ id: kimToken.id })).toBe(0);
  });

  it('documents the owner token routes in OpenAPI', async () => {
    const doc = await j(fetch(e.url + '/api/docs/json'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/users/tokens',
        '/api/users/{id}/tokens',
        '/api/users/{id}/tokens/{tokenId}',
      ]),
    );
    expect(doc.paths['/api/users/{id}/tokens/{tokenId}'].delete).toBeDefined();
  });
});
