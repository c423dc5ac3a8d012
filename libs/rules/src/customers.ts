import type { EntityManager } from 'typeorm';
import { effectiveZone, messageScope, TouchContext } from '@touchbase/core';
import type { PolicyCustomer } from './policies';
import { CONTACT_STATUSES_SQL } from './sql';
import { bool, inList, numOrNull, rows } from '@touchbase/store';

/** The customer fields a touch needs: policies, the composer's context, the task's assignee. */
export interface TouchCustomer extends PolicyCustomer {
  name: string;
  accountOwnerId: number | null;
  context: TouchContext['customer'];
}

export async function loadCustomers(
  db: EntityManager,
  ids: number[],
  businessZone: string,
): Promise<Map<number, TouchCustomer>> {
  const out = new Map<number, TouchCustomer>();
  if (!ids.length) return out;
  const found = await rows<Record<string, any>>(
    db,
    `SELECT id, first_name, last_name, email, email_bounced_at, phone, phone_problem, email_consent, sms_consent, email_scope, sms_scope, preferred_channels, timezone, locale,
            tags, birthday_year, birthday_month, birthday_day, account_owner_id
     FROM customers WHERE id IN (${inList(ids)}) AND erased_at IS NULL`,
    ids,
  );
  for (const c of found) {
    const name = `${c.first_name ?? ''} ${c.last_name ?? ''}`.trim() || `customer #${c.id}`;
    out.set(Number(c.id), {
      id: Number(c.id),
      name,
      email: c.email,
      phone: c.phone,
      phoneProblem: c.phone_problem,
      emailBounced: c.email_bounced_at != null,
      emailConsent: bool(c.email_consent),
      smsConsent: bool(c.sms_consent),
      emailScope: messageScope(c.email_scope),
      smsScope: messageScope(c.sms_scope),
      preferredChannels: c.preferred_channels ?? 'email,sms',
      zone: effectiveZone(c.timezone, businessZone),
      accountOwnerId: numOrNull(c.account_owner_id),
      context: {
        id: Number(c.id),
        firstName: c.first_name ?? '',
        lastName: c.last_name ?? '',
        email: c.email,
        phone: c.phone,
        locale: c.locale,
        timezone: c.timezone,
        birthdayYear: numOrNull(c.birthday_year),
        birthdayMonth: numOrNull(c.birthday_month),
        birthdayDay: numOrNull(c.birthday_day),
        tags: String(c.tags ?? '')
          .split(',')
          .filter(Boolean),
      },
    });
  }
  return out;
}

/**
 * The contact budget: per customer, the occasions (occasion keys) of non-transactional touches
 * made since `since`. Several touches for one occasion (a birthday card task and the birthday
 * email) are one contact. The status test is wrapped in COALESCE so the planner walks the
 * (customer_id, created_at) index, not every queued touch.
 */
export async function budgetOccasions(
  db: EntityManager,
  ids: number[],
  since: Date,
): Promise<Map<number, Set<string>>> {
  const out = new Map<number, Set<string>>();
  if (!ids.length) return out;
  const found = await rows<{ customer_id: number; occasion_key: string }>(
    db,
    `SELECT DISTINCT t.customer_id, t.occasion_key FROM touches t JOIN rules r ON r.id = t.rule_id
     WHERE t.customer_id IN (${inList(ids)}) AND t.created_at > ? AND COALESCE(t.status, '') IN (${CONTACT_STATUSES_SQL}) AND r.transactional = FALSE`,
    [...ids, since.getTime()],
  );
  for (const r of found) {
    const id = Number(r.customer_id);
    const keys = out.get(id);
    if (keys) keys.add(r.occasion_key);
    else out.set(id, new Set([r.occasion_key]));
  }
  return out;
}
