import type { EntityManager } from 'typeorm';
import { localDate, MessageComposer, TaskAssigner, TaskComposer } from '@touchbase/core';
import {
  insertRows,
  insertTasks,
  type NewOutboxMessage,
  type NewTask,
  queueMessages,
  rows,
  type Rule,
  updateRows,
} from '@touchbase/store';
import type { TouchCustomer } from './customers';
import type { DueOccasion, OccasionTask, RecordedOccasion } from './kinds/rule-kind';
import type { TouchDecision } from './policies';
import { englishReason, ReasonPart } from './reasons';
import { takeIds } from './ledger-ids';
import {
  composeMessage,
  composeTask,
  type TaskTextsByLocale,
  taskLocales,
  touchContext,
} from './ledger-texts';

export interface LedgerDeps {
  composer: MessageComposer | null;
  assigner: TaskAssigner | null;
  /** Renders task templates; null (or no template for the key): the kind's built-in texts. */
  tasks?: TaskComposer | null;
  businessZone: string;
  /** Whose language the task's title, reason and talking points columns hold. */
  businessLocale?: string;
}

export interface RecordedTouch {
  touchId: number;
  status: string;
  channel: string | null;
  reason: string;
  reasons: ReasonPart[];
}

export interface PlannedTouch {
  occasion: DueOccasion;
  customer: TouchCustomer;
  decision: TouchDecision;
  /** A `deferred` touch of an earlier tick to move on, or null for a new occasion. */
  deferredId: number | null;
}

interface Written extends RecordedTouch {
  plan: PlannedTouch;
  messageId: number | null;
  taskId: number | null;
  /** Status or reason changed after the touch row was written (e.g. no template). */
  changed: boolean;
  /** The message and task ids the touch row was written with (null: linked afterwards). */
  stored: { messageId: number | null; taskId: number | null };
}

const TOUCH_COLUMNS = [
  'rule_id',
  'customer_id',
  'occasion_key',
  'due_at',
  'status',
  'reason',
  'channel',
  'order_id',
  'product_id',
  'created_at',
  'updated_at',
];

/**
 * Writes a batch of occasions' touches and what they make, inside the caller's transaction
 * (docs/architecture.md#invariants), with a few multi-row statements. New touches are inserted if
 * absent (the unique key makes repeats and races harmless: a touch another run wrote is skipped,
 * with nothing made for it); a `deferred` touch is moved on only if it is still deferred.
 */
