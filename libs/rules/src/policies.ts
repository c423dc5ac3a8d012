import { DateTime } from 'luxon';
import { ActionChannel, isHeldOut, nextAllowedInstant } from '@touchbase/core';
import type { TouchStatus } from '@touchbase/core';
import type { ConsentFallback } from './kinds/param-spec';

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
  budgetMax: number;
  budgetDays: number;
}

export interface TouchDecision {
  status: TouchStatus;
  channel: ActionChannel | null;
  reason: string;
  /** For email/SMS: the first instant quiet hours allow (the outbox row's nextAttemptAt). */
  sendAt: Date | null;
}

/** Why a channel cannot be used for this customer, or null when it can. */
export function channelProblem(channel: 'email' | 'sms', c: PolicyCustomer): string | null {
  if (channel === 'email') {
    if (!c.email) return 'no email address';
    if (c.emailBounced) return 'email address bounced';
    if (!c.emailConsent) return 'no email consent';
    return null;
  }
  if (!c.phone) return 'no phone number';
  if (c.phoneProblem) return `phone cannot receive SMS (${c.phoneProblem})`;
  if (!c.smsConsent) return 'no SMS consent';
  return null;
}

/**
 * Channel consent: the rule's channel if the customer agreed to it, else the next usable one in
 * the customer's preferred order, else a task or nothing (per the rule's `fallback`).
 */
export function resolveChannel(
  wanted: ActionChannel,
  c: PolicyCustomer,
  fallback: ConsentFallback,
): { channel: ActionChannel | null; reason: string } {
  if (wanted === 'task') return { channel: 'task', reason: '' };
  const problem = channelProblem(wanted, c);
  if (!problem) return { channel: wanted, reason: '' };
  const order = c.preferredChannels
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is 'email' | 'sms' => (s === 'email' || s === 'sms') && s !== wanted);
  for (const alt of order)
    if (!channelProblem(alt, c))
      return { channel: alt, reason: `${problem}; fell back to ${alt === 'sms' ? 'SMS' : alt}` };
  if (fallback === 'task')
    return { channel: 'task', reason: `${problem} and no other channel; made a task instead` };
  return { channel: null, reason: `${problem} and no other usable channel` };
}

export interface DecideInput {
  rule: PolicyRule;
  customer: PolicyCustomer;
  occasionKey: string;
  dueAt: Date;
  now: Date;
  wantedChannel: ActionChannel;
  fallback: ConsentFallback;
  /** Non-transactional touches the customer already had within the budget window. */
  touchesInBudgetWindow: number;
  policy: PolicySettings;
}

/**
 * The policies for one occasion, in order: grace period (missed), holdout, consent (with
 * fallback), contact budget (deferred), quiet hours (waits). Pure; the ledger writes the result.
 */
export function decideTouch(i: DecideInput): TouchDecision {
  const graceMs = i.rule.gracePeriodMinutes * 60_000;
  if (i.now.getTime() - i.dueAt.getTime() > graceMs) {
    return {
      status: 'missed',
      channel: null,
      reason: `due ${i.dueAt.toISOString()}, older than the grace period of ${i.rule.gracePeriodMinutes} minutes; not sent late`,
      sendAt: null,
    };
  }
  if (isHeldOut(i.rule.id, i.customer.id, i.occasionKey, i.rule.holdoutPercent)) {
    return {
      status: 'holdout',
      channel: null,
      reason: `kept back in the ${i.rule.holdoutPercent}% holdout group`,
      sendAt: null,
    };
  }
  const { channel, reason } = resolveChannel(i.wantedChannel, i.customer, i.fallback);
  if (!channel) return { status: 'skipped', channel: null, reason, sendAt: null };
  const reasons = reason ? [reason] : [];
  if (!i.rule.transactional && i.touchesInBudgetWindow >= i.policy.budgetMax) {
    reasons.push(
      `contact budget: already ${i.touchesInBudgetWindow} touch${i.touchesInBudgetWindow === 1 ? '' : 'es'} in the last ${i.policy.budgetDays} days`,
    );
    return { status: 'deferred', channel, reason: reasons.join('; '), sendAt: null };
  }
  if (channel === 'task') return { status: 'task', channel, reason: reasons.join('; '), sendAt: null };
  const base = new Date(Math.max(i.dueAt.getTime(), i.now.getTime()));
  const sendAt = nextAllowedInstant(base, i.customer.zone, i.policy.quietHoursStart, i.policy.quietHoursEnd);
  if (sendAt.getTime() !== base.getTime()) {
    const local = DateTime.fromJSDate(sendAt, { zone: i.customer.zone }).toFormat('yyyy-LL-dd HH:mm');
    reasons.push(`quiet hours: waits until ${local} local (${i.customer.zone})`);
  }
  return { status: 'queued', channel, reason: reasons.join('; '), sendAt };
}
