import { tokenHash } from '@touchbase/core';
import {
  ApiToken,
  createDataSource,
  DatabaseSettings,
  OutboxMessage,
  PasswordReset,
  User,
} from '@touchbase/store';
import { verifyPassword } from '@touchbase/staff';
import { runTouchbaseCli, testDatabases } from '@touchbase/test-kit';

/** Runs the real `touchbase` CLI against the database (NODE_ENV development, as an owner would). */
async function touchbase(settings: DatabaseSettings, ...args: string[]) {
  const r = await runTouchbaseCli(args, { database: settings, env: { NODE_ENV: 'development' } });
  return { code: r.code, out: r.stdout, err: r.stderr };
}

describe.each(testDatabases())('touchbase user … on $name', (db) => {
  let settings: DatabaseSettings;
  beforeAll(async () => {
    settings = await db.create();
  });
  afterAll(() => db.drop(settings));

  it('adds a user with a generated password shown once, then prints a working API token', async () => {
    const add = await touchbase(
      settings,
      'user',
      'add',
      '--email',
      'Kim@Shop.test',
      '--name',
      'Kim',
      '--role',
      'staff',
    );
    expect(add.err).not.toMatch(/touchbase:/);
    expect(add.code).toBe(0);
    const password = /Password \(shown only this once\): (\S+)/.exec(add.out)?.[1];
    expect(password).toHaveLength(20);

    const token = await touchbase(settings, 'user', 'token', '--email', 'kim@shop.test');
    expect(token.code).toBe(0);
    const plain = /^(tb_[0-9a-f]{48})$/m.exec(token.out)?.[1];
    expect(plain).toBeDefined();

    const again = await touchbase(settings, 'user', 'add', '--email', 'kim@shop.test', '--role', 'owner');
    expect(again.code).toBe(1);
    expect(again.err).toContain('touchbase: email: a user with this email already exists');

    const ds = createDataSource(settings);
    await ds.initialize();
    try {
      const user = await ds.getRepository(User).findOneByOrFail({ email: 'kim@shop.test' });
      expect(user).toMatchObject({ name: 'Kim', role: 'staff' });
      expect(await verifyPassword(password!, user.passwordHash)).toBe(true);
      expect(await ds.getRepository(ApiToken).findOneBy({ tokenHash: tokenHash(plain!) })).toMatchObject({
        userId: user.id,
      });
    } finally {
      await ds.destroy();
    }
  });

  it('queues a password-reset link for a user through the outbox; an unknown email is an error', async () => {
    const reset = await touchbase(settings, 'user', 'reset', '--email', 'KIM@shop.test');
    expect(reset.err).not.toMatch(/touchbase:/);
    expect(reset.code).toBe(0);
    expect(reset.out).toContain('valid 30 minutes');
    const unknown = await touchbase(settings, 'user', 'reset', '--email', 'nobody@shop.test');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('touchbase: --email: no user nobody@shop.test');
    const ds = createDataSource(settings);
    await ds.initialize();
    try {
      const mails = await ds.getRepository(OutboxMessage).findBy({ purpose: 'password_reset' });
      expect(mails.map((m) => [m.recipient, m.status])).toEqual([['kim@shop.test', 'queued']]);
      expect(mails[0].text).toMatch(/\/reset\/[0-9a-f]{64}/);
      expect(await ds.getRepository(PasswordReset).count()).toBe(1);
    } finally {
      await ds.destroy();
    }
  });
});
