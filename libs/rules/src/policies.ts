import { ActionChannel, isHeldOut, MessageScope, SendingWeek } from '@touchbase/core';
import type { TouchStatus } from '@touchbase/core';
import type { ConsentFallback } from './kinds/param-spec';
import { englishReason, ReasonPart } from './reasons';
import { quietHoursFrom } from './quiet-hours';

/** What the policies need to know about a customer. */
export interface PolicyCustomer {
  id: number;
  email: string | null;
  phone: string | null;
  phoneProblem: string | null;
  /** The email address hard-bounced (see docs/delivery-guarantees.md#bounces). */
  emailBounced?: boolean;
  emailConsent: boolean;
  smsConsent: boolean;
  /** The preference centre's choice while consent is on (docs/delivery.md#the-preference-centre); default all. */
  emailScope?: MessageScope;
  smsScope?: MessageScope;
  preferredChannels: string;
  zone: string;
}

export interface PolicyRule {
  id: number;
  transactional: boolean;
  gracePeriodMinutes: number;
  holdoutPercent: number;
}

export interface PolicySettings {
  quietHoursStart: string;
  quietHoursEnd: string;
  /** Sending windows per channel and weekday (the settings page); wins over start/end. */
  quietHours?: Record<'email' | 'sms', SendingWeek>;
  budgetMax: number;
  budgetDays: number;
}

export interface TouchDecision {
  status: TouchStatus;
  channel: ActionChannel | null;
  /** The reasons in English, joined (what the ledger stores). */
  reason: string;
  /** The same reasons as data, for the reader's language (see reasons.ts). */
  reasons: ReasonPart[];
  /** For email/SMS: the first instant quiet hours allow (the outbox row's nextAttemptAt). */
  sendAt: Date | null;
}

/**
 * Why a channel cannot be used for this customer, or null when it can. `personal` says whether
 * the rule's kind is a personal one (PERSONAL_RULE_KINDS): a customer who chose "only birthday
 * and personal messages" on a channel gets nothing else there.
 */
export function channelProblemReason(
  channel: 'email' | 'sms',
  c: PolicyCustomer,
  personal = true,
): ReasonPart | null {
  if (channel === 'email') {
    if (!c.email) return { code: 'no_email' };
    if (c.emailBounced) return { code: 'email_bounced' };
    if (!c.emailConsent) return { code: 'no_email_consent' };
    if (!personal && c.emailScope === 'personal')
      return { code: 'only_personal', params: { channel: 'email' } };
    return null;
  }
  if (!c.phone) return { code: 'no_phone' };
  if (c.phoneProblem) return { code: 'phone_problem', params: { problem: c.phoneProblem } };
  if (!c.smsConsent) return { code: 'no_sms_consent' };
  if (!personal && c.smsScope === 'personal') return { code: 'only_personal', params: { channel: 'SMS' } };
  return null;
}

/** Why a channel cannot be used for this customer (English), or null when it can. */
export function channelProblem(channel: 'email' | 'sms', c: PolicyCustomer, personal = true): string | null {
  const r = channelProblemReason(channel, c, personal);
  return r ? englishReason([r]) : null;
}

/**
 * Channel consent: the rule's channel if the customer agreed to it, else the next usable one in
 * the customer's preferred order, else a task or nothing (per the rule's `fallback`).
 */
export function resolveChannel(
  wanted: ActionChannel,
  c: PolicyCustomer,
  fallback: ConsentFallback,
  personal = true,
): { channel: ActionChannel | null; reason: string; reasons: ReasonPart[] } {
  if (wanted === 'task') return resolved('task', []);
  const problem = channelProblemReason(wanted, c, personal);
  if (!problem) return resolved(wanted, []);
  const order = c.preferredChannels
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is 'email' | 'sms' => (s === 'email' || s === 'sms') && s !== wanted);
  for (const alt of order)
    if (!channelProblemReason(alt, c, personal))
      return resolved(alt, [problem, { code: 'fell_back', params: { channel: alt } }]);
  if (fallback === 'task') return resolved('task', [problem, { code: 'made_task' }]);
  return resolved(null, [problem, { code: 'no_channel' }]);
}

const resolved = (channel: ActionChannel | null, reasons: ReasonPart[]) => ({
  channel,
  reason: englishReason(reasons),
  reasons,
});

export interface DecideInput {
  rule: PolicyRule;
  customer: PolicyCustomer;
  occasionKey: string;
  dueAt: Date;
  now: Date;
  wantedChannel: ActionChannel;
  fallback: ConsentFallback;
  /** The rule's kind is a personal one (PERSONAL_RULE_KINDS); the preference centre's "only personal" lets only these through. */
  personal?: boolean;
  /** Other occasions the customer was already touched for within the budget window (non-transactional). */
  touchesInBudgetWindow: number;
  policy: PolicySettings;
}

/**
 * The policies for one occasion, in order: grace period (missed), holdout, consent (with
 * fallback), contact budget (deferred), quiet hours (waits). Pure; the ledger writes the result.
 * The send time starts from the occasion's due time, not the tick's: a tick that runs a little
 * late (or a preview stepping a day at a time) plans the same instant; the dispatcher sends what
 * is due at the real time and judges quiet hours again then.
 */
export function decideTouch(i: DecideInput): TouchDecision {
  const graceMs = i.rule.gracePeriodMinutes * 60_000;
  if (i.now.getTime() - i.dueAt.getTime() > graceMs)
    return done('missed', null, [
      { code: 'missed', params: { due: i.dueAt.toISOString(), grace: i.rule.gracePeriodMinutes } },
    ]);
  if (isHeldOut(i.rule.id, i.customer.id, i.occasionKey, i.rule.holdoutPercent))
    return done('holdout', null, [{ code: 'holdout', params: { percent: i.rule.holdoutPercent } }]);
  const chosen = resolveChannel(i.wantedChannel, i.customer, i.fallback, i.personal ?? true);
  const channel = chosen.channel;
  const reasons = [...chosen.reasons];
  if (!channel) return done('skipped', null, reasons);
  if (!i.rule.transactional && i.touchesInBudgetWindow >= i.policy.budgetMax) {
    reasons.push({
      code: 'budget',
      params: { count: i.touchesInBudgetWindow, days: i.policy.budgetDays },
    });
    return done('deferred', channel, reasons);
  }
  if (channel === 'task') return done('task', channel, reasons);
  const week = i.policy.quietHours?.[channel];
  const allowed = quietHoursFrom(
    i.dueAt,
    i.customer.zone,
    week ? { week } : { start: i.policy.quietHoursStart, end: i.policy.quietHoursEnd },
  );
  if (allowed.local !== null)
    reasons.push({ code: 'quiet_hours', params: { local: allowed.local, zone: i.customer.zone } });
  return done('queued', channel, reasons, new Date(allowed.at.getTime()));
}

function done(
  status: TouchStatus,
  channel: ActionChannel | null,
  reasons: ReasonPart[],
  sendAt: Date | null = null,
): TouchDecision {
  return { status, channel, reason: englishReason(reasons), reasons, sendAt };
}
