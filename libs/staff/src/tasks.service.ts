import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import {
  Clock,
  Forbidden,
  invalidField,
  localDate,
  NotFound,
  TASK_STATUSES,
  TaskAssigner,
  ValidationFailed,
} from '@touchbase/core';
import {
  Customer,
  insertTasks,
  type NewTask as TaskRow,
  Task,
  User,
  SettingsService,
  tierNamesOf,
} from '@touchbase/store';
import { isAwayOn, ownDay } from './availability';
import { Principal } from './principal';
import {
  assertMayAct,
  NewTask,
  TaskChanges,
  TaskFilter,
  TaskListItem,
  taskView,
  validateTask,
} from './task-fields';

/** Tasks made by hand and their changes (rules insert theirs directly, with the TaskAssigner). */
@Injectable()
export class TasksService {
  constructor(
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly assigner: TaskAssigner,
    private readonly clock: Clock,
    private readonly ownerSettings: SettingsService,
  ) {}

  today(): string {
    return localDate(this.clock.now(), this.ownerSettings.get().timezone);
  }

  async create(caller: Principal, input: NewTask): Promise<Task> {
    const problems = validateTask(input, true);
    if (problems.length) throw new ValidationFailed(problems);
    const customer = await this.customers.findOne({ where: { id: input.customerId } });
    if (!customer || customer.erasedAt) throw invalidField('customerId', `no customer ${input.customerId}`);
    let assigneeId: number | null;
    if (input.assigneeId !== undefined && input.assigneeId !== null) {
      if (caller.role !== 'owner' && input.assigneeId !== caller.id)
        throw invalidField(
          'assigneeId',
          'staff can only make tasks for themselves; leave it out or use your own id',
        );
      await this.assertAssignable(input.assigneeId);
      assigneeId = input.assigneeId;
    } else {
      assigneeId =
        caller.role === 'owner'
          ? await this.assigner.assigneeFor({ id: customer.id, accountOwnerId: customer.accountOwnerId })
          : caller.id;
    }
    const now = this.clock.now();
    const task: TaskRow = {
      customerId: customer.id,
      kind: input.kind,
      title: input.title.trim(),
      reason: input.reason ?? '',
      talkingPoints: input.talkingPoints ?? '',
      dueDay: input.dueDay ?? this.today(),
      priority: input.priority ?? 0,
      assigneeId,
      createdById: caller.id,
    };
    const [{ id }] = await insertTasks(this.tasks.manager, [task], now);
    return this.tasks.create({
      ...task,
      id,
      status: 'open',
      touchId: null,
      ruleId: null,
      createdAt: now,
      updatedAt: now,
    });
  }

  async get(caller: Principal, id: number): Promise<Task> {
    const task = await this.tasks.findOne({ where: { id } });
    if (!task) throw new NotFound(`No task ${id}`);
    assertMayAct(caller, task);
    return task;
  }

  async update(caller: Principal, id: number, changes: TaskChanges): Promise<Task> {
    if (changes.status !== undefined)
      throw invalidField('status', 'set the status with POST /api/tasks/:id/done, /snooze or /skip');
    const problems = validateTask(changes, false);
    if (problems.length) throw new ValidationFailed(problems);
    const task = await this.get(caller, id);
    if (changes.assigneeId !== undefined && changes.assigneeId !== task.assigneeId) {
      if (caller.role !== 'owner') throw invalidField('assigneeId', 'only an owner can reassign a task');
      if (changes.assigneeId !== null) await this.assertAssignable(changes.assigneeId, true);
      task.assigneeId = changes.assigneeId;
    }
    if (changes.title !== undefined) task.title = changes.title.trim();
    if (changes.reason !== undefined) task.reason = changes.reason;
    if (changes.talkingPoints !== undefined) task.talkingPoints = changes.talkingPoints;
    if (changes.dueDay !== undefined) task.dueDay = changes.dueDay;
    if (changes.priority !== undefined) task.priority = changes.priority;
    task.updatedAt = this.clock.now();
    return this.tasks.save(task);
  }

  /**
   * An owner gives one or many tasks to someone (or to nobody: `assigneeId` null) in one UPDATE;
   * all or nothing — an unknown id is refused (404 naming it) and nothing changes.
   */
  async reassignMany(caller: Principal, ids: number[], assigneeId: number | null): Promise<number> {
    if (caller.role !== 'owner') throw new Forbidden('Only an owner can reassign tasks.');
    if (!Array.isArray(ids) || !ids.length || ids.length > 500 || ids.some((id) => !Number.isInteger(id)))
      throw invalidField('ids', 'must list 1 to 500 task ids');
    if (assigneeId !== null) await this.assertAssignable(assigneeId, true);
    const unique = [...new Set(ids)];
    return this.tasks.manager.transaction(async (m) => {
      const found = await m.find(Task, { select: { id: true }, where: { id: In(unique) } });
      const missing = unique.filter((id) => !found.some((t) => t.id === id));
      if (missing.length) throw new NotFound(`No task ${missing.join(', ')}`);
      await m.update(Task, { id: In(unique) }, { assigneeId, updatedAt: this.clock.now() });
      return unique.length;
    });
  }

  /** Staff see their own tasks; owners anyone's (or all). */
  async list(caller: Principal, filter: TaskFilter): Promise<Task[]> {
    if (filter.status !== undefined && !TASK_STATUSES.includes(filter.status as never))
      throw invalidField('status', `must be one of ${TASK_STATUSES.join(', ')}`);
    let assigneeId = filter.assigneeId;
    if (caller.role !== 'owner') {
      if (assigneeId !== undefined && assigneeId !== caller.id)
        throw new Forbidden('Staff can only list their own tasks.');
      assigneeId = caller.id;
    }
    return this.tasks.find({
      where: {
        ...(assigneeId !== undefined ? { assigneeId } : {}),
        ...(filter.status ? { status: filter.status } : { status: In(['open', 'snoozed']) }),
        ...(filter.customerId !== undefined ? { customerId: filter.customerId } : {}),
      },
      order: { dueDay: 'ASC', priority: 'DESC', id: 'ASC' },
      take: Math.min(filter.limit ?? 100, 500),
      skip: filter.offset ?? 0,
    });
  }

  /** list() as the API answers it: each task's view in `locale`, with its customer's tier (one query per page). */
  async listViews(caller: Principal, filter: TaskFilter, locale?: string): Promise<TaskListItem[]> {
    const tasks = await this.list(caller, filter);
    const tiers = await tierNamesOf(
      this.tasks.manager,
      tasks.map((t) => t.customerId),
    );
    return tasks.map((t) => ({
      ...taskView(t, locale),
      customer: { id: t.customerId, tier: tiers.get(t.customerId) ?? null },
    }));
  }

  /** An active user; when reassigning, not someone in their away period today (docs/staff.md#the-team-page). */
  private async assertAssignable(userId: number, reassigning = false): Promise<void> {
    const user = await this.users.findOne({ where: { id: userId } });
    if (!user || !user.active) throw invalidField('assigneeId', `no active user ${userId}`);
    if (reassigning && isAwayOn(user, ownDay(user, this.clock.now(), this.ownerSettings.get().timezone)))
      throw invalidField(
        'assigneeId',
        `${user.name} is away ${user.awayUntil ? `until ${user.awayUntil}` : 'for now'}; give the tasks to someone else`,
      );
  }
}
