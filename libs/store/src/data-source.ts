import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, DataSourceOptions } from 'typeorm';
import type { AppConfig } from '@touchbase/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SnakeNamingStrategy } from './naming-strategy';
import { serializeSqliteWrites } from './sql/sqlite-gate';

export type DatabaseSettings = AppConfig['database'];

/**
 * Options for both databases. SQLite runs in WAL mode with a busy timeout so API writes and a
 * scheduler tick can overlap without SQLITE_BUSY. Schema changes go through migrations only.
 */
export function dataSourceOptions(
  db: DatabaseSettings,
  extra: Partial<DataSourceOptions> = {},
): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false as const,
  };
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, extra: { max: 10 }, ...extra } as DataSourceOptions;
  }
  if (db.path !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(db.path)), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    enableWAL: true,
    timeout: 15_000,
    prepareDatabase: (d: { pragma(s: string): unknown; prepare(sql: string): unknown }) => {
      d.pragma('busy_timeout = 15000');
      d.pragma('synchronous = NORMAL');
      d.pragma('foreign_keys = ON');
      // Deleted and overwritten content is zeroed, not left in free pages (docs/ingest.md#gdpr-erasure).
      d.pragma('secure_delete = ON');
      // Transactions take the write lock up front (BEGIN IMMEDIATE). TypeORM's deferred BEGIN
      // starts as a reader; when another process (the CLI, a second engine) commits before it
      // writes, SQLite answers SQLITE_BUSY at once instead of waiting out busy_timeout.
      const prepare = d.prepare.bind(d);
      d.prepare = (sql: string) => prepare(sql === 'BEGIN TRANSACTION' ? 'BEGIN IMMEDIATE TRANSACTION' : sql);
    },
    ...extra,
  } as DataSourceOptions;
}

/** A DataSource; on SQLite with one write transaction at a time (see sql/sqlite-gate.ts). */
export function createDataSource(db: DatabaseSettings, extra: Partial<DataSourceOptions> = {}): DataSource {
  return serializeSqliteWrites(new DataSource(dataSourceOptions(db, extra)));
}

/** Connect and bring the schema up to date. */
export async function openDatabase(db: DatabaseSettings): Promise<DataSource> {
  const ds = createDataSource(db);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}
