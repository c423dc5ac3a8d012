import { DateTime } from 'luxon';
import { FieldProblem, Forbidden, TASK_KINDS } from '@touchbase/core';
import type { Task } from '@touchbase/store';
import { Principal } from './principal';
import { OUTCOMES_BY_KIND } from './task-outcomes';

/**
 * Tasks as the API takes them (NewTask, TaskChanges, TaskFilter, checked by validateTask) and
 * shows them (taskView), and who may act on one (assertMayAct). TasksService does the work.
 */
export interface NewTask {
  customerId: number;
  kind: string;
  title: string;
  reason?: string;
  talkingPoints?: string;
  dueDay?: string;
  priority?: number;
  assigneeId?: number | null;
}

export interface TaskChanges {
  title?: string;
  reason?: string;
  talkingPoints?: string;
  dueDay?: string;
  priority?: number;
  assigneeId?: number | null;
  /** Never settable here; listed so the answer can say where to go instead. */
  status?: unknown;
}

export interface TaskFilter {
  status?: string;
  assigneeId?: number;
  customerId?: number;
  limit?: number;
  offset?: number;
}

export interface TaskView {
  id: number;
  customerId: number;
  kind: string;
  title: string;
  reason: string;
  talkingPoints: string;
  dueDay: string;
  priority: number;
  assigneeId: number | null;
  status: string;
  snoozedUntil: string | null;
  outcome: string | null;
  outcomeNote: string | null;
  skipReason: string | null;
  completedAt: string | null;
  /** Tries that reached nobody so far. */
  attempts: number;
  /** The outcomes this task's kind offers, in button order. */
  outcomes: readonly string[];
  /** Until when the last outcome, snooze or skip can be undone (POST /tasks/:id/undo). */
  undoUntil: string | null;
  printedAt: string | null;
  /** A reply task's channel (sms | email) and an email's subject: the answer goes back on it. */
  inbound: { channel: 'sms' | 'email'; subject?: string } | null;
  ruleId: number | null;
  touchId: number | null;
  createdById: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A task in the task list: its view with its customer's service tier (as the daily list carries it). */
export type TaskListItem = TaskView & { customer: { id: number; tier: string | null } };

/** The API's view of a task, its texts in `locale` (the reader's language) when it has them. */
export function taskView(t: Task, locale?: string): TaskView {
  const own = locale ? t.texts?.[locale] : undefined;
  return {
    id: t.id,
    customerId: t.customerId,
    kind: t.kind,
    title: own?.title ?? t.title,
    reason: own?.reason ?? t.reason,
    talkingPoints: own?.talkingPoints ?? t.talkingPoints,
    dueDay: t.dueDay,
    priority: t.priority,
    assigneeId: t.assigneeId,
    status: t.status,
    snoozedUntil: t.snoozedUntil,
    outcome: t.outcome,
    outcomeNote: t.outcomeNote,
    skipReason: t.skipReason,
    completedAt: t.completedAt?.toISOString() ?? null,
    attempts: t.attempts ?? 0,
    outcomes: OUTCOMES_BY_KIND[t.kind] ?? OUTCOMES_BY_KIND.other,
    undoUntil: t.undo && t.undoUntil ? t.undoUntil.toISOString() : null,
    printedAt: t.printedAt?.toISOString() ?? null,
    inbound: t.inbound ?? (t.kind === 'reply' ? { channel: 'sms' } : null),
    ruleId: t.ruleId,
    touchId: t.touchId,
    createdById: t.createdById,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** A real calendar day as YYYY-MM-DD. */
export function isDay(s: unknown): s is string {
  return (
    typeof s === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid
  );
}

/** Staff act on their own tasks; owners on any. */
export function assertMayAct(caller: Principal, task: Task): void {
  if (caller.role !== 'owner' && task.assigneeId !== caller.id)
    throw new Forbidden(`Task ${task.id} is not yours; ask an owner to reassign it.`);
}

export function validateTask(input: Partial<NewTask>, creating: boolean): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (creating && !Number.isInteger(input.customerId))
    p.push({ field: 'customerId', problem: 'must be a customer id' });
  if ((creating || input.kind !== undefined) && !TASK_KINDS.includes(input.kind as never))
    p.push({ field: 'kind', problem: `must be one of ${TASK_KINDS.join(', ')}` });
  if (
    (creating || input.title !== undefined) &&
    (typeof input.title !== 'string' || !input.title.trim() || input.title.length > 300)
  )
    p.push({ field: 'title', problem: 'must be 1 to 300 characters' });
  if (input.dueDay !== undefined && !isDay(input.dueDay))
    p.push({ field: 'dueDay', problem: 'must be a date as YYYY-MM-DD' });
  if (
    input.priority !== undefined &&
    (!Number.isInteger(input.priority) || input.priority < 0 || input.priority > 100)
  )
    p.push({ field: 'priority', problem: 'must be a whole number from 0 to 100' });
  return p;
}
