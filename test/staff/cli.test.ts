import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { tokenHash } from '@touchbase/core';
import { ApiToken, createDataSource, DatabaseSettings, User } from '@touchbase/store';
import { verifyPassword } from '@touchbase/staff';
import { testDatabases } from '@touchbase/test-kit';

const ROOT = path.resolve(__dirname, '../..');

function touchbase(settings: DatabaseSettings, ...args: string[]) {
  const env: Record<string, string> = { ...(process.env as Record<string, string>), NODE_ENV: 'development', DEMO_DATA: 'false', APP_SECRET: 'cli-test-secret-0123456789abcdef0123456789' };
  delete env.DATABASE_URL;
  if (settings.type === 'postgres') env.DATABASE_URL = settings.url;
  else env.SQLITE_PATH = settings.path;
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', 'apps/cli/src/main.ts', ...args], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.each(testDatabases())('touchbase user … on $name', (db) => {
  let settings: DatabaseSettings;
  beforeAll(async () => {
    settings = await db.create();
  });
  afterAll(() => db.drop(settings));

  it('adds a user with a generated password shown once, then prints a working API token', async () => {
    const add = touchbase(settings, 'user', 'add', '--email', 'Kim@Shop.test', '--name', 'Kim', '--role', 'staff');
    expect(add.err).not.toMatch(/touchbase:/);
    expect(add.code).toBe(0);
    const password = /Password \(shown only this once\): (\S+)/.exec(add.out)?.[1];
    expect(password).toHaveLength(20);

    const token = touchbase(settings, 'user', 'token', '--email', 'kim@shop.test');
    expect(token.code).toBe(0);
    const plain = /^(tb_[0-9a-f]{48})$/m.exec(token.out)?.[1];
    expect(plain).toBeDefined();

    const again = touchbase(settings, 'user', 'add', '--email', 'kim@shop.test', '--role', 'owner');
    expect(again.code).toBe(1);
    expect(again.err).toContain('touchbase: email: a user with this email already exists');

    const ds = createDataSource(settings);
    await ds.initialize();
    try {
      const user = await ds.getRepository(User).findOneByOrFail({ email: 'kim@shop.test' });
      expect(user).toMatchObject({ name: 'Kim', role: 'staff' });
      expect(await verifyPassword(password!, user.passwordHash)).toBe(true);
      expect(await ds.getRepository(ApiToken).findOneBy({ tokenHash: tokenHash(plain!) })).toMatchObject({ userId: user.id });
    } finally {
      await ds.destroy();
    }
  });
});
