import { Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

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
