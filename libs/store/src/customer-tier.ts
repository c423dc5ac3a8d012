import type { DataSource, EntityManager } from 'typeorm';
import { inList, rows } from './sql';

/**
 * The SQL expression for the name of a customer's service tier (null for none), given the
 * customers table's alias: the one mapping every list that carries `customer.tier` uses
 * (docs/ingest.md#service-tiers).
 */
export const tierNameSql = (customer: string): string =>
  `(SELECT tr.name FROM tiers tr WHERE tr.id = ${customer}.tier_id)`;

/** The tier names of these customers (id → name or null), one query by primary key. */
export async function tierNamesOf(
  m: DataSource | EntityManager,
  customerIds: readonly number[],
): Promise<Map<number, string | null>> {
  const ids = [...new Set(customerIds)];
  if (!ids.length) return new Map();
  const found = await rows<{ id: unknown; tier: string | null }>(
    m,
    `SELECT c.id, ${tierNameSql('c')} AS tier FROM customers c WHERE c.id IN (${inList(ids)})`,
    ids,
  );
  return new Map(found.map((r) => [Number(r.id), r.tier ?? null]));
}
