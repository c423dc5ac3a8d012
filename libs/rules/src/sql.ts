import { EntityManager } from 'typeorm';
import type { AudienceFilter } from '@touchbase/store';

/**
 * Raw SQL that reads the same on SQLite and PostgreSQL: written with `?` placeholders,
 * numbered for PostgreSQL here. Instants are epoch-ms integers, booleans compare to TRUE/FALSE.
 */
export function isPg(db: EntityManager): boolean {
  return db.connection.options.type === 'postgres';
}

export function placeholders(db: EntityManager, sql: string): string {
  if (!isPg(db)) return sql;
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** Rows of a SELECT, or of an INSERT/UPDATE … RETURNING, on either database. */
export async function rows<T = Record<string, unknown>>(
  db: EntityManager,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const raw = await db.query(placeholders(db, sql), params);
  // node-postgres answers UPDATE/DELETE … RETURNING as [rows, rowCount]
  if (Array.isArray(raw) && raw.length === 2 && Array.isArray(raw[0]) && typeof raw[1] === 'number')
    return raw[0] as T[];
  return Array.isArray(raw) ? (raw as T[]) : [];
}

export function inList(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * The rule's audience as a SQL condition on the customers alias `c` (empty when no filter):
 * tags (any of), minimum lifetime spend (orders in any currency, minor units), has purchased,
 * locales (a customer without a locale counts as the business default).
 */
export function audienceSql(audience: AudienceFilter | null | undefined, defaultLocale: string): SqlPart {
  const parts: string[] = [];
  const params: unknown[] = [];
  const a = audience ?? {};
  if (a.tags?.length) {
    parts.push(`(${a.tags.map(() => 'c.tags LIKE ?').join(' OR ')})`);
    params.push(...a.tags.map((t) => `%,${t},%`));
  }
  if (a.minLifetimeSpendMinor != null && a.minLifetimeSpendMinor > 0) {
    parts.push('(SELECT COALESCE(SUM(ao.total_minor), 0) FROM orders ao WHERE ao.customer_id = c.id) >= ?');
    params.push(a.minLifetimeSpendMinor);
  }
  if (a.hasPurchased === true) parts.push('EXISTS (SELECT 1 FROM orders ao WHERE ao.customer_id = c.id)');
  if (a.hasPurchased === false)
    parts.push('NOT EXISTS (SELECT 1 FROM orders ao WHERE ao.customer_id = c.id)');
  if (a.locales?.length) {
    const withDefault = a.locales.includes(defaultLocale);
    parts.push(`(c.locale IN (${inList(a.locales)})${withDefault ? ' OR c.locale IS NULL' : ''})`);
    params.push(...a.locales);
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}
