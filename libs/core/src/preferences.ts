/**
 * The customer's preference centre (docs/delivery.md#the-preference-centre): per channel,
 * everything, only personal messages, or nothing. "Nothing" is consent withdrawn; the other two
 * are consent on with a scope.
 */
export const CHANNEL_PREFERENCES = ['all', 'personal', 'none'] as const;
export type ChannelPreference = (typeof CHANNEL_PREFERENCES)[number];

/** What is stored beside consent (customers.email_scope, customers.sms_scope). */
export type MessageScope = Exclude<ChannelPreference, 'none'>;
export const MESSAGE_SCOPES: readonly MessageScope[] = ['all', 'personal'];

/**
 * The rule kinds whose messages are personal: a birthday greeting, a personal thank-you after a
 * large order, a check-in from someone who knows the customer. Everything else (back in stock,
 * a satisfaction survey, kinds added later) is not, until it is listed here.
 */
export const PERSONAL_RULE_KINDS: readonly string[] = [
  'birthday',
  'big_purchase_thanks',
  'top_customer_checkin',
];

export function isPersonalKind(kind: string): boolean {
  return PERSONAL_RULE_KINDS.includes(kind);
}

/** A stored scope as one of the two; anything unknown reads as `all` (the column's default). */
export function messageScope(v: unknown): MessageScope {
  return v === 'personal' ? 'personal' : 'all';
}

/** The preference a customer sees: `none` without consent, else the stored scope. */
export function channelPreference(consent: boolean, scope: unknown): ChannelPreference {
  return consent ? messageScope(scope) : 'none';
}
