import { isPersonalKind, MessageScope } from '@touchbase/core';
import type { Customer, OutboxMessage } from '@touchbase/store';

/** A customer as the pre-send check sees them. */
export type ConsentView = Pick<
  Customer,
  'id' | 'email' | 'emailBouncedAt' | 'emailConsent' | 'smsConsent' | 'phoneProblem' | 'erasedAt' | 'timezone'
> & { emailScope: MessageScope; smsScope: MessageScope };

/** The customer's scope on the message's channel (docs/delivery.md#the-preference-centre). */
export function scopeFor(m: Pick<OutboxMessage, 'channel'>, c: ConsentView | null): MessageScope {
  if (!c) return 'all';
  return m.channel === 'email' ? c.emailScope : c.smsScope;
}

/**
 * Why a message to a customer may not go out now, or null when it may: the second consent check
 * just before sending (docs/architecture.md#invariants). Consent withdrawn ("nothing" in the
 * preference centre), erasure, a bounced address or a phone problem since queueing cancel it,
 * and so does a scope narrowed to "only birthday and personal" when the message's rule kind is
 * not personal. `ruleKind` is the kind of the touch's rule (null without a touch); a staff reply
 * to the customer's own SMS is personal.
 */
export function sendProblem(
  m: Pick<OutboxMessage, 'channel' | 'recipient' | 'purpose'>,
  c: ConsentView | null,
  ruleKind: string | null,
): string | null {
  if (!c || c.erasedAt) return 'customer erased';
  if (m.channel === 'email') {
    if (c.emailBouncedAt && c.email === m.recipient.toLowerCase()) return 'email address bounced';
    if (!c.emailConsent) return 'no email consent (withdrawn after queueing)';
  } else {
    if (!c.smsConsent) return 'no SMS consent (withdrawn after queueing)';
    if (c.phoneProblem) return `phone number problem: ${c.phoneProblem}`;
  }
  const personal = m.purpose === 'reply' || (ruleKind != null && isPersonalKind(ruleKind));
  if (scopeFor(m, c) === 'personal' && !personal)
    return `customer wants only personal messages by ${m.channel === 'email' ? 'email' : 'SMS'} (changed after queueing)`;
  return null;
}
