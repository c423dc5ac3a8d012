import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumberTransformer, InstantColumn } from '../columns';

/** How a tier is given: only by hand, or computed from spend and/or order count over a window. */
export const TIER_BASES = ['manual', 'activity'] as const;
export type TierBasis = (typeof TIER_BASES)[number];

/**
 * A service tier the owner defines (docs/ingest.md#service-tiers), e.g. VIP or regular. A
 * customer holds at most one: the one set by hand, else the best-ranked `activity` tier whose
 * thresholds they meet. `rank` 1 is the highest.
 */
@Entity('tiers')
export class Tier {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_tiers_name', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  name: string;

  /** 1 = the highest tier; a customer gets the best-ranked tier that matches. */
  @Column({ type: 'integer' })
  rank: number;

  @Column({ type: 'varchar', length: 10, default: 'manual' })
  basis: TierBasis;

  /** At least this spend (business currency, minor units) within the window; null = no spend threshold. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintNumberTransformer })
  minSpendMinor: number | null;

  /** At least this many orders within the window; null = no order-count threshold. */
  @Column({ type: 'integer', nullable: true })
  minOrders: number | null;

  /** The window, in days back from the recompute. */
  @Column({ type: 'integer', default: 365 })
  windowDays: number;

  /** `all`: every given threshold must be met; `any`: one is enough. */
  @Column({ type: 'varchar', length: 3, default: 'any' })
  match: 'all' | 'any';

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  updatedAt: Date;
}

/**
 * Every change of a customer's tier: from, to (names kept as they were, so history survives a
 * rename or delete), why (`manual` by a user, `computed`, `tier_deleted`) and when.
 */
@Entity('tier_changes')
@Index('ix_tier_changes_customer_at', ['customerId', 'changedAt'])
export class TierChange {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  customerId: number;

  @Column({ type: 'integer', nullable: true })
  fromTierId: number | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  fromName: string | null;

  @Column({ type: 'integer', nullable: true })
  toTierId: number | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  toName: string | null;

  /** manual | computed | tier_deleted */
  @Column({ type: 'varchar', length: 20 })
  reason: string;

  /** Who set it by hand; null when computed. */
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  @InstantColumn()
  changedAt: Date;
}
