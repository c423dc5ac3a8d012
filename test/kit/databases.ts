import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseSettings } from '@touchbase/store';

export interface TestDatabase {
  /** 'sqlite' | 'postgres' — use in describe.each titles. */
  name: 'sqlite' | 'postgres';
  /** Makes a fresh, empty, migrated database and its settings. */
  create(): Promise<DatabaseSettings>;
  /** Drops what create() made. */
  drop(settings: DatabaseSettings): Promise<void>;
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-test-'));
    return { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') };
  },
  async drop(settings) {
    if (settings.type === 'sqlite') fs.rmSync(path.dirname(settings.path), { recursive: true, force: true });
  },
};

const postgres: TestDatabase = {
  name: 'postgres',
  async create() {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `tb_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    return { type: 'postgres', url: url.toString() };
  },
  async drop(settings) {
    if (settings.type !== 'postgres') return;
    const name = new URL(settings.url).pathname.slice(1);
    const admin = new Client({ connectionString: process.env.TEST_DATABASE_URL! });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  },
};

/**
 * The databases every store test runs against: SQLite always, PostgreSQL when
 * TEST_DATABASE_URL is set (scripts/test.js sets it, or says loudly that it skipped it).
 *
 *   describe.each(testDatabases())('customers on $name', (db) => { … })
 */
export function testDatabases(): TestDatabase[] {
  return process.env.TEST_DATABASE_URL && !process.env.TEST_SKIP_POSTGRES ? [sqlite, postgres] : [sqlite];
}

export function postgresTestDatabase(): TestDatabase | null {
  return process.env.TEST_DATABASE_URL && !process.env.TEST_SKIP_POSTGRES ? postgres : null;
}

/**
 * A `describe` for a suite that only makes sense on PostgreSQL (several engines on one database,
 * advisory locks, SKIP LOCKED). The callback gets the PostgreSQL test database.
 *
 * Without PostgreSQL configured it skips, loudly, on a developer machine. In CI (process.env.CI
 * set, as .ci/run does) it FAILS instead: there the PostgreSQL suites are required.
 *
 *   describeOnPostgres('two engine instances', (pg) => { beforeAll(() => openTestDataSource(pg)); … })
 */
export function describeOnPostgres(title: string, fn: (pg: TestDatabase) => void): void {
  const pg = postgresTestDatabase();
  if (pg) {
    describe(title, () => fn(pg));
    return;
  }
  const why = 'needs PostgreSQL: set TEST_DATABASE_URL=postgres://… (npm test finds a local server itself)';
  if (process.env.CI) {
    describe(title, () => {
      it('runs on PostgreSQL, which is required in CI', () => {
        throw new Error(`"${title}" ${why}; CI is set, so this fails instead of skipping.`);
      });
    });
    return;
  }
  console.warn(`\n*** SKIPPED "${title}": ${why}. ***\n`);
  describe.skip(title, () => fn(postgres));
}

/** A fresh migrated DataSource on the given database kind; call `close()` in afterAll. */
export async function openTestDataSource(
  db: TestDatabase,
): Promise<{ ds: DataSource; settings: DatabaseSettings; close(): Promise<void> }> {
  const settings = await db.create();
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return {
    ds,
    settings,
    async close() {
      if (ds.isInitialized) await ds.destroy();
      await db.drop(settings);
    },
  };
}
