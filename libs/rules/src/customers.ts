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

/** The customers columns a touch needs. */
const COLUMNS = [
  'id',
  'first_name',
  'last_name',
  'email',
  'email_bounced_at',
  'phone',
  'phone_problem',
  'email_consent',
  'sms_consent',
  'email_scope',
  'sms_scope',
  'preferred_channels',
  'timezone',
  'locale',
  'tags',
  'birthday_year',
  'birthday_month',
  'birthday_day',
  'account_owner_id',
] as const;

/**
 * The select list of a touch's customer fields from the customers alias `c`, as `c_<column>`:
 * a kind's candidate query (which reads the customer row anyway) selects it and hands the
 * customer over with the occasion (`touchCustomer`), so the engine need not read it again.
 */
export const TOUCH_CUSTOMER_SQL = COLUMNS.map((col) => `c.${col} AS c_${col}`).join(', ');

/** A TouchCustomer from a row with TOUCH_CUSTOMER_SQL's columns. */
export function touchCustomer(c: Record<string, any>, businessZone: string): TouchCustomer {
  const id = Number(c.c_id);
  const name = `${c.c_first_name ?? ''} ${c.c_last_name ?? ''}`.trim() || `customer #${id}`;
  return {
    id,
    name,
    email: c.c_email,
    phone: c.c_phone,
    phoneProblem: c.c_phone_problem,
    emailBounced: c.c_email_bounced_at != null,
    emailConsent: bool(c.c_email_consent),
    smsConsent: bool(c.c_sms_consent),
    emailScope: messageScope(c.c_email_scope),
    smsScope: messageScope(c.c_sms_scope),
    preferredChannels: c.c_preferred_channels ?? 'email,sms',
    zone: effectiveZone(c.c_timezone, businessZone),
    accountOwnerId: numOrNull(c.c_account_owner_id),
    context: {
      id,
      firstName: c.c_first_name ?? '',
      lastName: c.c_last_name ?? '',
      email: c.c_email,
      phone: c.c_phone,
      locale: c.c_locale,
      timezone: c.c_timezone,
      birthdayYear: numOrNull(c.c_birthday_year),
      birthdayMonth: numOrNull(c.c_birthday_month),
      birthdayDay: numOrNull(c.c_birthday_day),
      tags: c.c_tags == null || c.c_tags === '' ? [] : String(c.c_tags).split(',').filter(Boolean),
    },
  };
}

/** The customers of these ids (not erased), for occasions whose kind did not hand them over. */
export async function loadCustomers(
  db: EntityManager,
  ids: number[],
  businessZone: string,
): Promise<Map<number, TouchCustomer>> {
  const out = new Map<number, TouchCustomer>();
  if (!ids.length) return out;
  const found = await rows<Record<string, any>>(
    db,
    `SELECT ${TOUCH_CUSTOMER_SQL} FROM customers c WHERE c.id IN (${inList(ids)}) AND c.erased_at IS NULL`,
    ids,
  );
  for (const c of found) out.set(Number(c.c_id), touchCustomer(c, businessZone));
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
