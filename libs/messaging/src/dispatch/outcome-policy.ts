import type { SendOutcome } from '@touchbase/core';
import type { OutboxMessage } from '@touchbase/store';
import { backoffMs } from './backoff';
import type { Outcome } from './outbox-store';

export interface OutcomePolicy {
  maxAttempts: number;
  /** Wait after an unknown outcome before looking (SMS) or resending once (email). */
  unknownDelayMs: number;
}

/**
 * What the outbox does with a provider's answer (see docs/delivery-guarantees.md):
 * - temporary: retried with backoff, up to maxAttempts, then failed — or held when an earlier
 *   attempt's outcome is still unknown (it may have arrived);
 * - permanent: failed at once, with what it says about the recipient;
 * - unknown: never resent blindly. SMS: queued again after `unknownDelayMs`; the next attempt
 *   first looks at Twilio's message list. Email: resent once after `unknownDelayMs` with the
 *   same Message-ID; a second unknown outcome holds the message for the owner's review.
 * An account problem (credentials) is handled by the dispatcher: the channel pauses.
 */
export function decide(
  m: OutboxMessage,
  out: Exclude<SendOutcome, { kind: 'sent' } | { kind: 'permanent'; scope: 'account' }>,
  now: Date,
  policy: OutcomePolicy,
): Outcome {
  if (out.kind === 'permanent')
    return { kind: 'failed', msg: m, error: out.reason, customerEffect: out.recipientProblem };
  if (out.kind === 'unknown') {
    const unknownCount = m.unknownCount + 1;
    const limit = m.channel === 'email' ? 2 : Infinity;
    if (unknownCount >= limit || m.attempts >= policy.maxAttempts)
      return { kind: 'held', msg: m, error: heldReason(unknownCount, out.reason) };
    return {
      kind: 'unknown',
      msg: m,
      error: `outcome unknown: ${out.reason}`,
      at: new Date(now.getTime() + policy.unknownDelayMs),
    };
  }
  if (m.attempts >= policy.maxAttempts) {
    const gaveUp = `gave up after ${m.attempts} attempts: ${out.reason}`;
    if (m.unknownSince)
      return { kind: 'held', msg: m, error: `${gaveUp}; an earlier attempt may have arrived` };
    return { kind: 'failed', msg: m, error: gaveUp };
  }
  return { kind: 'retry', msg: m, error: out.reason, at: new Date(now.getTime() + backoffMs(m.attempts)) };
}

/** An email whose earlier attempt's outcome is unknown and which may not be resent again. */
export function mustHold(m: OutboxMessage): boolean {
  return m.channel === 'email' && m.unknownCount >= 2;
}

export function heldReason(unknownCount: number, reason: string): string {
  return (
    `outcome unknown ${unknownCount} time(s), last: ${reason}; it may have arrived. ` +
    `Held for review: retry it to send again (same Message-ID) or leave it.`
  ).slice(0, 1000);
}
