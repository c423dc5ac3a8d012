import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, tagsTransformer } from '../columns';

@Entity('customers')
export class Customer {
  @PrimaryGeneratedColumn()
  id: number;

  /** The business's own id for the customer; the key for upserts and re-imports. */
  @Index('uq_customers_external_id', { unique: true })
  @Column({ type: 'varchar', length: 100, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 200, default: '' })
  firstName: string;

  @Column({ type: 'varchar', length: 200, default: '' })
  lastName: string;

  /** Always lower-cased. */
  @Index('ix_customers_email')
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** E.164, e.g. +4915112345678. */
  @Index('ix_customers_phone')
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /**
   * Set when the email address hard-bounced (SMTP 5.1.x): when, and the server's words. Email is
   * unavailable for this customer until the address changes (see docs/delivery-guarantees.md).
   */
  @InstantColumn({ nullable: true })
  emailBouncedAt: Date | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  emailBounceReason: string | null;

  /** Set when a provider says the number cannot receive SMS (e.g. Twilio 21211/21614). */
  @Column({ type: 'varchar', length: 200, nullable: true })
  phoneProblem: string | null;

  @Column({ type: 'integer', nullable: true })
  birthdayYear: number | null;

  @Column({ type: 'integer', nullable: true })
  birthdayMonth: number | null;

  @Column({ type: 'integer', nullable: true })
  birthdayDay: number | null;

  /** 'MM-DD', indexed, so "birthdays in the next N days" is an index range scan. */
  @Index('ix_customers_birthday_md')
  @Column({ type: 'varchar', length: 5, nullable: true })
  birthdayMd: string | null;

  /** IANA zone; null → the business's zone. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone: string | null;

  /** en | de | pl; null → the business default. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  locale: string | null;

  /** Channel order to try, e.g. "email,sms". */
  @Column({ type: 'varchar', length: 40, default: 'email,sms' })
  preferredChannels: string;

  @Column({ type: 'boolean', default: false })
  emailConsent: boolean;

  @InstantColumn({ nullable: true })
  emailConsentAt: Date | null;

  /** How consent was given or withdrawn: "import", "api", "checkout", "unsubscribe-link", … */
  @Column({ type: 'varchar', length: 100, nullable: true })
  emailConsentSource: string | null;

  @Column({ type: 'boolean', default: false })
  smsConsent: boolean;

  @InstantColumn({ nullable: true })
  smsConsentAt: Date | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  smsConsentSource: string | null;

  /**
   * What the customer chose on the preference centre while consent is on: `all`, or `personal`
   * (only the personal rule kinds, PERSONAL_RULE_KINDS); see docs/delivery.md#the-preference-centre.
   */
  @Column({ type: 'varchar', length: 10, default: 'all' })
  emailScope: string;

  @Column({ type: 'varchar', length: 10, default: 'all' })
  smsScope: string;

  /** Postal address for cards: street (with number), postcode, city, ISO 3166 country code. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  street: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  postcode: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  city: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true })
  country: string | null;

  @Column({ type: 'text', default: '', transformer: tagsTransformer })
  tags: string[];

  @Column({ type: 'text', default: '' })
  notes: string;

  /** The staff member who looks after this customer (tasks go to them first). */
  @Column({ type: 'integer', nullable: true })
  accountOwnerId: number | null;

  /** The service tier (docs/ingest.md#service-tiers): set by hand when tierManual, else computed daily. */
  @Index('ix_customers_tier')
  @Column({ type: 'integer', nullable: true })
  tierId: number | null;

  /** True when the owner set the tier by hand: the daily recompute leaves it alone. */
  @Column({ type: 'boolean', default: false })
  tierManual: boolean;

  @InstantColumn({ nullable: true })
  erasedAt: Date | null;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  updatedAt: Date;
}
