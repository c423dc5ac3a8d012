import { EntityManager } from 'typeorm';
import { Customer } from '@touchbase/store';
import { CustomerPatch } from './normalize/customer';
import { isSuppressed } from './suppression';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface CustomerWriteResult {
  customer: Customer;
  outcome: WriteOutcome;
  warnings: string[];
}

const PLAIN_FIELDS = [
  'externalId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthdayYear',
  'birthdayMonth',
  'birthdayDay',
  'birthdayMd',
  'timezone',
  'locale',
  'preferredChannels',
  'notes',
] as const;

function sameTags(a: string[], b: string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/**
 * Applies a normalized patch to an existing customer (or a new one) in the caller's transaction.
 * Consent records when (the Clock's `now`) and how (`source`) it changed; a patch that changes
 * nothing writes nothing (so re-importing a file is a no-op). A suppressed (erased or opted-out)
 * email or phone can never get consent back through here: it is forced off with a warning.
 */
export async function writeCustomer(
  manager: EntityManager,
  existing: Customer | null,
  patch: CustomerPatch,
  opts: { source: string; now: Date; secret: string },
): Promise<CustomerWriteResult> {
  const repo = manager.getRepository(Customer);
  const warnings: string[] = [];
  const c: Customer = existing ? repo.merge(repo.create(), existing) : repo.create({ tags: [], notes: '', firstName: '', lastName: '', preferredChannels: 'email,sms', emailConsent: false, smsConsent: false });
  let changed = !existing;

  for (const f of PLAIN_FIELDS) {
    const v = patch[f];
    if (v === undefined) continue;
    if ((c as any)[f] !== v) {
      (c as any)[f] = v;
      changed = true;
    }
  }
  if (patch.tags !== undefined && !sameTags(c.tags ?? [], patch.tags)) {
    c.tags = patch.tags;
    changed = true;
  }

  const wantsEmail = patch.emailConsent === true && !c.emailConsent;
  const wantsSms = patch.smsConsent === true && !c.smsConsent;
  let emailConsent = patch.emailConsent;
  let smsConsent = patch.smsConsent;
  if ((wantsEmail || wantsSms) && (await isSuppressed(manager, opts.secret, { email: c.email, phone: c.phone }))) {
    warnings.push('this email/phone belongs to an erased or opted-out customer: consent kept off');
    emailConsent = false;
    smsConsent = false;
  }
  if (emailConsent !== undefined && (emailConsent !== c.emailConsent || !existing)) {
    c.emailConsent = emailConsent;
    c.emailConsentAt = opts.now;
    c.emailConsentSource = opts.source;
    changed = true;
  }
  if (smsConsent !== undefined && (smsConsent !== c.smsConsent || !existing)) {
    c.smsConsent = smsConsent;
    c.smsConsentAt = opts.now;
    c.smsConsentSource = opts.source;
    changed = true;
  }

  if (!changed) return { customer: existing!, outcome: 'unchanged', warnings };
  c.updatedAt = opts.now;
  if (!existing) c.createdAt = opts.now;
  const saved = await repo.save(c);
  return { customer: saved, outcome: existing ? 'updated' : 'created', warnings };
}
