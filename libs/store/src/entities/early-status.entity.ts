import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * A delivery status callback for a message whose SID is not recorded yet (the news arrived
 * before the send was written). Kept until the send is recorded, then applied and deleted:
 * see docs/delivery-guarantees.md#status-news.
 */
@Entity('early_statuses')
@Index('ix_early_statuses_sid', ['providerId'])
@Index('ix_early_statuses_outbox', ['outboxId'])
export class EarlyStatus {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  providerId: string;

  /** From the callback URL's `outbox` parameter, when it has one. */
  @Column({ type: 'integer', nullable: true })
  outboxId: number | null;

  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  errorCode: string | null;

  @InstantColumn()
  receivedAt: Date;
}
