import type { Database } from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { isPostgres } from './dialect';

/**
 * The better-sqlite3 connection TypeORM's SQLite driver runs every query of the data source on
 * (it has one), or null on PostgreSQL and before `initialize()`. The one place that reaches
 * into the driver for it: statements run on it directly share whatever transaction is open on
 * it, so a caller must hold the write gate (sqlite-gate.ts) or check `inTransaction`.
 */
export function sqliteConnection(ds: DataSource): Database | null {
  if (isPostgres(ds)) return null;
  return (ds.driver as unknown as { databaseConnection?: Database }).databaseConnection ?? null;
}
