import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** Small key/value state: how far the scheduler has evaluated, last tick, paused channels. */
@Entity('engine_state')
export class EngineState {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @InstantColumn()
  updatedAt: Date;
}

/** GDPR erase keeps only a hash of the email/phone so a later import does not re-subscribe them. */
@Entity('suppressions')
export class Suppression {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 20 })
  reason: string;

  @InstantColumn()
  createdAt: Date;
}

/** Message templates, one per (key, channel, locale); owner-edited, validated when saved. */
@Entity('templates')
@Index('uq_templates_key_channel_locale', ['key', 'channel', 'locale'], { unique: true })
export class MessageTemplate {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 10 })
  channel: string;

  @Column({ type: 'varchar', length: 10 })
  locale: string;

  @Column({ type: 'text', default: '' })
  subject: string;

  @Column({ type: 'text', default: '' })
  html: string;

  @Column({ type: 'text', default: '' })
  text: string;

  @InstantColumn()
  updatedAt: Date;
}

/**
 * Inbound webhooks already processed (receipts), so a provider's retry or a replay is handled once:
 * Twilio MessageSid, Shopify X-Shopify-Webhook-Id, WooCommerce delivery id, inventory event id.
 */
@Entity('webhook_events')
@Index('ix_webhook_events_received', ['provider', 'receivedAt'])
export class WebhookEvent {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  provider: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  eventId: string;

  @InstantColumn()
  receivedAt: Date;
}

/**
 * A customer's answer to "How did we do?" (see
 * docs/insights.md#satisfaction-surveys-rule-kind-satisfaction_survey); one per survey touch.
 */
@Entity('survey_responses')
export class SurveyResponse {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_survey_responses_touch', { unique: true })
  @Column({ type: 'integer' })
  touchId: number;

  @Column({ type: 'integer' })
  customerId: number;

  @Column({ type: 'integer' })
  rating: number;

  @Column({ type: 'text', default: '' })
  comment: string;

  @InstantColumn()
  createdAt: Date;
}

/**
 * Sign-in and token throttling shared by every engine instance (see docs/security.md#throttling).
 * The key is an HMAC of the scope and the account/IP/device, so the table holds no email or address;
 * rows expire, and the scopes a stranger can fill (unknown emails, IPs) are capped in size.
 */
@Entity('rate_limits')
@Index('ix_rate_limits_scope_seen', ['scope', 'lastSeenAt'])
export class RateLimit {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  /** user | email | ip | device | token */
  @Column({ type: 'varchar', length: 10 })
  scope: string;

  @Column({ type: 'integer' })
  failures: number;

  /** No attempt is accepted before this instant. */
  @InstantColumn()
  nextAt: Date;

  @InstantColumn()
  lastSeenAt: Date;
}
