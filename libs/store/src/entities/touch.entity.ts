import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * The ledger: one row per (rule, customer, occasion key), enforced by a unique index
 * (docs/architecture.md#invariants). Status: scheduled | queued | sent | task | skipped | deferred
 * | missed | holdout.
 */
@Entity('touches')
@Index('uq_touches_occasion', ['ruleId', 'customerId', 'occasionKey'], { unique: true })
@Index('ix_touches_customer_created', ['customerId', 'createdAt'])
@Index('ix_touches_status_due', ['status', 'dueAt'])
export class Touch {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  ruleId: number;

  @Column({ type: 'integer' })
  customerId: number;

  @Column({ type: 'varchar', length: 200 })
  occasionKey: string;

  /** When the occasion is due to be acted on (e.g. 09:00 local on the birthday). */
  @InstantColumn()
  dueAt: Date;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  /** Why, in plain words: "no SMS consent; fell back to email", "contact budget: …" */
  @Column({ type: 'text', default: '' })
  reason: string;

  /** email | sms | task, once decided. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  channel: string | null;

  @Column({ type: 'integer', nullable: true })
  messageId: number | null;

  @Column({ type: 'integer', nullable: true })
  taskId: number | null;

  /** Context of the occasion: order id, product id, restock id … */
  @Column({ type: 'integer', nullable: true })
  orderId: number | null;

  @Column({ type: 'integer', nullable: true })
  productId: number | null;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  updatedAt: Date;
}
