/** Vocabulary shared across the engine, in the business's words. */
export const CHANNELS = ['email', 'sms'] as const;
export type Channel = (typeof CHANNELS)[number];

export const ACTION_CHANNELS = ['email', 'sms', 'task'] as const;
export type ActionChannel = (typeof ACTION_CHANNELS)[number];

export const LOCALES = ['en', 'de', 'pl'] as const;
export type Locale = (typeof LOCALES)[number];

/** The supported language (en/de/pl) of a locale such as `de-AT` or `PL`; English for any other. */
export function supportedLocale(locale: unknown): Locale {
  const base = String(locale ?? '')
    .slice(0, 2)
    .toLowerCase();
  return (LOCALES as readonly string[]).includes(base) ? (base as Locale) : 'en';
}

export const RULE_KINDS = [
  'birthday',
  'big_purchase_thanks',
  'top_customer_checkin',
  'back_in_stock',
  'satisfaction_survey',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/**
 * The touch ledger's statuses, `holdout` included (see docs/rules-and-scheduler.md). A touch
 * that made a message follows it to the end: queued → sent → delivered | failed, or cancelled,
 * or held (see MESSAGE_TO_TOUCH_STATUS and docs/delivery-guarantees.md#the-touch-follows-its-message).
 */
export const TOUCH_STATUSES = [
  'scheduled',
  'queued',
  'sent',
  'delivered',
  'failed',
  'cancelled',
  'held',
  'task',
  'skipped',
  'deferred',
  'missed',
  'holdout',
  // an owner-fixable problem (missing or broken template, paused channel) holds the occasion
  'blocked',
] as const;
export type TouchStatus = (typeof TOUCH_STATUSES)[number];

/**
 * Touches that reached (or may have reached, or will reach) the customer: they count for the
 * contact budget and as the last contact. A failed or cancelled message touched nobody.
 */
export const CONTACT_TOUCH_STATUSES = ['queued', 'sent', 'delivered', 'held', 'task'] as const;

export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'undelivered',
  'failed',
  'cancelled',
  'held',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** The status a touch takes from its message's status (the touch follows its message). */
export const MESSAGE_TO_TOUCH_STATUS: Record<MessageStatus, TouchStatus> = {
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  undelivered: 'failed',
  failed: 'failed',
  cancelled: 'cancelled',
  held: 'held',
};

export const TASK_KINDS = ['call', 'card', 'set_aside', 'service_recovery', 'reply', 'other'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const TASK_STATUSES = ['open', 'done', 'snoozed', 'skipped'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const USER_ROLES = ['owner', 'staff'] as const;
export type UserRole = (typeof USER_ROLES)[number];