export async function recordTouches(
  db: EntityManager,
  deps: LedgerDeps,
  rule: Rule,
  plans: PlannedTouch[],
  now: Date,
): Promise<Array<RecordedTouch & { plan: PlannedTouch }>> {
  const at = now.getTime();
  const reasonsOf = (p: PlannedTouch): ReasonPart[] =>
    p.decision.channel === 'task' && p.occasion.task?.reason
      ? [p.occasion.task.reason, ...p.decision.reasons]
      : p.decision.reasons;
  const reasonOf = (p: PlannedTouch) => englishReason(reasonsOf(p));
  const written: Written[] = [];
  const ids = await takeIds(db, plans);
  const fresh = plans.filter((p) => p.deferredId === null);
  if (fresh.length) {
    // with ids taken in advance (PostgreSQL) the row already points at its message and task
    const linked = ids ? ['message_id', 'task_id'] : [];
    const inserted = await insertRows<{ id: number; customer_id: number; occasion_key: string }>(
      db,
      'touches',
      [...TOUCH_COLUMNS, ...linked],
      fresh.map((p) => {
        const own = ids?.get(p);
        return [
          rule.id,
          p.customer.id,
          p.occasion.occasionKey,
          p.occasion.dueAt.getTime(),
          p.decision.status,
          reasonOf(p),
          p.decision.channel,
          p.occasion.orderId ?? null,
          p.occasion.productId ?? null,
          at,
          at,
          ...(own ? [own.messageId, own.taskId ?? own.extraTaskId] : []),
        ];
      }),
      'id, customer_id, occasion_key',
      ' ON CONFLICT (rule_id, customer_id, occasion_key) DO NOTHING',
    );
    const touchIds = new Map(
      inserted.map((r) => [`${Number(r.customer_id)}|${r.occasion_key}`, Number(r.id)]),
    );
    for (const plan of fresh) {
      const touchId = touchIds.get(`${plan.customer.id}|${plan.occasion.occasionKey}`);
      const own = ids?.get(plan);
      if (touchId !== undefined)
        written.push({
          plan,
          touchId,
          status: plan.decision.status,
          channel: plan.decision.channel,
          reason: reasonOf(plan),
          reasons: reasonsOf(plan),
          messageId: null,
          taskId: null,
          changed: false,
          stored: own
            ? { messageId: own.messageId, taskId: own.taskId ?? own.extraTaskId }
            : { messageId: null, taskId: null },
        });
    }
  }
  for (const plan of plans.filter((p) => p.deferredId !== null)) {
    const moved = await rows<{ id: number }>(
      db,
      `UPDATE touches SET status = ?, channel = ?, reason = ?, updated_at = ? WHERE id = ? AND status IN ('deferred', 'blocked') RETURNING id`,
      [plan.decision.status, plan.decision.channel, reasonOf(plan), at, plan.deferredId],
    );
    if (moved.length)
      written.push({
        plan,
        touchId: plan.deferredId!,
        status: plan.decision.status,
        channel: plan.decision.channel,
        reason: reasonOf(plan),
        reasons: reasonsOf(plan),
        messageId: null,
        taskId: null,
        changed: false,
        stored: { messageId: null, taskId: null },
      });
  }

  // Messages: rendered per touch (the composer may read templates), inserted together.
  const messages: NewOutboxMessage[] = [];
  for (const w of written) {
    const { decision, occasion, customer } = w.plan;
    if (decision.status !== 'queued' || (decision.channel !== 'email' && decision.channel !== 'sms'))
      continue;
    const templateKey = occasion.templateKey ?? rule.templateKey;
    const composed = await composeMessage(
      deps.composer,
      templateKey,
      decision.channel,
      touchContext(rule, occasion, customer, w.touchId),
    );
    if ('problem' in composed) {
      // the owner's to fix: held as blocked and retried on later ticks, not a final skip
      const reasons: ReasonPart[] = [...w.reasons, composed.problem, { code: 'blocked' }];
      Object.assign(w, { status: 'blocked', reason: englishReason(reasons), reasons, changed: true });
      continue;
    }
    const m = composed;
    messages.push({
      id: ids?.get(w.plan)?.messageId ?? undefined,
      touchId: w.touchId,
      customerId: customer.id,
      channel: decision.channel,
      purpose: 'touch',
      recipient: m.recipient,
      locale: m.locale,
      subject: m.subject,
      html: m.html,
      text: m.text,
      sendAt: decision.sendAt ?? now,
    });
  }
  const byTouch = new Map(written.map((w) => [w.touchId, w]));
  const touch = (id: unknown) => byTouch.get(Number(id))!;
  for (const r of await queueMessages(db, messages, now)) touch(r.touchId).messageId = r.id;

  // Tasks: the occasion's task when the touch is a task, and any extra task (e.g. set one aside);
  // their assignees asked for once per batch (one round-robin statement), in this order.
  const made: Array<{ w: Written; task: OccasionTask; fallbackKey: string | null; extra: boolean }> = [];
  for (const w of written) {
    const { occasion } = w.plan;
    if (w.status === 'task') {
      const fallbackKey = occasion.templateKey ?? rule.templateKey;
      made.push({ w, task: occasion.task ?? genericTask(rule), fallbackKey, extra: false });
    }
    if (occasion.extraTask && (w.status === 'queued' || w.status === 'task'))
      made.push({ w, task: occasion.extraTask, fallbackKey: null, extra: true });
  }
  const owners = made.map(({ w }) => w.plan.customer);
  const assignees = deps.assigner
    ? await deps.assigner.assigneesFor(owners)
    : owners.map((c) => c.accountOwnerId);
  const locales =
    made.length && deps.tasks ? await taskLocales(deps.assigner, deps.businessLocale ?? 'en') : undefined;
  const primary: NewTask[] = [];
  const extra: NewTask[] = [];
  for (const [i, { w, task, fallbackKey, extra: isExtra }] of made.entries()) {
    const own = ids?.get(w.plan);
    const values = await taskValues(deps, rule, w, task, fallbackKey, now, assignees[i], locales);
    if (isExtra) extra.push({ id: own?.extraTaskId ?? undefined, ...values });
    else primary.push({ id: own?.taskId ?? undefined, ...values });
  }
  for (const r of await insertTasks(db, primary, now)) touch(r.touchId).taskId = r.id;
  for (const r of await insertTasks(db, extra, now)) {
    const w = touch(r.touchId);
    w.taskId = w.taskId ?? r.id;
  }

  // only rows not already written with their message and task ids (SQLite; a moved deferred touch)
  await linkTouches(
    db,
    written.filter((w) => !w.changed && (w.messageId !== w.stored.messageId || w.taskId !== w.stored.taskId)),
  );
  for (const w of written.filter((x) => x.changed))
    await rows(
      db,
      'UPDATE touches SET status = ?, reason = ?, message_id = ?, task_id = ? WHERE id = ? RETURNING id',
      [w.status, w.reason, w.messageId, w.taskId, w.touchId],
    );
  // each hook once per batch, with all of its occasions (one statement, not one per touch)
  const hooks = new Map<NonNullable<DueOccasion['afterRecorded']>, RecordedOccasion[]>();
  for (const w of written) {
    const hook = w.plan.occasion.afterRecorded;
    if (!hook) continue;
    const list = hooks.get(hook) ?? [];
    if (!list.length) hooks.set(hook, list);
    list.push({ occasion: w.plan.occasion, touchId: w.touchId, status: w.status });
  }
  for (const [hook, recorded] of hooks) await hook(db, recorded);
  return written.map(({ plan, touchId, status, channel, reason, reasons }) => ({
    plan,
    touchId,
    status,
    channel,
    reason,
    reasons,
  }));
}

