import { In } from 'typeorm';
import type { TaskTexts } from '@touchbase/core';
import { Task, type TaskInbound } from './entities/task.entity';
import type { Db } from './sql/dialect';
import { insertTouchRows } from './sql/bulk';

/** A task to put on a follow-up list (status open). */
export interface NewTask {
  /** An id taken in advance (reserveIds); all of a call's rows have one or none does. */
  id?: number;
  touchId?: number | null;
  ruleId?: number | null;
  customerId: number;
  kind: string;
  /** At most 300 characters (the column's width). */
  title: string;
  reason?: string;
  talkingPoints?: string;
  /** The texts per language (see Task.texts). */
  texts?: Partial<Record<string, TaskTexts>> | null;
  /** A reply task's channel and subject (see Task.inbound). */
  inbound?: TaskInbound | null;
  /** The business-local day it is due, YYYY-MM-DD. */
  dueDay: string;
  priority?: number;
  assigneeId: number | null;
  createdById?: number | null;
}

const COLUMNS = [
  'touch_id',
  'rule_id',
  'customer_id',
  'kind',
  'title',
  'reason',
  'talking_points',
  'texts',
  'inbound',
  'due_day',
  'priority',
  'assignee_id',
  'status',
  'created_by_id',
  'created_at',
  'updated_at',
];

/**
 * The one way rows enter tasks (see docs/architecture.md#persistence-who-owns-which-table): the
 * ledger's task touches, survey service-recovery calls and tasks staff make by hand, inside the
 * caller's transaction when given its EntityManager. Answers the new ids in the given order.
 */
export async function insertTasks(
  db: Db,
  tasks: readonly NewTask[],
  now: Date,
): Promise<Array<{ id: number; touchId: number | null }>> {
  if (!tasks.length) return [];
  const at = now.getTime();
  return insertTouchRows(
    db,
    'tasks',
    COLUMNS,
    tasks,
    tasks.map((t) => [
      t.touchId ?? null,
      t.ruleId ?? null,
      t.customerId,
      t.kind,
      t.title,
      t.reason ?? '',
      t.talkingPoints ?? '',
      t.texts ? JSON.stringify(t.texts) : null,
      t.inbound ? JSON.stringify(t.inbound) : null,
      t.dueDay,
      t.priority ?? 0,
      t.assigneeId,
      'open',
      t.createdById ?? null,
      at,
      at,
    ]),
  );
}

/** Skips the customer's tasks still to do (open or snoozed), giving the reason. */
export async function skipTasksOf(db: Db, customerId: number, reason: string, now: Date): Promise<void> {
  await db
    .getRepository(Task)
    .update(
      { customerId, status: In(['open', 'snoozed']) },
      { status: 'skipped', skipReason: reason, updatedAt: now },
    );
}

/** Blanks what the customer's tasks said about them (erasure); the rows stay for the ledger. */
export async function eraseTasksOf(db: Db, customerId: number): Promise<void> {
  await db.getRepository(Task).update(
    { customerId },
    {
      title: '[erased customer]',
      reason: '',
      talkingPoints: '',
      texts: null,
      inbound: null,
      outcomeNote: null,
      skipReason: null,
    },
  );
}
