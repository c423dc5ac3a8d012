import { Inject, Injectable } from '@nestjs/common';
import { EntityManager, DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, Conflict, invalidField, localDate, NotFound } from '@touchbase/core';
import { ContactEvent, Task } from '@touchbase/store';
import { Principal } from './principal';
import { assertMayAct, isDay } from './tasks.service';

export const OUTCOMES = ['reached', 'left_message', 'no_answer', 'card_sent', 'set_aside', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];
/** Outcomes after which the task may come back another day. */
const REQUEUEABLE: readonly string[] = ['no_answer', 'left_message'];

/** The contact-history kind an outcome is recorded as. */
export function contactKind(taskKind: string, outcome: Outcome): string {
  if (outcome === 'card_sent') return 'card';
  if (outcome === 'set_aside') return 'set_aside';
  if (taskKind === 'card' || taskKind === 'set_aside') return taskKind;
  return outcome === 'other' && taskKind === 'other' ? 'note' : 'call';
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  reached: 'Reached',
  left_message: 'Left a message',
  no_answer: 'No answer',
  card_sent: 'Card sent',
  set_aside: 'Unit set aside',
  other: 'Done',
};

/**
 * What happened: done (with an outcome, written to the contact history in the same
 * transaction, so a check-in call resets the top-customer rule's "no contact" clock),
 * snoozed until a day, or skipped with a reason. "No answer" / "left a message" may re-queue
 * the task for a later day instead of closing it.
 */
@Injectable()
export class OutcomesService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async done(
    caller: Principal,
    id: number,
    input: { outcome: string; note?: string; requeueOn?: string },
  ): Promise<Task> {
    if (!OUTCOMES.includes(input.outcome as Outcome))
      throw invalidField('outcome', `must be one of ${OUTCOMES.join(', ')}`);
    const outcome = input.outcome as Outcome;
    const today = this.today();
    if (input.requeueOn !== undefined) {
      if (!REQUEUEABLE.includes(outcome))
        throw invalidField('requeueOn', `only a no_answer or left_message outcome can re-queue a task`);
      if (!isDay(input.requeueOn) || input.requeueOn <= today)
        throw invalidField('requeueOn', `must be a day after today (${today}) as YYYY-MM-DD`);
    }
    const note = (input.note ?? '').trim();
    return this.ds.transaction(async (m) => {
      const task = await this.actionable(m, caller, id);
      const now = this.clock.now();
      const requeue = input.requeueOn !== undefined;
      const changes: Partial<Task> = requeue
        ? {
            status: 'open',
            dueDay: input.requeueOn,
            snoozedUntil: null,
            outcome,
            outcomeNote: note || null,
            updatedAt: now,
          }
        : {
            status: 'done',
            outcome,
            outcomeNote: note || null,
            completedAt: now,
            snoozedUntil: null,
            updatedAt: now,
          };
      await this.claim(m, task, changes);
      await m.insert(ContactEvent, {
        customerId: task.customerId,
        occurredAt: now,
        direction: 'out',
        kind: contactKind(task.kind, outcome),
        summary:
          `${OUTCOME_WORDS[outcome]}${note ? `: ${note}` : ''}${requeue ? ` (again on ${input.requeueOn})` : ''}`.slice(
            0,
            2000,
          ),
        touchId: task.touchId,
        messageId: null,
        taskId: task.id,
        userId: caller.id,
      });
      return { ...task, ...changes } as Task;
    });
  }

  async snooze(caller: Principal, id: number, until: string): Promise<Task> {
    const today = this.today();
    if (!isDay(until) || until <= today)
      throw invalidField('until', `must be a day after today (${today}) as YYYY-MM-DD`);
    return this.ds.transaction(async (m) => {
      const task = await this.actionable(m, caller, id);
      const changes: Partial<Task> = { status: 'snoozed', snoozedUntil: until, updatedAt: this.clock.now() };
      await this.claim(m, task, changes);
      return { ...task, ...changes } as Task;
    });
  }

  async skip(caller: Principal, id: number, reason: string): Promise<Task> {
    if (typeof reason !== 'string' || !reason.trim())
      throw invalidField('reason', 'say why the task is skipped');
    return this.ds.transaction(async (m) => {
      const task = await this.actionable(m, caller, id);
      const now = this.clock.now();
      const changes: Partial<Task> = {
        status: 'skipped',
        skipReason: reason.trim(),
        completedAt: now,
        snoozedUntil: null,
        updatedAt: now,
      };
      await this.claim(m, task, changes);
      return { ...task, ...changes } as Task;
    });
  }

  private today(): string {
    return localDate(this.clock.now(), this.config.business.timezone);
  }

  private async actionable(m: EntityManager, caller: Principal, id: number): Promise<Task> {
    const task = await m.findOne(Task, { where: { id } });
    if (!task) throw new NotFound(`No task ${id}`);
    assertMayAct(caller, task);
    if (task.status !== 'open' && task.status !== 'snoozed')
      throw new Conflict(`Task ${id} is already ${task.status}.`);
    return task;
  }

  /** Writes the change only if the task is still open/snoozed, so two people finishing it at once record one outcome. */
  private async claim(m: EntityManager, task: Task, changes: Partial<Task>): Promise<void> {
    const r = await m.update(Task, { id: task.id, status: In(['open', 'snoozed']) }, changes);
    if (r.affected === 0) throw new Conflict(`Task ${task.id} was just finished by someone else.`);
  }
}
