import type { DataSource, EntityManager } from 'typeorm';

/**
 * The one SQL dialect helper (see docs/architecture.md#persistence-who-owns-which-table).
 * Raw SQL is written once with `?` placeholders and reads the same on SQLite and PostgreSQL:
 * instants are epoch-ms integers, booleans compare to TRUE/FALSE. This file numbers the
 * placeholders for PostgreSQL, reads rows from either driver and decodes what the drivers
 * answer differently (PostgreSQL BIGINT/NUMERIC as strings, SQLite booleans as 0/1).
 */
export type Db = DataSource | EntityManager;

export function isPostgres(db: Db): boolean {
  const options = 'options' in db ? db.options : db.connection.options;
  return options.type === 'postgres';
}

/**
 * `?` → `$1, $2, …` on PostgreSQL, unchanged on SQLite. Every `?` counts, also one inside a
 * string literal: write a literal question mark as a parameter.
 */
export function placeholders(db: Db, sql: string): string {
  if (!isPostgres(db)) return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/**
 * Rows of a SELECT, or of an INSERT/UPDATE/DELETE … RETURNING, on either database (node-postgres
 * answers UPDATE/DELETE … RETURNING as [rows, rowCount]); [] for a statement without rows.
 */
export async function rows<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const raw: unknown = await db.query(placeholders(db, sql), params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0] as T[];
  return Array.isArray(raw) ? (raw as T[]) : [];
}

/** `?, ?, ?` for an `IN (…)` of these values. */
export function inList(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

/** A number from either driver (PostgreSQL answers BIGINT and NUMERIC as strings); null is 0. */
export function num(v: unknown): number {
  return v == null ? 0 : Number(v);
}

/** A number from either driver, keeping null as null. */
export function numOrNull(v: unknown): number | null {
  return v == null ? null : Number(v);
}

/** A boolean from either driver (PostgreSQL true/'t', SQLite 1/'1'). */
export function bool(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}

/** A unique-constraint (or primary-key) violation on SQLite or PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string }; message?: unknown } | null;
  const codes = [err?.code, err?.driverError?.code];
  return (
    codes.some(
      (c) => c === '23505' || c === 'SQLITE_CONSTRAINT_UNIQUE' || c === 'SQLITE_CONSTRAINT_PRIMARYKEY',
    ) || /UNIQUE constraint failed/i.test(String(err?.message ?? ''))
  );
}

/**
 * ` FOR UPDATE SKIP LOCKED` on PostgreSQL, so several workers claim different rows; nothing on
 * SQLite, where the single writer makes the claiming UPDATE atomic.
 */
export function skipLocked(db: Db): string {
  return isPostgres(db) ? ' FOR UPDATE SKIP LOCKED' : '';
}

/** ` FOR UPDATE` on PostgreSQL (row lock until commit); nothing on SQLite, whose writer holds the file. */
export function forUpdate(db: Db): string {
  return isPostgres(db) ? ' FOR UPDATE' : '';
}

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * A PostgreSQL session advisory lock on its own connection, or null when another session holds
 * it. On SQLite (one engine process per file) there is nothing to take: a no-op lock.
 */
export async function tryAdvisoryLock(ds: DataSource, key: number): Promise<HeldLock | null> {
  if (!isPostgres(ds)) return { release: async () => undefined };
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    const [{ locked }] = (await qr.query('SELECT pg_try_advisory_lock($1) AS locked', [key])) as Array<{
      locked: boolean;
    }>;
    if (!locked) {
      await qr.release();
      return null;
    }
  } catch (e) {
    await qr.release();
    throw e;
  }
  return {
    async release() {
      await qr.query('SELECT pg_advisory_unlock($1)', [key]).catch(() => undefined);
      await qr.release();
    },
  };
}

