import type { EntityManager } from 'typeorm';
import { type Db, inList, isPostgres } from './dialect';
import { sqliteConnection } from './sqlite-connection';

/**
 * SQLite's side of the bulk statements (bulk.ts) inside the caller's transaction: one cached
 * prepared single-row statement run per row on better-sqlite3's connection, which runs it in
 * microseconds (preparing a statement of thousands of rows is not cheap).
 */

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
}

const STATEMENTS = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

/** The connection's prepared statement for this text, prepared once (this file and table-rows.ts). */
export function statement(db: SqliteConnection, sql: string): SqliteStatement {
  let cache = STATEMENTS.get(db);
  if (!cache) STATEMENTS.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/**
 * SQLite's one connection, when the caller runs inside its own transaction on it (a manager of
 * `ds.transaction`, which holds the write gate): then a statement on the raw connection is part
 * of that transaction. Otherwise null (the statement goes through TypeORM and the gate).
 */
export function sqliteWriter(db: Db): SqliteConnection | null {
  if (isPostgres(db) || !('queryRunner' in db) || !db.queryRunner?.isTransactionActive) return null;
  const raw = sqliteConnection((db as EntityManager).connection);
  return raw?.inTransaction ? raw : null;
}

/** A value as better-sqlite3 binds it (no booleans or undefined). */
function sqliteValue(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v;
}

/**
 * Inserts each row with a single-row statement and answers the `returning` columns of the rows
 * inserted, in order. Without `RETURNING` where the answer is known without it: the returned
 * columns are inserted ones (from `values`) or the table's `id` (the row id better-sqlite3
 * reports), and a row skipped `ON CONFLICT … DO NOTHING` changes nothing. SQLite runs a statement
 * with `RETURNING` as one with a trigger, under a statement journal of the pages it changes;
 * once one statement's journal exceeds 64 KiB it moves from memory to a temporary file for the
 * rest of the transaction, and every later row then costs two file writes per page it changes
 * (at 1M customers 60–160 µs a row instead of about 10: docs/benchmarks.md, "SQLite's statement
 * journal").
 */
export function insertEachRow<T>(
  sqlite: SqliteConnection,
  table: string,
  columns: readonly string[],
  values: readonly unknown[][],
  returning: string,
  conflict: string,
): T[] {
  const out: T[] = [];
  const names = returning ? returning.split(',').map((c) => c.trim()) : [];
  const at = names.map((c) => columns.indexOf(c));
  const known =
    !/\bDO\s+UPDATE\b/i.test(conflict) &&
    at.every((i, k) => i >= 0 || (names[k] === 'id' && rowidIsId(sqlite, table)));
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${inList(columns)})${conflict}`;
  if (!known) {
    const stmt = statement(sqlite, `${insert} RETURNING ${returning}`);
    for (const v of values) {
      const row = stmt.get(v.map(sqliteValue)) as T | undefined;
      if (row) out.push(row);
    }
    return out;
  }
  const stmt = statement(sqlite, insert);
  for (const v of values) {
    const params = v.map(sqliteValue);
    const done = stmt.run(params);
    if (!names.length || !done.changes) continue;
    const row: Record<string, unknown> = {};
    names.forEach((c, k) => (row[c] = at[k] >= 0 ? params[at[k]] : Number(done.lastInsertRowid)));
    out.push(row as T);
  }
  return out;
}

/** Sets `set` columns of each row by `key` (`values`: the key, then the `set` values); answers how many changed. */
export function updateEachRow(
  sqlite: SqliteConnection,
  table: string,
  key: string,
  set: readonly string[],
  values: readonly unknown[][],
): number {
  const stmt = statement(
    sqlite,
    `UPDATE ${table} SET ${set.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`,
  );
  let n = 0;
  for (const v of values) n += stmt.run([...v.slice(1), v[0]].map(sqliteValue)).changes;
  return n;
}

const ROWID_IS_ID = new WeakMap<SqliteConnection, Map<string, boolean>>();

/** Whether the table's `id` is its INTEGER PRIMARY KEY (the row id), read once per connection. */
function rowidIsId(sqlite: SqliteConnection, table: string): boolean {
  let tables = ROWID_IS_ID.get(sqlite);
  if (!tables) ROWID_IS_ID.set(sqlite, (tables = new Map()));
  let is = tables.get(table);
  if (is === undefined) {
    const cols = statement(sqlite, 'SELECT name, type, pk FROM pragma_table_info(?)').all([table]) as Array<{
      name: string;
      type: string;
      pk: number;
    }>;
    is =
      cols.filter((c) => c.pk > 0).length === 1 &&
      cols.some((c) => c.name === 'id' && c.pk === 1 && /^integer$/i.test(c.type));
    tables.set(table, is);
  }
  return is;
}
