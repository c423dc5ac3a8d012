import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * A visitor's "notify me" request from the storefront form, waiting for its double opt-in
 * (docs/shops.md#storefront-notify-me-form). Confirmed, it becomes a customer on the product's
 * waitlist; unconfirmed, it expires and is deleted. The hashes (keyed) count requests per
 * address and per client for the rate limits.
 */
@Entity('waitlist_signups')
@Index('ix_waitlist_signups_ip', ['ipHash', 'createdAt'])
@Index('ix_waitlist_signups_address', ['addressHash', 'createdAt'])
@Index('ix_waitlist_signups_created', ['createdAt'])
export class WaitlistSignup {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_waitlist_signups_token', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ type: 'integer' })
  productId: number;

  /** email | sms */
  @Column({ type: 'varchar', length: 10 })
  channel: string;

  /** The email (lower-cased) or phone (E.164). */
  @Column({ type: 'varchar', length: 320 })
  address: string;

  @Column({ type: 'varchar', length: 64 })
  addressHash: string;

  @Column({ type: 'varchar', length: 64 })
  ipHash: string;

  @Column({ type: 'varchar', length: 10 })
  locale: string;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  expiresAt: Date;

  @InstantColumn({ nullable: true })
  confirmedAt: Date | null;
}
