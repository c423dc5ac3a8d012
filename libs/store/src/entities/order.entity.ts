import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../columns';

export interface OrderLine {
  sku: string;
  name?: string;
  quantity: number;
  unitPriceMinor?: number;
}

@Entity('orders')
@Index('ix_orders_customer_placed', ['customerId', 'placedAt'])
@Index('ix_orders_placed', ['placedAt'])
/** Covering index for spend per customer over a window (top_customer_checkin ranks by it without a sort per order). */
@Index('ix_orders_customer_spend', ['customerId', 'currency', 'placedAt', 'totalMinor'])
export class Order {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_orders_external_id', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  externalId: string;

  @Column({ type: 'integer' })
  customerId: number;

  @InstantColumn()
  placedAt: Date;

  /** Total in minor units (cents). */
  @Column({ type: 'integer' })
  totalMinor: number;

  @Column({ type: 'varchar', length: 3 })
  currency: string;

  @JsonColumn({ default: '[]' })
  lines: OrderLine[];

  @InstantColumn()
  createdAt: Date;
}
