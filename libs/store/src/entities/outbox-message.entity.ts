import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * The outbox (docs/architecture.md#invariants): a message is built and stored with its touch, and
 * sent later by the dispatcher. Status: queued | sending | sent | delivered | undelivered | failed
 * | cancelled | held (the outcome of a send is unknown and it may not be resent: see
 * docs/delivery-guarantees.md).
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

  /** Why it exists: touch, survey (consent, quiet hours apply); digest, password_reset, test, … (they do not) */
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

  /** When the current (or last) attempt was claimed. */
  @InstantColumn({ nullable: true })
  attemptStartedAt: Date | null;

  /**
   * When the earliest attempt whose outcome is unknown began (the provider may have accepted
   * it): the next attempt looks first (SMS) or resends with the same identity (email).
   */
  @InstantColumn({ nullable: true })
  unknownSince: Date | null;

  /** How many attempts ended with an unknown outcome (a reply lost, a crash mid-send). */
  @Column({ type: 'integer', default: 0 })
  unknownCount: number;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn({ nullable: true })
  sentAt: Date | null;

  @InstantColumn({ nullable: true })
  deliveredAt: Date | null;
}
