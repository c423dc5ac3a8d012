import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { InstantColumn, JsonColumn } from '../columns';

/** One CSV import (web, API or CLI): who, when, which file, how it ended and its report (docs/import.md#history). */
@Entity('import_runs')
@Index('ix_import_runs_started', ['startedAt'])
export class ImportRun {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'varchar', length: 300 })
  fileName: string;

  /** Who ran it, as shown in the history (a user's name, or "CLI (login)"). */
  @Column({ type: 'varchar', length: 200 })
  actor: string;

  @Column({ type: 'integer', nullable: true })
  userId: number | null;

  /** running | applied | not_applied | dry_run | failed */
  @Column({ type: 'varchar', length: 20 })
  status: string;

  @Column({ type: 'boolean', default: false })
  dryRun: boolean;

  @InstantColumn()
  startedAt: Date;

  @InstantColumn({ nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  rows: number;

  @Column({ type: 'integer', default: 0 })
  created: number;

  @Column({ type: 'integer', default: 0 })
  updated: number;

  @Column({ type: 'integer', default: 0 })
  unchanged: number;

  @Column({ type: 'integer', default: 0 })
  badRowCount: number;

  /** The full report (ImportReport) once finished. */
  @JsonColumn({ nullable: true })
  report: unknown;

  /** The file-level problem when the file could not be imported at all. */
  @Column({ type: 'text', nullable: true })
  error: string | null;
}

/** A column mapping the owner confirmed, reused for the next file with the same headers. */
@Entity('import_mappings')
export class ImportMapping {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'varchar', length: 20 })
  kind: string;

  /** sha256 of the kind and the headers as written (see headerSignature). */
  @Index('uq_import_mappings_signature', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  signature: string;

  /** header → field (null = ignored). */
  @JsonColumn()
  columns: Record<string, string | null>;

  @Column({ type: 'varchar', length: 10, nullable: true })
  locale: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  encoding: string | null;

  @InstantColumn()
  updatedAt: Date;
}
