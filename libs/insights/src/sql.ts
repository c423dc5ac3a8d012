import type { EntityManager } from 'typeorm';

/**
 * Raw SQL that reads the same on SQLite and PostgreSQL: `?` placeholders, numbered for
 * PostgreSQL here; instants are epoch-ms integers. Aggregates come back as numbers.
 */
export function isPostgres(db: EntityManager): boolean {
  return db.connection.options.type === 'postgres';
}

export async function queryRows<T = Record<string, unknown>>(
  db: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  let n = 0;
  const text = isPostgres(db) ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  const raw = await db.query(text, params);
  return Array.isArray(raw) ? (raw as T[]) : [];
}

export const inList = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/** node-postgres returns BIGINT and NUMERIC sums as strings. */
export const num = (v: unknown): number => (v == null ? 0 : Number(v));
