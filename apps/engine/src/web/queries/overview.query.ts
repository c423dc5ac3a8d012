import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { OutboxMessage, Rule, Task, Touch, User } from '@touchbase/store';

export interface Bar {
  label: string;
  value: number;
}

export interface Overview {
  from: string;
  to: string;
  byRule: Bar[];
  byChannel: Bar[];
  maxBar: number;
  delivery: { delivered: number; failed: number; total: number };
  tasks: { done: number; total: number };
  openTasks: Array<{ userId: number | null; name: string | null; open: number; overdue: number }>;
  maxOpen: number;
}

/** Touches that reached someone (a message queued or sent, or a task made). */
const MADE = ['queued', 'sent', 'task'];

/**
 * The owner's overview for the current week (Monday to Sunday in the business's timezone):
 * touches by rule and channel, delivery and task-completion rates, open tasks per staff member.
 * A handful of GROUP BY queries with integer instant bounds, the same on SQLite and PostgreSQL.
 */
@Injectable()
export class OverviewQuery {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async week(now: Date): Promise<Overview> {
    const zone = this.config.business.timezone;
    const start = DateTime.fromJSDate(now, { zone }).startOf('week');
    const end = start.plus({ weeks: 1 });
    const range = { from: start.toMillis(), to: end.toMillis() };
    const today = DateTime.fromJSDate(now, { zone }).toISODate()!;
    const fromDay = start.toISODate()!;
    const toDay = end.minus({ days: 1 }).toISODate()!;
    const m = this.ds.manager;

    const byRuleRows = await m
      .createQueryBuilder(Touch, 't')
      .innerJoin(Rule, 'r', 'r.id = t.rule_id')
      .select('r.name', 'label')
      .addSelect('COUNT(*)', 'value')
      .where('t.due_at >= :from AND t.due_at < :to', range)
      .andWhere('t.status IN (:...made)', { made: MADE })
      .groupBy('r.name')
      .orderBy('value', 'DESC')
      .getRawMany<{ label: string; value: string }>();
    const byChannelRows = await m
      .createQueryBuilder(Touch, 't')
      .select("COALESCE(t.channel, '?')", 'label')
      .addSelect('COUNT(*)', 'value')
      .where('t.due_at >= :from AND t.due_at < :to', range)
      .andWhere('t.status IN (:...made)', { made: MADE })
      .groupBy("COALESCE(t.channel, '?')")
      .orderBy('value', 'DESC')
      .getRawMany<{ label: string; value: string }>();
    const delivery = await m
      .createQueryBuilder(OutboxMessage, 'o')
      .select('o.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('o.created_at >= :from AND o.created_at < :to', range)
      .groupBy('o.status')
      .getRawMany<{ status: string; n: string }>();
    const taskRows = await m
      .createQueryBuilder(Task, 'k')
      .select('k.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .where('k.due_day >= :fromDay AND k.due_day <= :toDay', { fromDay, toDay })
      .groupBy('k.status')
      .getRawMany<{ status: string; n: string }>();
    const openRows = await m
      .createQueryBuilder(Task, 'k')
      .leftJoin(User, 'u', 'u.id = k.assignee_id')
      .select('k.assignee_id', 'userId')
      .addSelect('u.name', 'name')
      .addSelect('COUNT(*)', 'open')
      .addSelect('SUM(CASE WHEN k.due_day < :today THEN 1 ELSE 0 END)', 'overdue')
      .where("k.status = 'open'")
      .setParameter('today', today)
      .groupBy('k.assignee_id')
      .addGroupBy('u.name')
      .orderBy('open', 'DESC')
      .getRawMany<{ userId: number | null; name: string | null; open: string; overdue: string }>();

    const count = (rows: Array<{ status: string; n: string }>, statuses: string[]) =>
      rows.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + Number(r.n), 0);
    const bars = (rows: Array<{ label: string; value: string }>) => rows.map((r) => ({ label: r.label, value: Number(r.value) }));
    const byRule = bars(byRuleRows);
    const byChannel = bars(byChannelRows);
    const openTasks = openRows.map((r) => ({ userId: r.userId == null ? null : Number(r.userId), name: r.name, open: Number(r.open), overdue: Number(r.overdue ?? 0) }));
    const delivered = count(delivery, ['sent', 'delivered']);
    const failed = count(delivery, ['failed', 'undelivered']);
    return {
      from: fromDay,
      to: toDay,
      byRule,
      byChannel,
      maxBar: Math.max(0, ...byRule.map((b) => b.value), ...byChannel.map((b) => b.value)),
      delivery: { delivered, failed, total: delivered + failed },
      tasks: { done: count(taskRows, ['done']), total: count(taskRows, ['done', 'open', 'snoozed', 'skipped']) },
      openTasks,
      maxOpen: Math.max(0, ...openTasks.map((o) => o.open)),
    };
  }
}
