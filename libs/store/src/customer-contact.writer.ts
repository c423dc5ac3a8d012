import { EntityManager, In } from 'typeorm';
import type { MessageScope } from '@touchbase/core';
import { ContactEvent } from './entities/contact-event.entity';
import { Customer } from './entities/customer.entity';

/**
 * Contact-history kinds that are not a conversation with the customer: a failed attempt, a
 * consent change, a preference (scope) change, an automatic answer (out of office). "No contact
 * for D days" and the customer list's last contact ignore them.
 */
export const NON_CONTACT_KINDS = ['attempt', 'opt_in', 'opt_out', 'preference', 'auto_reply'] as const;

/** One consent change for the audit trail (docs/web-ui.md#consent): who, when, how. */
export interface ConsentChange {
  customerId: number;
  channel: 'email' | 'sms';
  consent: boolean;
  /** How: web-form, api, import, unsubscribe-link, sms-stop, shopify, woocommerce, … */
  source: string;
  /** The signed-in user who changed it; null when the customer or a system did. */
  userId: number | null;
  at: Date;
}

/**
 * Records consent changes in the contact history as `opt_in` / `opt_out` events (the same rows
 * the unsubscribe link and STOP write), in the caller's transaction.
 */
export async function recordConsentChanges(
  em: EntityManager,
  changes: readonly ConsentChange[],
): Promise<void> {
  if (!changes.length) return;
  await em.insert(
    ContactEvent,
    changes.map((c) => ({
      customerId: c.customerId,
      occurredAt: c.at,
      direction: 'in' as const,
      kind: c.consent ? 'opt_in' : 'opt_out',
      summary: `${c.channel === 'email' ? 'Email' : 'SMS'}: ${c.consent ? 'consent given' : 'consent withdrawn'} (${c.source})`,
      userId: c.userId,
    })),
  );
}

/** One change of a channel's scope (docs/delivery.md#the-preference-centre) for the audit trail. */
export interface ScopeChange {
  customerId: number;
  channel: 'email' | 'sms';
  scope: MessageScope;
  /** How: web-form, api, preference-centre, … */
  source: string;
  /** The signed-in user who changed it; null when the customer or a system did. */
  userId: number | null;
  at: Date;
}

const SCOPE_WORDS: Record<MessageScope | 'none', string> = {
  all: 'everything',
  personal: 'only birthday and personal messages',
  none: 'nothing',
};

/** The contact event's summary of a preference change, e.g. "Email: only birthday and personal messages (web-form)". */
export function preferenceSummary(
  channel: 'email' | 'sms',
  choice: MessageScope | 'none',
  source: string,
): string {
  return `${channel === 'email' ? 'Email' : 'SMS'}: ${SCOPE_WORDS[choice]} (${source})`;
}

/** Records scope changes as `preference` contact events (as the preference centre does), in the caller's transaction. */
export async function recordScopeChanges(em: EntityManager, changes: readonly ScopeChange[]): Promise<void> {
  if (!changes.length) return;
  await em.insert(
    ContactEvent,
    changes.map((c) => ({
      customerId: c.customerId,
      occurredAt: c.at,
      direction: 'in' as const,
      kind: 'preference',
      summary: preferenceSummary(c.channel, c.scope, c.source),
      userId: c.userId,
    })),
  );
}

/**
 * What other areas may write on a customer (a row ingest owns, see
 * docs/architecture.md#owners): consent the customer changed through a message (unsubscribe
 * link, STOP/START, the carrier's opt-out), a bounced address and an unusable phone number.
 * Each runs inside the caller's transaction; the caller records the contact event.
 */

/** Sets a channel's consent, when and how, for these customers. */
export async function writeConsent(
  em: EntityManager,
  customerIds: readonly number[],
  channel: 'email' | 'sms',
  consent: boolean,
  source: string,
  now: Date,
): Promise<void> {
  if (!customerIds.length) return;
  const set =
    channel === 'email'
      ? { emailConsent: consent, emailConsentAt: now, emailConsentSource: source }
      : { smsConsent: consent, smsConsentAt: now, smsConsentSource: source };
  await em.update(Customer, { id: In([...customerIds]) }, { ...set, updatedAt: now });
}

/** Withdraws SMS consent if it is on; true when it was (so the caller records the opt-out once). */
export async function withdrawSmsConsent(
  em: EntityManager,
  customerId: number,
  source: string,
  now: Date,
): Promise<boolean> {
  const r = await em.update(
    Customer,
    { id: customerId, smsConsent: true },
    { smsConsent: false, smsConsentAt: now, smsConsentSource: source, updatedAt: now },
  );
  return (r.affected ?? 0) > 0;
}

/** Marks the customer's phone number as unusable (Twilio says it is not a valid mobile number). */
export async function markPhoneProblem(
  em: EntityManager,
  customerId: number,
  problem: string,
  now: Date,
): Promise<void> {
  await em.update(Customer, { id: customerId }, { phoneProblem: problem.slice(0, 200), updatedAt: now });
}

/** Marks `address` as bounced, only while it is still the customer's address. */
export async function markEmailBounced(
  em: EntityManager,
  customerId: number,
  address: string,
  reason: string,
  now: Date,
): Promise<void> {
  await em.update(
    Customer,
    { id: customerId, email: address.toLowerCase() },
    { emailBouncedAt: now, emailBounceReason: reason.slice(0, 300), updatedAt: now },
  );
}
