import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * Sign-in and token throttling shared by every engine instance (see docs/security.md#throttling).
 * The key is an HMAC of the scope and the account/IP/device, so the table holds no email or address;
 * rows expire, and the scopes a stranger can fill (unknown emails, IPs) are capped in size.
 */
@Entity('rate_limits')
@Index('ix_rate_limits_scope_seen', ['scope', 'lastSeenAt'])
export class RateLimit {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  key: string;

  /** user | email | ip | device | token | password | reset | reset-ip | notify-ip | notify-to | notify-all (ThrottleScope, at most 10 characters) */
  @Column({ type: 'varchar', length: 10 })
  scope: string;

  @Column({ type: 'integer' })
  failures: number;

  /** No attempt is accepted before this instant. */
  @InstantColumn()
  nextAt: Date;

  @InstantColumn()
  lastSeenAt: Date;
}
