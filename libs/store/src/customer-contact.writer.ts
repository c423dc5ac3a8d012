import { EntityManager, In } from 'typeorm';
import { Customer } from './entities/customer.entity';

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
