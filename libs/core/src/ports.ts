/**
 * Ports: what the domain needs from the outside world, as abstract classes so Nest can inject
 * them and tests can swap in a sink or a stub. Adapters live in libs/messaging.
 */
import { NotFound } from './errors';

export interface OutgoingEmail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Our outbox message id, for idempotency and tracing. */
  messageId?: string | number;
  /** The sender the owner set (settings page); absent → the channel's own (SMTP_FROM). */
  from?: { name: string; address: string };
  /** Where replies go (settings page); absent → no Reply-To header. */
  replyTo?: string;
}

export interface OutgoingSms {
  to: string;
  body: string;
  statusCallbackUrl?: string;
  messageId?: string | number;
}

/**
 * What a provider's adapter says about one send (see docs/delivery-guarantees.md):
 * - `sent`: accepted; `providerId` is the SMTP Message-ID, Twilio MessageSid or outbox file name.
 * - `temporary`: nothing was accepted (refused before the message was handed over, 4xx, 429);
 *   safe to send again later.
 * - `permanent`: will not succeed as is. `scope` says what is wrong: the `recipient` (an
 *   unknown mailbox, an invalid or unsubscribed number: `recipientProblem` names it), the
 *   `message`, or the `account` (credentials: the channel is paused).
 * - `unknown`: the request may have been accepted (a reset or timeout after it was written, a
 *   drop after DATA). Never resent blindly.
 */
export type SendOutcome =
  | { kind: 'sent'; providerId: string }
  | { kind: 'temporary'; reason: string; code?: string | number }
  | {
      kind: 'permanent';
      scope: 'recipient' | 'message' | 'account';
      reason: string;
      code?: string | number;
      recipientProblem?: RecipientProblem;
    }
  | { kind: 'unknown'; reason: string; code?: string | number };

/** What a permanent recipient failure says about the customer's address or number. */
export type RecipientProblem = 'email_bounced' | 'sms_opted_out' | 'phone_invalid';

/** A message to look for at the provider after an unknown outcome. */
export interface SentSmsQuery {
  to: string;
  body: string;
  /** When the attempt in doubt began: only messages created since then count. */
  since: Date;
  messageId: string | number;
}

export abstract class EmailSender {
  /** Never throws for a send failure: every failure is classified into the outcome. */
  abstract send(email: OutgoingEmail): Promise<SendOutcome>;
  async close(): Promise<void> {}
}

export abstract class SmsSender {
  /** Never throws for a send failure: every failure is classified into the outcome. */
  abstract send(sms: OutgoingSms): Promise<SendOutcome>;
  /**
   * Looks at the provider for a message sent for `query` since the attempt in doubt began
   * (Twilio's Messages list); its provider id when found, null when there is none. Throws when
   * the provider cannot be asked (then nothing may be resent yet).
   */
  abstract findSent(query: SentSmsQuery): Promise<string | null>;
  async close(): Promise<void> {}
}

/**
 * A snapshot of what a message is about, passed from the rule engine to the composer.
 * Data only, so the domain stays free of the store.
 */
export interface TouchContext {
  customer: {
    id: number;
    firstName: string;
    lastName: string;
    email: string | null;
    phone: string | null;
    locale: string | null;
    timezone: string | null;
    birthdayYear: number | null;
    birthdayMonth: number | null;
    birthdayDay: number | null;
    tags: string[];
  };
  /** `name` is internal (staff only); customers see `publicLabel` in their locale. */
  rule?: { id: number; name: string; kind: string; publicLabel?: Partial<Record<string, string>> };
  order?: {
    id: number;
    externalId: string;
    placedAt: Date;
    totalMinor: number;
    currency: string;
    lines?: unknown[];
  };
  product?: { id: number; sku: string; name: string; url?: string | null };
  /** The touch the message belongs to, when there is one (for links such as a survey). */
  touchId?: number;
  /** Extra variables for a template, e.g. { surveyUrl }. */
  extra?: Record<string, string>;
}

export interface ComposedMessage {
  /** Email address or E.164 phone number. */
  recipient: string;
  /** The locale actually used (customer's → business default). */
  locale: string;
  subject: string;
  html: string;
  text: string;
}

/** No template for a key and channel in any locale: a NotFound the composer and the ledger tell apart. */
export class TemplateMissingError extends NotFound {
  constructor(
    readonly templateKey: string,
    readonly channel: string,
  ) {
    super(`No ${channel} template "${templateKey}" in any locale`);
    this.name = 'TemplateMissingError';
  }
}

