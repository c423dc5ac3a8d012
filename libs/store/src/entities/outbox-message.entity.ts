import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * The outbox (docs/architecture.md#invariants): a message is built and stored with its touch, and
 * sent later by the dispatcher. Status: queued | sending | sent | delivered | undelivered | failed
 * | cancelled.
 */
@Entity('outbox_messages')
@Index('ix_outbox_status_next', ['status', 'nextAttemptAt'])
@Index('ix_outbox_customer', ['customerId', 'createdAt'])
@Index('ix_outbox_provider_id', ['providerId'])
export class OutboxMessage {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer', nullable: true })
  touchId: number | null;

  /** Null for messages to staff (e.g. the morning digest). */
  @Column({ type: 'integer', nullable: true })
  customerId: number | null;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  /** email | sms */
  @Column({ type: 'varchar', length: 10 })
  channel: string;

  /** Why it exists: touch | digest | test | survey */
  @Column({ type: 'varchar', length: 20, default: 'touch' })
  purpose: string;

  @Column({ type: 'varchar', length: 320 })
  recipient: string;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  locale: string;

  @Column({ type: 'text', default: '' })
  subject: string;

  @Column({ type: 'text', default: '' })
  html: string;

  @Column({ type: 'text', default: '' })
  text: string;

  @Column({ type: 'varchar', length: 20, default: 'queued' })
  status: string;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** Due time; quiet hours push it to the next morning. */
  @InstantColumn()
  nextAttemptAt: Date;

  @Column({ type: 'varchar', length: 100, nullable: true })
  leaseOwner: string | null;

  @InstantColumn({ nullable: true })
  leaseUntil: Date | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  providerId: string | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn({ nullable: true })
  sentAt: Date | null;

  @InstantColumn({ nullable: true })
  deliveredAt: Date | null;
}
