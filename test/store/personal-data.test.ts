import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { FixedClock } from '@touchbase/core';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createUserWithToken,
  runTouchbaseCli,
  testConfig,
  testDatabases,
  TestDatabase,
} from '@touchbase/test-kit';
import { AppModule } from '../../apps/engine/src/app.module';
import { configureApp } from '../../apps/engine/src/bootstrap';
import { createLogger } from '../../apps/engine/src/http/logger';

/**
 * Nothing personal where others can read it (docs/security.md): list routes refuse offsets
 * beyond the cap instead of failing with the search term in the log, and the ops endpoints are
 * closed when OPS_PUBLIC is off (the production default).
 */
async function start(db: TestDatabase, env: Record<string, string>) {
  const settings = await db.create();
  const config = testConfig(settings, { ENGINE_ROLES: 'api', LOG_FORMAT: 'json', ...env });
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config, new FixedClock('2026-06-15T10:00:00Z'))],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ logger: createLogger(config) });
  configureApp(app as INestApplication, config);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    config,
    ds: app.get(DataSource),
    close: () => app.close().then(() => db.drop(settings)),
  };
}

describe.each(testDatabases())('personal data stays out of logs and public endpoints on $name', (db) => {
  let e: Awaited<ReturnType<typeof start>>;
  let owner: Record<string, string>;
  let staff: Record<string, string>;
  const logged: string[] = [];
  let spies: jest.SpyInstance[] = [];

  beforeAll(async () => {
    e = await start(db, { OPS_PUBLIC: 'false' });
    owner = { authorization: `Bearer ${(await createUserWithToken(e.ds, 'owner', new Date())).token}` };
    staff = { authorization: `Bearer ${(await createUserWithToken(e.ds, 'staff', new Date())).token}` };
  });
  beforeEach(() => {
    logged.length = 0;
    spies = [process.stdout, process.stderr].map((s) =>
      jest.spyOn(s, 'write').mockImplementation((chunk: unknown) => (logged.push(String(chunk)), true)),
    );
  });
  afterEach(() => spies.forEach((s) => s.mockRestore()));
  afterAll(() => e?.close());

  it.each(['/api/customers', '/api/orders', '/api/products', '/api/waitlist', '/api/tasks'])(
    'GET %s with a huge offset answers 400 naming offset; the search term is never logged',
    async (path) => {
      const res = await fetch(`${e.url}${path}?q=anna.secret@example.test&offset=100000000000000000000`, {
        headers: owner,
      });
      expect(res.status).toBe(400);
      const body = await res.text();
      expect(body).toMatch(/offset/);
      expect(body).not.toContain('anna.secret');
      expect(logged.join('')).not.toContain('anna.secret');
    },
  );

  it('keeps /metrics and the API documentation for signed-in callers', async () => {
    expect((await fetch(`${e.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${e.url}/metrics`, { headers: staff })).status).toBe(401);
    expect((await fetch(`${e.url}/metrics`, { headers: owner })).status).toBe(200);
    for (const path of ['/api/docs', '/api/docs/json']) {
      const anon = await fetch(`${e.url}${path}`, { redirect: 'manual' });
      expect(anon.status).toBe(401);
      expect(await anon.text()).not.toMatch(/openapi|swagger/i);
      expect((await fetch(`${e.url}${path}`, { headers: staff })).status).toBe(200);
    }
    const browser = await fetch(`${e.url}/api/docs`, {
      redirect: 'manual',
      headers: { accept: 'text/html' },
    });
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe('/login?next=%2Fapi%2Fdocs');
  });
});

describe('files the engine writes', () => {
  jest.setTimeout(120_000);

  it('are private to its user (umask 077): the SQLite store made by `touchbase migrate`', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-files-'));
    fs.chmodSync(dir, 0o755);
    const store = path.join(dir, 'var', 'touchbase.sqlite');
    const r = await runTouchbaseCli(['migrate'], { database: { type: 'sqlite', path: store } });
    expect(r.code).toBe(0);
    expect(fs.statSync(store).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(store)).mode & 0o777).toBe(0o700);
  });
});
