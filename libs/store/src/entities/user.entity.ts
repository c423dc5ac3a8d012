import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

@Entity('users')
export class User {
  @PrimaryGeneratedColumn()
  id: number;

  @Index('uq_users_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  /** owner | staff */
  @Column({ type: 'varchar', length: 10 })
  role: string;

  @Column({ type: 'varchar', length: 300 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 10, default: 'en' })
  locale: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  timezone: string | null;

  /** Local HH:MM for the morning digest; null → no digest. */
  @Column({ type: 'varchar', length: 5, nullable: true, default: '08:00' })
  digestTime: string | null;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** ISO weekdays this person works, e.g. "1,2,3,4,5" (Mon–Fri): no tasks are assigned on other days. */
  @Column({ type: 'varchar', length: 13, default: '1,2,3,4,5' })
  workingDays: string;

  /** A holiday, YYYY-MM-DD to YYYY-MM-DD inclusive (business days), and who covers it. */
  @Column({ type: 'varchar', length: 10, nullable: true })
  awayFrom: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  awayUntil: string | null;

  @Column({ type: 'integer', nullable: true })
  coverUserId: number | null;

  /** Set for a generated password (the first owner): the next sign-in must choose a new one. */
  @Column({ type: 'boolean', default: false })
  mustChangePassword: boolean;

  @InstantColumn()
  createdAt: Date;
}

/** A personal API token for scripts. Only the SHA-256 of the token is stored (see tokenHash). */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 100, default: '' })
  name: string;

  @Index('uq_api_tokens_hash', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  tokenHash: string;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn({ nullable: true })
  lastUsedAt: Date | null;
}

/** Browser sessions for the web UI; the id is random, the CSRF token is tied to the session. */
@Entity('sessions')
export class Session {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  @Column({ type: 'integer' })
  userId: number;

  @Column({ type: 'varchar', length: 64 })
  csrfToken: string;

  @InstantColumn()
  expiresAt: Date;

  @InstantColumn()
  createdAt: Date;

  /** Last request seen (written at most once a minute); idle sessions end (SESSION_IDLE_MINUTES). */
  @InstantColumn({ nullable: true })
  lastSeenAt: Date | null;
}
