import { EntityManager } from 'typeorm';
import {
  ConsentChange,
  Customer,
  recordConsentChanges,
  recordScopeChanges,
  ScopeChange,
} from '@touchbase/store';
import { CustomerPatch } from './normalize/customer';
import { isSuppressed } from './suppression';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface CustomerWriteResult {
  customer: Customer;
  outcome: WriteOutcome;
  warnings: string[];
}

/** A planned write: the customer as it will be, and only the columns that change. */
export interface CustomerPlan extends CustomerWriteResult {
  changes: Partial<Customer>;
}

const PLAIN_FIELDS = [
  'externalId',
  'firstName',
  'lastName',
  'email',
  'phone',
  'street',
  'postcode',
  'city',
  'country',
  'birthdayYear',
  'birthdayMonth',
  'birthdayDay',
  'birthdayMd',
  'timezone',
  'locale',
  'preferredChannels',
  'notes',
] as const;

export const SUPPRESSED_WARNING =
  'this email/phone belongs to an erased or opted-out customer: consent kept off';

function sameTags(a: string[], b: string[]): boolean {
  if (!a.length) return !b.length; // a new customer's tags: nothing to sort
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/**
 * A new customer's defaults (the columns' defaults in the schema), built as one object literal
 * with every property and then given the entity's prototype: `new Customer()` plus 31 stores grew
 * its out-of-object property store a few slots at a time (≈ 1 KB of garbage per customer, an
 * import's GC time), and `Object.assign` of this many keys leaves V8 a slow dictionary-mode object.
 */
export function blankCustomer(): Customer {
  const c = {
    externalId: null,
    firstName: '',
    lastName: '',
    email: null,
    phone: null,
    phoneProblem: null,
    street: null,
    postcode: null,
    city: null,
    country: null,
    birthdayYear: null,
    birthdayMonth: null,
    birthdayDay: null,
    birthdayMd: null,
    timezone: null,
    locale: null,
    preferredChannels: 'email,sms',
    emailConsent: false,
    emailConsentAt: null,
    emailConsentSource: null,
    smsConsent: false,
    smsConsentAt: null,
    smsConsentSource: null,
    emailScope: 'all',
    smsScope: 'all',
    tags: [] as string[],
    notes: '',
    accountOwnerId: null,
    tierId: null,
    tierManual: false,
    erasedAt: null,
    // set by planCustomer (named here so that adding them later does not grow the object)
    updatedAt: undefined as unknown as Date,
    createdAt: undefined as unknown as Date,
  };
  return Object.setPrototypeOf(c, Customer.prototype) as Customer;
}

/** A copy of a customer (own properties, as Object.assign copies them) that stays a fast object. */
function copyOf(existing: Customer): Customer {
  return Object.setPrototypeOf({ ...existing }, Customer.prototype) as Customer;
}

/**
 * Pure: what applying a normalized patch to an existing customer (or a new one) does.
 * Consent records when (the Clock's `now`) and how (`source`) it changed; a patch that changes
 * nothing plans nothing (so re-importing a file is a no-op). `suppressed(email, phone)` says
 * whether the person was erased or opted out: their consent can never be turned back on here,
 * it is kept off with a warning.
 */
export function planCustomer(
  existing: Customer | null,
  patch: CustomerPatch,
  opts: { source: string; now: Date; suppressed: (email: string | null, phone: string | null) => boolean },
): CustomerPlan {
  const warnings: string[] = [];
  const c: Customer = existing ? copyOf(existing) : blankCustomer();
  const changes: Partial<Customer> = {};
  const set = <K extends keyof Customer>(k: K, v: Customer[K]) => {
    c[k] = v;
    changes[k] = v;
  };

  for (const f of PLAIN_FIELDS) {
    const v = patch[f];
    if (v !== undefined && c[f] !== v) set(f, v as never);
  }
  if (patch.tags !== undefined && !sameTags(c.tags ?? [], patch.tags)) set('tags', patch.tags);
  // a bounce belongs to the address that bounced (see docs/delivery-guarantees.md#bounces)
  if ('email' in changes && c.emailBouncedAt) {
    set('emailBouncedAt', null);
    set('emailBounceReason', null);
  }

  let emailConsent = patch.emailConsent;
  let smsConsent = patch.smsConsent;
  const turningOn = (emailConsent === true && !c.emailConsent) || (smsConsent === true && !c.smsConsent);
  if (turningOn && opts.suppressed(c.email, c.phone)) {
    warnings.push(SUPPRESSED_WARNING);
    emailConsent = false;
    smsConsent = false;
  }
  if (emailConsent !== undefined && (emailConsent !== c.emailConsent || !existing)) {
    set('emailConsent', emailConsent);
    set('emailConsentAt', opts.now);
    set('emailConsentSource', opts.source);
  }
  if (smsConsent !== undefined && (smsConsent !== c.smsConsent || !existing)) {
    set('smsConsent', smsConsent);
    set('smsConsentAt', opts.now);
    set('smsConsentSource', opts.source);
  }

  for (const f of ['emailScope', 'smsScope'] as const) {
    const v = patch[f];
    if (v !== undefined && (c[f] ?? 'all') !== v) set(f, v);
  }

  if (existing && !Object.keys(changes).length)
    return { customer: existing, outcome: 'unchanged', warnings, changes };
  // named stores: added by a computed key, a property past the blank's would turn `c` into a
  // slow dictionary-mode object
  c.updatedAt = changes.updatedAt = opts.now;
  if (!existing) c.createdAt = changes.createdAt = opts.now;
  return { customer: c, outcome: existing ? 'updated' : 'created', warnings, changes };
}

/** The consent changes a plan makes, for the audit trail (a new customer's consent counts when given). */
export function consentChangesOf(
  plan: CustomerPlan,
  source: string,
  userId: number | null,
  now: Date,
): Omit<ConsentChange, 'customerId'>[] {
  const out: Omit<ConsentChange, 'customerId'>[] = [];
  for (const channel of ['email', 'sms'] as const) {
    const consent = plan.changes[channel === 'email' ? 'emailConsent' : 'smsConsent'];
    if (consent === undefined || (plan.outcome === 'created' && !consent)) continue;
    out.push({ channel, consent, source, userId, at: now });
  }
  return out;
}

/** The scope changes a plan makes, for the audit trail (a new customer's default `all` is not a change). */
export function scopeChangesOf(
  plan: CustomerPlan,
  source: string,
  userId: number | null,
  now: Date,
): Omit<ScopeChange, 'customerId'>[] {
  const out: Omit<ScopeChange, 'customerId'>[] = [];
  for (const channel of ['email', 'sms'] as const) {
    const scope = plan.changes[channel === 'email' ? 'emailScope' : 'smsScope'];
    if (scope === undefined || (plan.outcome === 'created' && scope === 'all')) continue;
    out.push({ channel, scope: scope === 'personal' ? 'personal' : 'all', source, userId, at: now });
  }
  return out;
}

/**
 * Plans and writes one customer in the caller's transaction (the API's, the web form's and the
 * shops' path); consent and scope changes go to the audit trail with `userId` (who) and
 * `source` (how). A scope narrowed to personal needs no cancelling here: the dispatcher re-checks
 * it before sending (docs/delivery.md#the-preference-centre).
 */
export async function writeCustomer(
  manager: EntityManager,
  existing: Customer | null,
  patch: CustomerPatch,
  opts: { source: string; now: Date; secret: string; userId?: number | null },
): Promise<CustomerWriteResult> {
  const email = patch.email !== undefined ? patch.email : (existing?.email ?? null);
  const phone = patch.phone !== undefined ? patch.phone : (existing?.phone ?? null);
  const suppressed = await isSuppressed(manager, opts.secret, { email, phone });
  const plan = planCustomer(existing, patch, { ...opts, suppressed: () => suppressed });
  if (plan.outcome === 'unchanged') return plan;
  const repo = manager.getRepository(Customer);
  const consent = consentChangesOf(plan, opts.source, opts.userId ?? null, opts.now);
  const scopes = scopeChangesOf(plan, opts.source, opts.userId ?? null, opts.now);
  let customerId: number;
  if (plan.outcome === 'created') {
    const saved = await repo.save(plan.customer);
    plan.customer = saved;
    customerId = saved.id;
  } else {
    await repo.update({ id: existing!.id }, plan.changes);
    customerId = existing!.id;
  }
  await recordConsentChanges(
    manager,
    consent.map((c) => ({ ...c, customerId })),
  );
  await recordScopeChanges(
    manager,
    scopes.map((c) => ({ ...c, customerId })),
  );
  return plan;
}
