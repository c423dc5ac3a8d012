import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * One signing secret per webhook source (inventory, shopify, woocommerce, email), set by the owner; the
 * environment's value is the default. After a rotation the previous secret is still accepted
 * until `previousUntil` (see docs/shops.md#secret-rotation).
 */
@Entity('webhook_secrets')
export class WebhookSecret {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  source: string;

  @Column({ type: 'varchar', length: 200 })
  secret: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  previousSecret: string | null;

  @InstantColumn({ nullable: true })
  previousUntil: Date | null;

  @InstantColumn()
  updatedAt: Date;
}

/**
 * What a shop webhook last told us about one of its objects: the sender's `updated_at` of the
 * last applied payload (older or equal ones are stale: a retry, a replay or an out-of-order
 * delivery), a link to the local record (e.g. Shopify inventory item → SKU), and a quantity
 * (stock per location). Keys look like `customer:207119551` or `level:808950810:905684977`.
 */
@Entity('shop_records')
export class ShopRecord {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  source: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  recordKey: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  ref: string | null;

  @Column({ type: 'integer', nullable: true })
  quantity: number | null;

  @InstantColumn({ nullable: true })
  versionAt: Date | null;
}