/**
 * Renders a template for a touch. Implemented by libs/messaging (liquidjs); the rule engine
 * calls it while writing the touch and its outbox row in one transaction.
 */
export abstract class MessageComposer {
  abstract compose(
    templateKey: string,
    channel: 'email' | 'sms',
    ctx: TouchContext,
  ): Promise<ComposedMessage>;
}

/** What a task says to the person working it, in one language. */
export interface TaskTexts {
  title: string;
  reason: string;
  talkingPoints: string;
}

/**
 * Facts a task template may use besides the touch's customer, order and product (as
 * `task.spend`, `task.order_count`, `task.window_days`, `task.window_months`,
 * `task.days_since_contact`, `task.rating`, `task.about`, `task.comment`, `task.attempts`).
 */
export interface TaskFacts {
  spendMinor?: number;
  currency?: string;
  orderCount?: number;
  windowDays?: number;
  /** null: no contact on record. */
  daysSinceContact?: number | null;
  rating?: number;
  about?: string;
  comment?: string;
  attempts?: number;
}

/**
 * Renders a task template (channel `task`) in the languages it exists in, so each person reads
 * the task in their own UI language. Null when there is no task template for the key at all.
 */
export abstract class TaskComposer {
  /**
   * `locales`: only these of the template's languages (the rule engine passes the languages its
   * people read and the business's); when the template has none of them, its first language.
   * Left out: every language the template exists in.
   */
  abstract compose(
    templateKey: string,
    ctx: TouchContext,
    facts?: TaskFacts,
    locales?: readonly string[],
  ): Promise<Partial<Record<string, TaskTexts>> | null>;
}

/** One stored template: a key, a channel (email, sms, or task for a task's texts) and a locale. */
export interface TemplateId {
  key: string;
  channel: 'email' | 'sms' | 'task';
  locale: string;
}

/**
 * The templates that exist, and removing or renaming them. Implemented by libs/messaging;
 * the rule engine checks rules' references against it (docs/rules-and-scheduler.md#template-references)
 * and refuses to remove a template a rule still uses.
 */
export abstract class TemplateCatalog {
  /** Every stored template's id (the shipped defaults included, once they are seeded). */
  abstract ids(): Promise<TemplateId[]>;
  /** Deletes one template, or all of a key (`channel`/`locale` left out); returns how many. */
  abstract remove(key: string, channel?: string, locale?: string): Promise<number>;
  /** Gives every template of `from` the key `to`; returns how many. */
  abstract rename(from: string, to: string): Promise<number>;
}

/**
 * Chooses who works a task made by a rule: the customer's account owner, else round-robin
 * among active staff (libs/staff). Returns null when nobody can take it.
 */
export abstract class TaskAssigner {
  abstract assigneeFor(customer: { id: number; accountOwnerId: number | null }): Promise<number | null>;

  /**
   * The assignees of many tasks, in order: the same as assigneeFor for each in turn (the rule
   * engine asks once per batch). This default asks one by one; libs/staff reads its people once
   * and takes the batch's turns in one statement.
   */
  async assigneesFor(
    customers: Array<{ id: number; accountOwnerId: number | null }>,
  ): Promise<Array<number | null>> {
    const out: Array<number | null> = [];
    for (const c of customers) out.push(await this.assigneeFor(c));
    return out;
  }

  /**
   * The languages the people who work tasks read them in (each active person's UI language),
   * asked once per batch: the rule engine renders a task's texts in these and the business's
   * language only. Null (this default): not known, every language the template exists in.
   */
  async readingLocales(): Promise<string[] | null> {
    return null;
  }
}

/**
 * What the engine reports for monitoring (Prometheus metrics, see docs/operations.md#metrics). The
 * default does nothing; the ops area provides one backed by prom-client.
 */
export abstract class Telemetry {
  abstract tickCompleted(durationMs: number, outcome: 'ok' | 'skipped' | 'failed'): void;
  abstract touchRecorded(ruleKind: string, status: string): void;
  abstract messageFinished(
    channel: string,
    status: 'sent' | 'failed' | 'retry' | 'cancelled',
    latencyMs?: number,
  ): void;
}

export class NoopTelemetry extends Telemetry {
  tickCompleted(): void {}
  touchRecorded(): void {}
  messageFinished(): void {}
}