/** Points each touch at its message and task (updateRows: one statement per 10,000 on PostgreSQL, prepared per row on SQLite). */
async function linkTouches(db: EntityManager, written: Written[]): Promise<void> {
  await updateRows(
    db,
    'touches',
    'id',
    ['message_id', 'task_id'],
    ['integer', 'integer', 'integer'],
    written.map((w) => [w.touchId, w.messageId, w.taskId]),
  );
}

const dueDays = new Map<string, string>();

async function taskValues(
  deps: LedgerDeps,
  rule: Rule,
  w: Written,
  task: OccasionTask,
  fallbackKey: string | null,
  now: Date,
  assigneeId: number | null,
  locales: readonly string[] | undefined,
): Promise<NewTask> {
  const { occasion, customer } = w.plan;
  const templateKey = task.templateKey ?? fallbackKey;
  let texts: TaskTextsByLocale | null = null;
  if (deps.tasks && templateKey) {
    const composed = await composeTask(
      deps.tasks,
      templateKey,
      touchContext(rule, occasion, customer, w.touchId),
      task.facts,
      locales,
    );
    if ('problem' in composed) {
      // the task keeps the kind's own texts; the touch's reason says why
      const reasons: ReasonPart[] = [...w.reasons, composed.problem];
      Object.assign(w, { reason: englishReason(reasons), reasons, changed: true });
    } else texts = composed.texts;
  }
  const own = texts && (texts[deps.businessLocale ?? 'en'] ?? Object.values(texts)[0]);
  const dueMs = Math.max(occasion.dueAt.getTime(), now.getTime());
  const key = `${dueMs}|${deps.businessZone}`;
  let dueDay = dueDays.get(key);
  if (!dueDay) {
    if (dueDays.size > 10_000) dueDays.clear();
    dueDay = localDate(new Date(dueMs), deps.businessZone);
    dueDays.set(key, dueDay);
  }
  return {
    touchId: w.touchId,
    ruleId: rule.id,
    customerId: customer.id,
    kind: task.kind,
    title: own ? own.title : task.title(customer.name).slice(0, 300),
    reason: own ? own.reason : task.reason,
    talkingPoints: own ? own.talkingPoints : (task.talkingPoints ?? ''),
    texts: own ? texts : null,
    dueDay,
    priority: rule.priority,
    assigneeId,
  };
}

function genericTask(rule: Rule): OccasionTask {
  return { kind: 'other', title: (name) => `${rule.name}: contact ${name}`, reason: rule.name };
}
