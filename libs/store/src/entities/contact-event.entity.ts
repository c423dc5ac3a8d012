import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * The contact history: every touch, call, card, message to or from a customer.
 * top_customer_checkin's "no contact for D days" reads it.
 */
@Entity('contact_events')
@Index('ix_contact_events_customer_at', ['customerId', 'occurredAt'])
export class ContactEvent {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  customerId: number;

  @InstantColumn()
  occurredAt: Date;

  /** out | in */
  @Column({ type: 'varchar', length: 3 })
  direction: 'out' | 'in';

  /** email | sms | call | card | set_aside | note | opt_out | opt_in | reply | rating */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'integer', nullable: true })
  touchId: number | null;

  @Column({ type: 'integer', nullable: true })
  messageId: number | null;

  @Column({ type: 'integer', nullable: true })
  taskId: number | null;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;
}
