import { CONTACT_TOUCH_STATUSES } from '@touchbase/core';
import { inList, type AudienceFilter } from '@touchbase/store';

/**
 * `'queued', 'sent', …`: the touch statuses that count as a contact (a constant list, written
 * as literals so the contact-budget and last-contact queries keep their plans).
 */
export const CONTACT_STATUSES_SQL = CONTACT_TOUCH_STATUSES.map((s) => `'${s}'`).join(', ');

/** Rule-specific SQL built on the store's dialect helper (`?` placeholders, see @touchbase/store). */
export interface SqlPart {
  sql: string;
  params: unknown[];
}

/**
 * The rule's audience as a SQL condition on the customers alias `c` (empty when no filter):
 * tags (any of), minimum lifetime spend (orders in any currency, minor units), has purchased,
 * locales (a customer without a locale counts as the business default), service tiers (any of, by
 * name; a rule can only be saved naming tiers that exist, and a named tier cannot be renamed or
 * deleted, so the list never silently reaches nobody: docs/ingest.md#service-tiers).
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
  if (a.tiers?.length) {
    parts.push(`c.tier_id IN (SELECT at.id FROM tiers at WHERE LOWER(at.name) IN (${inList(a.tiers)}))`);
    params.push(...a.tiers.map((t) => t.toLowerCase()));
  }
  return { sql: parts.map((p) => ` AND ${p}`).join(''), params };
}
