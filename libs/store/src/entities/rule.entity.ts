import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../columns';

export interface AudienceFilter {
  tags?: string[];
  minLifetimeSpendMinor?: number;
  hasPurchased?: boolean;
  locales?: string[];
  /** Tier names (any of); each must name a tier when the rule is saved (docs/ingest.md#service-tiers). */
  tiers?: string[];
}

@Entity('rules')
export class Rule {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /**
   * What customers see for this rule, per locale ({ en, de, pl }), e.g. on a survey page. The
   * internal `name` never reaches customers (see docs/rules.md).
   */
  @JsonColumn({ default: '{}' })
  publicLabel: Partial<Record<'en' | 'de' | 'pl', string>>;

  /** birthday | big_purchase_thanks | top_customer_checkin | back_in_stock | … */
  @Column({ type: 'varchar', length: 40 })
  kind: string;

  /** Kind-specific parameters, validated per kind when saved. */
  @JsonColumn({ default: '{}' })
  params: Record<string, unknown>;

  /** email | sms | task */
  @Column({ type: 'varchar', length: 10 })
  channel: string;

  @Column({ type: 'varchar', length: 100 })
  templateKey: string;

  @JsonColumn({ default: '{}' })
  audience: AudienceFilter;

  /** Higher goes first when the contact budget is tight. */
  @Column({ type: 'integer', default: 0 })
  priority: number;

  /** Transactional touches (e.g. back in stock for someone who asked) do not use the contact budget. */
  @Column({ type: 'boolean', default: false })
  transactional: boolean;

  @Column({ type: 'integer', default: 1440 })
  gracePeriodMinutes: number;

  /** Share of eligible customers kept back as a holdout group (see docs/insights.md#holdout-set-up), 0–50. */
  @Column({ type: 'integer', default: 0 })
  holdoutPercent: number;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  updatedAt: Date;
}
