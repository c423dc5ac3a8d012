import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { TaskTexts } from '@touchbase/core';
import { InstantColumn } from '../columns';

/** What an outcome changed: undo puts the task back as it was and removes what the outcome wrote. */
export interface TaskUndo {
  status: string;
  dueDay: string;
  snoozedUntil: string | null;
  outcome: string | null;
  outcomeNote: string | null;
  skipReason: string | null;
  completedAt: number | null;
  attempts: number;
  /** The contact-history row the outcome wrote. */
  contactEventId: number | null;
  /** The phone problem before "wrong number" flagged it (undefined: not changed). */
  phoneProblem?: string | null;
  /** The owner's task an "unreached" close made. */
  noticeTaskId?: number | null;
}

/** What a customer's reply came in on (a `reply` task): staff answer on the same channel. */
export interface TaskInbound {
  channel: 'sms' | 'email';
  /** An email's subject (the answer's is "Re: …"). */
  subject?: string;
}

/**
 * Work for a human: call, card, set a unit aside. Status: open | done | snoozed | skipped.
 * ix_tasks_daily_list covers the daily list's count and cut-off (priority included), so picking
 * a staff member's page reads the index only.
 */
@Entity('tasks')
@Index('ix_tasks_daily_list', ['assigneeId', 'status', 'dueDay', 'priority'])
@Index('ix_tasks_customer_status', ['customerId', 'status'])
// completed tasks only: every reader asks for a range of completed_at (migration 1795856642650)
@Index('ix_tasks_assignee_completed', ['assigneeId', 'completedAt'], { where: '"completed_at" IS NOT NULL' })
export class Task {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'integer', nullable: true })
  touchId: number | null;

  @Column({ type: 'integer', nullable: true })
  ruleId: number | null;

  @Column({ type: 'integer' })
  customerId: number;

  /** call | card | set_aside | service_recovery | other */
  @Column({ type: 'varchar', length: 20 })
  kind: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ type: 'text', default: '' })
  reason: string;

  @Column({ type: 'text', default: '' })
  talkingPoints: string;

  /**
   * The task's texts per language, rendered from its task template when it was made
   * ({"de": {"title", "reason", "talkingPoints"}, …}); null for tasks made by hand. Each person
   * reads their UI language's version; `title`, `reason`, `talkingPoints` hold the business's.
   */
  @Column({ type: 'simple-json', nullable: true })
  texts: Partial<Record<string, TaskTexts>> | null;

  /** A reply task's channel and subject (null: other kinds, and SMS replies made before it existed). */
  @Column({ type: 'simple-json', nullable: true })
  inbound: TaskInbound | null;

  /** YYYY-MM-DD in the business's timezone. */
  @Column({ type: 'varchar', length: 10 })
  dueDay: string;

  @Column({ type: 'integer', default: 0 })
  priority: number;

  @Column({ type: 'integer', nullable: true })
  assigneeId: number | null;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  snoozedUntil: string | null;

  /** reached | left_message | no_answer | card_sent | set_aside | … */
  @Column({ type: 'varchar', length: 30, nullable: true })
  outcome: string | null;

  @Column({ type: 'text', nullable: true })
  outcomeNote: string | null;

  @Column({ type: 'text', nullable: true })
  skipReason: string | null;

  @InstantColumn({ nullable: true })
  completedAt: Date | null;

  /** Tries that reached nobody (no answer, voicemail, wrong number): the retry interval counts them. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** What the last outcome changed, to put back on undo until `undoUntil` (see OutcomesService). */
  @Column({ type: 'simple-json', nullable: true })
  undo: TaskUndo | null;

  @InstantColumn({ nullable: true })
  undoUntil: Date | null;

  /** When a card task's card and label were last printed (the print view marks them). */
  @InstantColumn({ nullable: true })
  printedAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  createdById: number | null;

  @InstantColumn()
  createdAt: Date;

  @InstantColumn()
  updatedAt: Date;
}
