import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/**
 * One change of an owner setting (docs/configuration.md#settings-page): who, when, which setting,
 * the effective value before and after (text form; an uploaded logo as a short description).
 * Written by SettingsService in the same transaction as the change; never updated.
 */
@Entity('setting_changes')
@Index('ix_setting_changes_at', ['at'])
export class SettingChange {
  @PrimaryGeneratedColumn()
  id: number;

  @InstantColumn()
  at: Date;

  /** The signed-in user; null for the CLI. */
  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  /** Who, as shown: the user's email, or `cli`. */
  @Column({ type: 'varchar', length: 200 })
  actor: string;

  @Column({ type: 'varchar', length: 60 })
  setting: string;

  @Column({ type: 'text' })
  before: string;

  @Column({ type: 'text' })
  after: string;

  /** True when the change put the setting back to the environment's default. */
  @Column({ type: 'boolean', default: false })
  reset: boolean;
}
