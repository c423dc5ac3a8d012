import { EntityManager } from 'typeorm';

/** Raw SQL written once with `?` placeholders, numbered for PostgreSQL; same statement on both databases. */
export function isPg(db: EntityManager): boolean {
  return db.connection.options.type === 'postgres';
}

export async function rows<T = Record<string, unknown>>(
  db: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  let n = 0;
  const text = isPg(db) ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  const raw = await db.query(text, params);
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0] as T[];
  return Array.isArray(raw) ? (raw as T[]) : [];
}

export function inList(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}
