import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintNumberTransformer } from '../columns';

/**
 * Spend per customer and currency over the rolling 12-month window (docs/rules-and-scheduler.md#spend-rollup):
 * the sum and count of the customer's orders placed after the window edge kept in engine_state.
 * Only libs/store/src/spend-rollup.ts writes it, in the transaction of each order write.
 */
@Entity('customer_spend')
/**
 * Ranking reads it in order, (currency, spend_minor DESC, customer_id): created by hand in the
 * migration because TypeORM's index decorator has no per-column direction.
 */
@Index('ix_customer_spend_rank', { synchronize: false })
export class CustomerSpend {
  @PrimaryColumn({ type: 'integer' })
  customerId: number;

  @PrimaryColumn({ type: 'varchar', length: 3 })
  currency: string;

  /** Sum of the orders' totals in minor units. */
  @Column({ type: 'bigint', transformer: bigintNumberTransformer })
  spendMinor: number;

  @Column({ type: 'integer' })
  orderCount: number;
}
