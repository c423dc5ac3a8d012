import type { EntityManager } from 'typeorm';
import { ComposedMessage, localDate, MessageComposer, TaskAssigner, TemplateMissingError, TouchContext } from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import type { TouchCustomer } from './customers';
import type { DueOccasion, OccasionTask } from './kinds/rule-kind';
import type { TouchDecision } from './policies';
import { rows } from './sql';

export interface LedgerDeps {
  composer: MessageComposer | null;
  assigner: TaskAssigner | null;
  businessZone: string;
}

export interface RecordedTouch {
  touchId: number;
  status: string;
  channel: string | null;
  reason: string;
}

/**
 * Writes one occasion's touch and what it makes, inside the caller's transaction (invariant 2).
 * New touches are inserted if absent (the unique key makes repeats and races harmless); a
 * `deferred` touch is moved on only if it is still deferred. Returns null when nothing changed.
 */
export async function recordTouch(
  db: EntityManager,
  deps: LedgerDeps,
  rule: Rule,
  occasion: DueOccasion,
  customer: TouchCustomer,
  decision: TouchDecision,
  now: Date,
  deferredTouchId: number | null,
): Promise<RecordedTouch | null> {
  const task = occasion.task;
  const reason = [decision.channel === 'task' && task ? task.reason : '', decision.reason].filter(Boolean).join('; ');
  let touchId: number;
  if (deferredTouchId !== null) {
    const moved = await rows<{ id: number }>(
      db,
      `UPDATE touches SET status = ?, channel = ?, reason = ?, updated_at = ? WHERE id = ? AND status = 'deferred' RETURNING id`,
      [decision.status, decision.channel, reason, now.getTime(), deferredTouchId],
    );
    if (!moved.length) return null;
    touchId = Number(moved[0].id);
  } else {
    const inserted = await rows<{ id: number }>(
      db,
      `INSERT INTO touches (rule_id, customer_id, occasion_key, due_at, status, reason, channel, order_id, product_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (rule_id, customer_id, occasion_key) DO NOTHING RETURNING id`,
      [rule.id, customer.id, occasion.occasionKey, occasion.dueAt.getTime(), decision.status, reason, decision.channel, occasion.orderId ?? null, occasion.productId ?? null, now.getTime(), now.getTime()],
    );
    if (!inserted.length) return null;
    touchId = Number(inserted[0].id);
  }

  let status: string = decision.status;
  let finalReason = reason;
  let messageId: number | null = null;
  let taskId: number | null = null;
  if (decision.status === 'queued' && (decision.channel === 'email' || decision.channel === 'sms')) {
    const templateKey = occasion.templateKey ?? rule.templateKey;
    const composed = await compose(deps, templateKey, decision.channel, touchContext(rule, occasion, customer, touchId));
    if ('problem' in composed) {
      status = 'skipped';
      finalReason = [reason, composed.problem].filter(Boolean).join('; ');
    } else {
      messageId = await insertMessage(db, touchId, customer.id, decision.channel, composed, decision.sendAt ?? now, now);
    }
  } else if (decision.status === 'task') {
    taskId = await insertTask(db, deps, rule, occasion, customer, task ?? genericTask(rule), touchId, now);
  }
  if (occasion.extraTask && (status === 'queued' || status === 'task')) {
    const extra = await insertTask(db, deps, rule, occasion, customer, occasion.extraTask, touchId, now);
    taskId = taskId ?? extra;
  }
  if (messageId !== null || taskId !== null || status !== decision.status)
    await rows(db, 'UPDATE touches SET status = ?, reason = ?, message_id = ?, task_id = ? WHERE id = ? RETURNING id', [status, finalReason, messageId, taskId, touchId]);
  if (occasion.afterRecorded) await occasion.afterRecorded(db, touchId, status);
  return { touchId, status, channel: decision.channel, reason: finalReason };
}

/** Bulk-marks deferred touches whose grace period ran out as missed (never sent late). */
export async function expireDeferred(db: EntityManager, rule: Rule, now: Date): Promise<number> {
  const expired = await rows(
    db,
    `UPDATE touches SET status = 'missed', reason = reason || '; still over the contact budget when the grace period ended', updated_at = ?
     WHERE rule_id = ? AND status = 'deferred' AND due_at < ? RETURNING id`,
    [now.getTime(), rule.id, now.getTime() - rule.gracePeriodMinutes * 60_000],
  );
  return expired.length;
}

function genericTask(rule: Rule): OccasionTask {
  return { kind: 'other', title: (name) => `${rule.name}: contact ${name}`, reason: rule.name };
}

export function touchContext(rule: Rule, occasion: DueOccasion, customer: TouchCustomer, touchId?: number): TouchContext {
  return { customer: customer.context, rule: { id: rule.id, name: rule.name, kind: rule.kind }, ...occasion.context, touchId };
}

async function compose(deps: LedgerDeps, templateKey: string, channel: 'email' | 'sms', ctx: TouchContext): Promise<ComposedMessage | { problem: string }> {
  if (!deps.composer) throw new Error('No MessageComposer is provided (the messaging area, libs/messaging, provides it globally)');
  try {
    return await deps.composer.compose(templateKey, channel, ctx);
  } catch (e) {
    if (e instanceof TemplateMissingError || (e as Error)?.name === 'TemplateMissingError') return { problem: `no ${channel} template "${templateKey}"` };
    // one customer's bad data must not stop the tick for everyone: record why and go on
    return { problem: `could not compose the ${channel} message: ${(e as Error)?.message ?? String(e)}` };
  }
}

async function insertMessage(db: EntityManager, touchId: number, customerId: number, channel: string, m: ComposedMessage, sendAt: Date, now: Date): Promise<number> {
  const [row] = await rows<{ id: number }>(
    db,
    `INSERT INTO outbox_messages (touch_id, customer_id, channel, purpose, recipient, locale, subject, html, "text", status, attempts, next_attempt_at, created_at)
     VALUES (?, ?, ?, 'touch', ?, ?, ?, ?, ?, 'queued', 0, ?, ?) RETURNING id`,
    [touchId, customerId, channel, m.recipient, m.locale, m.subject, m.html, m.text, sendAt.getTime(), now.getTime()],
  );
  return Number(row.id);
}

async function insertTask(db: EntityManager, deps: LedgerDeps, rule: Rule, occasion: DueOccasion, customer: TouchCustomer, task: OccasionTask, touchId: number, now: Date): Promise<number> {
  const assigneeId = deps.assigner ? await deps.assigner.assigneeFor({ id: customer.id, accountOwnerId: customer.accountOwnerId }) : customer.accountOwnerId;
  const dueDay = localDate(new Date(Math.max(occasion.dueAt.getTime(), now.getTime())), deps.businessZone);
  const [row] = await rows<{ id: number }>(
    db,
    `INSERT INTO tasks (touch_id, rule_id, customer_id, kind, title, reason, talking_points, due_day, priority, assignee_id, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?) RETURNING id`,
    [touchId, rule.id, customer.id, task.kind, task.title(customer.name).slice(0, 300), task.reason, task.talkingPoints ?? '', dueDay, rule.priority, assigneeId, now.getTime(), now.getTime()],
  );
  return Number(row.id);
}
