import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, Conflict, invalidField, localDate, NotFound, TaskComposer } from '@touchbase/core';
import {
  ContactEvent,
  Customer,
  customerName,
  forUpdate,
  insertTasks,
  Rule,
  rows,
  Task,
  touchCustomerOf,
  User,
  SettingsService,
} from '@touchbase/store';
import { Principal } from './principal';
import { assertMayAct, isDay } from './task-fields';
import {
  ATTEMPTS,
  outcomeEffect,
  outcomesFor,
  parseWorkingDays,
  retryDay,
  outcomeSummary,
  retryPolicyOf,
  undoSnapshot,
} from './task-outcomes';

export { OUTCOMES, OUTCOMES_BY_KIND, outcomesFor } from './task-outcomes';

/** How long an outcome, snooze or skip can be undone. */
export const UNDO_WINDOW_MS = 10 * 60_000;

/**
 * What happened to a task. An outcome that reached the customer closes it and writes a contact
 * event (a check-in call resets top_customer_checkin's "no contact" clock); "no answer" and
 * "voicemail" record an attempt (contact kind `attempt`, which resets nothing) and bring the task
 * back after the rule's retry interval on the assignee's next working day, until the rule's
 * maximum attempts close it as `unreached` and give the owner a task saying so. "Wrong number"
 * flags the customer's phone. Every outcome, snooze and skip can be undone for UNDO_WINDOW_MS.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    @Optional() private readonly texts?: TaskComposer,
  ) {}

  async done(
    caller: Principal,
    id: number,
    input: { outcome: string; note?: string; requeueOn?: string },
  ): Promise<Task> {
    return this.ds.transaction((m) => this.doneIn(m, caller, id, input));
  }

  /** `done` inside the caller's transaction (an SMS answer queues its message in the same one). */
  async doneIn(
    m: EntityManager,
    caller: Principal,
    id: number,
    input: { outcome: string; note?: string; requeueOn?: string },
  ): Promise<Task> {
    const today = this.today();
    const note = (input.note ?? '').trim();
    const task = await this.actionable(m, caller, id);
    const effect = outcomeEffect(task.kind, input.outcome);
    if (!effect)
      throw invalidField(
        'outcome',
        `a ${task.kind} task ends with one of ${outcomesFor(task.kind).join(', ')}`,
      );
    if (input.requeueOn !== undefined) {
      if (!ATTEMPTS.includes(effect.outcome))
        throw invalidField('requeueOn', 'only a no_answer or voicemail outcome can re-queue a task');
      if (!isDay(input.requeueOn) || input.requeueOn <= today)
        throw invalidField('requeueOn', `must be a day after today (${today}) as YYYY-MM-DD`);
    }
    const now = this.clock.now();
    const undo = undoSnapshot(task);
    let changes: Partial<Task>;
    let summary = `${outcomeSummary(effect.outcome)}${note ? `: ${note}` : ''}`;
    if (effect.action === 'retry') {
      const attempts = task.attempts + 1;
      const policy = retryPolicyOf(await this.ruleParams(m, task.ruleId));
      if (input.requeueOn === undefined && attempts >= policy.maxAttempts) {
        changes = { status: 'done', outcome: 'unreached', completedAt: now };
        summary += ` (try ${attempts} of ${policy.maxAttempts}: closed as not reached)`;
        undo.noticeTaskId = await this.tellOwner(m, task, attempts, now);
      } else {
        const again =
          input.requeueOn ?? retryDay(today, attempts, policy, await this.workingDays(m, task.assigneeId));
        changes = { status: 'open', dueDay: again };
        summary += ` (try ${attempts}; again on ${again})`;
      }
      changes.attempts = attempts;
    } else {
      changes = { status: 'done', outcome: effect.outcome, completedAt: now };
      if (effect.eventKind === 'attempt') changes.attempts = task.attempts + 1;
    }
    changes = {
      outcome: effect.outcome,
      ...changes,
      outcomeNote: note || null,
      snoozedUntil: null,
      updatedAt: now,
    };
    if (effect.flagPhone) {
      const c = await m.findOne(Customer, { where: { id: task.customerId } });
      undo.phoneProblem = c?.phoneProblem ?? null;
      await m.update(
        Customer,
        { id: task.customerId },
        {
          phoneProblem: `wrong number (reported by ${caller.name || caller.email})`.slice(0, 200),
          updatedAt: now,
        },
      );
    }
    const event = await m.insert(ContactEvent, {
      customerId: task.customerId,
      occurredAt: now,
      direction: 'out',
      kind: effect.eventKind,
      summary: summary.slice(0, 2000),
      touchId: task.touchId,
      messageId: null,
      taskId: task.id,
      userId: caller.id,
    });
    undo.contactEventId = Number(event.identifiers[0].id);
    return this.claim(m, task, { ...changes, undo, undoUntil: new Date(now.getTime() + UNDO_WINDOW_MS) });
  }

  async snooze(caller: Principal, id: number, until: string): Promise<Task> {
    const today = this.today();
    if (!isDay(until) || until <= today)
      throw invalidField('until', `must be a day after today (${today}) as YYYY-MM-DD`);
    return this.ds.transaction(async (m) => {
      const task = await this.actionable(m, caller, id);
      const now = this.clock.now();
      return this.claim(m, task, {
        status: 'snoozed',
        snoozedUntil: until,
        updatedAt: now,
        undo: undoSnapshot(task),
        undoUntil: new Date(now.getTime() + UNDO_WINDOW_MS),
      });
    });
  }

  async skip(caller: Principal, id: number, reason: string): Promise<Task> {
    if (typeof reason !== 'string' || !reason.trim())
      throw invalidField('reason', 'say why the task is skipped');
    return this.ds.transaction(async (m) => {
      const task = await this.actionable(m, caller, id);
      const now = this.clock.now();
      return this.claim(m, task, {
        status: 'skipped',
        skipReason: reason.trim().slice(0, 2000),
        completedAt: now,
        snoozedUntil: null,
        updatedAt: now,
        undo: undoSnapshot(task),
        undoUntil: new Date(now.getTime() + UNDO_WINDOW_MS),
      });
    });
  }

  /** Puts the task back as it was before its last outcome, snooze or skip, within UNDO_WINDOW_MS. */
  async undo(caller: Principal, id: number): Promise<Task> {
    return this.ds.transaction(async (m) => {
      const task = await m.findOne(Task, { where: { id } });
      if (!task) throw new NotFound(`No task ${id}`);
      assertMayAct(caller, task);
      const now = this.clock.now();
      if (!task.undo || !task.undoUntil || task.undoUntil.getTime() < now.getTime())
        throw new Conflict(
          `Task ${id} has nothing to undo (an outcome can be undone for ${UNDO_WINDOW_MS / 60_000} minutes).`,
        );
      const u = task.undo;
      const r = await m.update(
        Task,
        { id, updatedAt: task.updatedAt },
        {
          status: u.status,
          dueDay: u.dueDay,
          snoozedUntil: u.snoozedUntil,
          outcome: u.outcome,
          outcomeNote: u.outcomeNote,
          skipReason: u.skipReason,
          completedAt: u.completedAt === null ? null : new Date(u.completedAt),
          attempts: u.attempts,
          undo: null,
          undoUntil: null,
          updatedAt: now,
        },
      );
      if (r.affected === 0) throw new Conflict(`Task ${id} just changed; reload and try again.`);
      if (u.contactEventId) await m.delete(ContactEvent, { id: u.contactEventId });
      if (u.phoneProblem !== undefined)
        await m.update(Customer, { id: task.customerId }, { phoneProblem: u.phoneProblem, updatedAt: now });
      if (u.noticeTaskId) await m.delete(Task, { id: u.noticeTaskId, status: In(['open', 'snoozed']) });
      return (await m.findOne(Task, { where: { id } }))!;
    });
  }

  private today(): string {
    return localDate(this.clock.now(), this.ownerSettings.get().timezone);
  }

  private async ruleParams(m: EntityManager, ruleId: number | null): Promise<Record<string, unknown> | null> {
    if (ruleId === null) return null;
    return (
      (await m.findOne(Rule, { where: { id: ruleId }, select: { id: true, params: true } }))?.params ?? null
    );
  }

  private async workingDays(m: EntityManager, userId: number | null): Promise<number[]> {
    const u = userId === null ? null : await m.findOne(User, { where: { id: userId } });
    return parseWorkingDays(u?.workingDays);
  }

  /** After the last try: a task for the first active owner saying who was not reached (task template `unreached`). */
  private async tellOwner(m: EntityManager, task: Task, attempts: number, now: Date): Promise<number | null> {
    const owner = await m.findOne(User, { where: { role: 'owner', active: true }, order: { id: 'ASC' } });
    const c = await m.findOne(Customer, { where: { id: task.customerId } });
    if (!owner || !c) return null;
    const name = customerName(c);
    const texts = this.texts
      ? await this.texts.compose(
          'unreached',
          {
            customer: touchCustomerOf(c),
          },
          { attempts, about: task.title },
        )
      : null;
    const own = texts?.[this.ownerSettings.get().defaultLocale] ?? (texts && Object.values(texts)[0]);
    const [made] = await insertTasks(
      m,
      [
        {
          touchId: null,
          ruleId: task.ruleId,
          customerId: task.customerId,
          kind: 'other',
          title: own?.title ?? `Not reached: ${name}`.slice(0, 300),
          reason: own?.reason ?? `${attempts} tries for “${task.title}” reached nobody.`,
          talkingPoints: own?.talkingPoints ?? '',
          texts: own ? texts : null,
          dueDay: this.today(),
          priority: task.priority,
          assigneeId: owner.id,
        },
      ],
      now,
    );
    return made.id;
  }

  private async actionable(m: EntityManager, caller: Principal, id: number): Promise<Task> {
    // Lock the row first (PostgreSQL): a try keeps the task open, so the status alone cannot
    // keep two people's outcomes apart; the second reads the task as the first left it.
    await rows(m, `SELECT id FROM tasks WHERE id = ?${forUpdate(m)}`, [id]);
    const task = await m.findOne(Task, { where: { id } });
    if (!task) throw new NotFound(`No task ${id}`);
    assertMayAct(caller, task);
    if (task.status !== 'open' && task.status !== 'snoozed')
      throw new Conflict(`Task ${id} is already ${task.status}.`);
    return task;
  }

  /** Writes the change only if the task is still open/snoozed, so two people finishing it at once record one outcome. */
  private async claim(m: EntityManager, task: Task, changes: Partial<Task>): Promise<Task> {
    const r = await m.update(Task, { id: task.id, status: In(['open', 'snoozed']) }, changes);
    if (r.affected === 0) throw new Conflict(`Task ${task.id} was just finished by someone else.`);
    return { ...task, ...changes } as Task;
  }
}
