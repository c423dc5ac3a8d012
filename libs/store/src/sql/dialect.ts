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
 * A PostgreSQL advisory lock held until the end of the caller's transaction (waits for it). On
 * SQLite (one writer per file) there is nothing to take.
 */
export async function lockForTransaction(m: EntityManager, key: number): Promise<void> {
  if (isPostgres(m)) await m.query('SELECT pg_advisory_xact_lock($1)', [key]);
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
