import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * A password-reset link (docs/security.md#password-reset): single use, expiring. Only the SHA-256
 * of the link's token is stored; `usedAt` is set by the one request that uses it.
 */
@Entity('password_resets')
@Index('ix_password_resets_user', ['userId'])
export class PasswordReset {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'integer' })
  userId: number;

  /** The owner who started it; null when the user asked ("forgot password"). */
  @Column({ type: 'integer', nullable: true })
  requestedBy: number | null;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  expiresAt: Date;

  @InstantColumn({ nullable: true })
  usedAt: Date | null;
}
