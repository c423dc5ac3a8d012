import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

@Entity('products')
export class Product {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_products_sku', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  sku: string;

  @Column({ type: 'varchar', length: 300 })
  name: string;

  @Column({ type: 'integer', default: 0 })
  stock: number;

  @Column({ type: 'integer', nullable: true })
  priceMinor: number | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  url: string | null;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  updatedAt: Date;
}

/** A stock crossing from ≤ 0 to > 0; back_in_stock touches are keyed on it. */
@Entity('restock_events')
@Index('ix_restock_events_product', ['productId', 'occurredAt'])
export class RestockEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  productId: number;

  @Column({ type: 'integer' })
  previousStock: number;

  @Column({ type: 'integer' })
  newStock: number;

  /** api | import | webhook | demo */
  @Column({ type: 'varchar', length: 20 })
  source: string;

  @InstantColumn()
  occurredAt: Date;

  /** Set once the back_in_stock rules have evaluated this restock. */
  @InstantColumn({ nullable: true })
  processedAt: Date | null;
}

@Entity('waitlist_entries')
@Index('uq_waitlist_customer_product', ['customerId', 'productId'], { unique: true })
@Index('ix_waitlist_product_status_joined', ['productId', 'status', 'joinedAt'])
export class WaitlistEntry {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  customerId: number;

  @Column({ type: 'integer' })
  productId: number;

  @InstantColumn()
  joinedAt: Date;

  /** waiting | notified | removed */
  @Column({ type: 'varchar', length: 20, default: 'waiting' })
  status: string;

  @Column({ type: 'integer', nullable: true })
  notifiedRestockId: number | null;
}
