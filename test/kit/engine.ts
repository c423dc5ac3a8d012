import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { AppConfig } from '@touchbase/config';
import { Clock, FixedClock, tokenHash, UserRole } from '@touchbase/core';
import { ApiToken, User } from '@touchbase/store';
import { AppModule } from '../../apps/engine/src/app.module';
import { configureApp } from '../../apps/engine/src/bootstrap';
import { TestDatabase } from './databases';
import { testConfig } from './config';

export interface TestEngine {
  app: NestExpressApplication;
  config: AppConfig;
  clock: FixedClock;
  ds: DataSource;
  /** http://127.0.0.1:<port> */
  url: string;
  /** Headers for a user of this role (made on first use, one per role). */
  auth(role: UserRole): Promise<Record<string, string>>;
  close(): Promise<void>;
}

export interface TestEngineOptions {
  env?: Record<string, string>;
  at?: string;
  /** Replace providers, e.g. [[EmailSender, sink]]. */
  overrides?: Array<[unknown, unknown]>;
  /** Listen on this port (e.g. one from engine-process's `freePort()`, to set PUBLIC_BASE_URL to it); default: any free one. */
  port?: number;
}

/**
 * A real engine on a real database (fresh SQLite file or PostgreSQL database), listening on a
 * random local port, with a FixedClock. The scheduler/dispatcher loops do not start on their own
 * in tests unless ENGINE_ROLES asks for them; call their plain `tick(now)` methods instead.
 */
export async function startTestEngine(db: TestDatabase, opts: TestEngineOptions = {}): Promise<TestEngine> {
  const settings = await db.create();
  const config = testConfig(settings, { ENGINE_ROLES: 'api', ...(opts.env ?? {}) });
  const clock = new FixedClock(opts.at ?? '2026-06-15T10:00:00Z');
  let builder = Test.createTestingModule({ imports: [AppModule.forRoot(config, clock)] });
  for (const [token, value] of opts.overrides ?? [])
    builder = builder.overrideProvider(token).useValue(value);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
  configureApp(app as INestApplication, config);
  await app.listen(opts.port ?? 0, '127.0.0.1');
  const url = await app.getUrl();
  const ds = app.get(DataSource);
  const tokens = new Map<UserRole, string>();
  return {
    app,
    config,
    clock,
    ds,
    url: url.replace('[::1]', '127.0.0.1'),
    async auth(role) {
      if (!tokens.has(role))
        tokens.set(role, await createUserWithToken(ds, role, clock.now()).then((r) => r.token));
      return { authorization: `Bearer ${tokens.get(role)}` };
    },
    async close() {
      await app.close();
      await db.drop(settings);
    },
  };
}

/** Makes a user of the role and a personal API token for it, straight in the store. */
export async function createUserWithToken(
  ds: DataSource,
  role: UserRole,
  now: Date,
  name = `${role} ${randomBytes(2).toString('hex')}`,
): Promise<{ user: User; token: string }> {
  const user = await ds.getRepository(User).save(
    ds.getRepository(User).create({
      email: `${name.replace(/\W+/g, '.').toLowerCase()}@example.test`,
      name,
      role,
      passwordHash: 'test-only:no-password',
      createdAt: now,
    }),
  );
  const token = `tb_${randomBytes(24).toString('hex')}`;
  await ds
    .getRepository(ApiToken)
    .insert({ userId: user.id, name: 'test', tokenHash: tokenHash(token), createdAt: now });
  return { user, token };
}

export { Clock };