/**
 * A multi-row INSERT … RETURNING in chunks that stay under both drivers' parameter limits;
 * the returned rows in insert order per chunk. `conflict` is an optional `ON CONFLICT …` clause.
 * On PostgreSQL the rows travel as one array per column (`INSERT … SELECT * FROM unnest(…)`):
 * one parameter per column instead of one per value, which PostgreSQL parses and plans in a
 * fraction of the time of a VALUES list of thousands of rows.
 */
export async function insertRows<T = Record<string, unknown>>(
  db: Db,
  table: string,
  columns: readonly string[],
  values: readonly unknown[][],
  returning: string,
  conflict = '',
): Promise<T[]> {
  const out: T[] = [];
  if (!values.length) return out;
  if (isPostgres(db)) {
    const types = await columnTypes(db, table, columns);
    for (let i = 0; i < values.length; i += PG_ROWS_PER_STATEMENT) {
      const rowsOf = arrayTable('v', types, values.slice(i, i + PG_ROWS_PER_STATEMENT));
      out.push(
        ...(await rows<T>(
          db,
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM ${rowsOf.sql}${conflict} RETURNING ${returning}`,
          rowsOf.params,
        )),
      );
    }
    return out;
  }
  const width = columns.length;
  const per = Math.floor(30_000 / width);
  for (let i = 0; i < values.length; i += per) {
    const chunk = values.slice(i, i + per);
    const tuples = chunk.map((v) => `(${inList(v)})`).join(', ');
    out.push(
      ...(await rows<T>(
        db,
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples}${conflict} RETURNING ${returning}`,
        chunk.flat(),
      )),
    );
  }
  return out;
}

const PG_ROWS_PER_STATEMENT = 10_000;

/**
 * A derived table of these rows under `alias`, its columns named `column1`, `column2`, … on both
 * databases (`… FROM ${t.sql} WHERE x.id = v.column1`): SQLite `(VALUES (?, ?), …) AS v`,
 * PostgreSQL `unnest(?::integer[], ?::text[], …) AS v(column1, …)` with one array parameter per
 * column. `types` are SQL types (`integer`, `text`, …): PostgreSQL's arrays, SQLite's CASTs. Keep
 * SQLite's share under its parameter limit (rows × columns ≤ ~30,000).
 */
export function valuesTable(
  db: Db,
  alias: string,
  types: readonly string[],
  values: readonly unknown[][],
): { sql: string; params: unknown[] } {
  if (isPostgres(db)) return arrayTable(alias, types, values);
  const tuple = `(${types.map((t) => `CAST(? AS ${t.toUpperCase()})`).join(', ')})`;
  return { sql: `(VALUES ${values.map(() => tuple).join(', ')}) AS ${alias}`, params: values.flat() };
}

function arrayTable(
  alias: string,
  types: readonly string[],
  values: readonly unknown[][],
): { sql: string; params: unknown[] } {
  const names = types.map((_, i) => `column${i + 1}`).join(', ');
  return {
    sql: `unnest(${types.map((t) => `?::${t}[]`).join(', ')}) AS ${alias}(${names})`,
    params: types.map((_, c) => values.map((v) => v[c])),
  };
}

/** PostgreSQL: each column's type (`integer`, `character varying`, `jsonb`, …), read once per data source and table. */
const typeCache = new WeakMap<object, Map<string, Map<string, string>>>();

async function columnTypes(db: Db, table: string, columns: readonly string[]): Promise<string[]> {
  const source = 'manager' in db ? db : db.connection;
  let tables = typeCache.get(source);
  if (!tables) typeCache.set(source, (tables = new Map()));
  let types = tables.get(table);
  if (!types) {
    const found = await rows<{ name: string; type: string }>(
      db,
      `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type FROM pg_attribute a
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped`,
      [table],
    );
    types = new Map(found.map((r) => [r.name, r.type]));
    tables.set(table, types);
  }
  return columns.map((c) => {
    const t = types!.get(c.replace(/"/g, ''));
    if (!t) throw new Error(`insertRows: table ${table} has no column ${c}`);
    return t;
  });
}
