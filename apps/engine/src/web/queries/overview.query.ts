import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Report } from '@touchbase/insights';
import { rows, Task, User } from '@touchbase/store';

export interface Bar {
  label: string;
  value: number;
}

export interface OpenTasksLine {
  userId: number | null;
  name: string | null;
  open: number;
  overdue: number;
}

export interface Overview {
  from: string;
  to: string;
  byRule: Bar[];
  byChannel: Bar[];
  maxBar: number;
  delivery: { delivered: number; failed: number; total: number };
  tasks: { done: number; total: number };
  openTasks: OpenTasksLine[];
  maxOpen: number;
  effects: string[];
}

/**
 * The owner's overview. The figures per rule and channel come from the insights area's report
 * (ReportService); this adds what the report does not hold: open tasks per staff member now.
 */
export interface BlockedLine {
  ruleId: number;
  ruleName: string;
  templateKey: string;
  channel: string;
  count: number;
}

@Injectable()
export class OverviewQuery {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Occasions held as blocked, per rule and channel (ix_touches_status_due); the banner's figures. */
  async blockedOccasions(): Promise<BlockedLine[]> {
    const found = await rows<{
      rule_id: number;
      name: string;
      template_key: string;
      channel: string;
      n: number;
    }>(
      this.ds.manager,
      `SELECT r.id AS rule_id, r.name AS name, r.template_key AS template_key, t.channel AS channel, COUNT(*) AS n
       FROM touches t JOIN rules r ON r.id = t.rule_id
       WHERE t.status = 'blocked'
       GROUP BY r.id, r.name, r.template_key, t.channel
       ORDER BY r.name, t.channel`,
      [],
    );
    return found.map((r) => ({
      ruleId: Number(r.rule_id),
      ruleName: r.name,
      templateKey: r.template_key,
      channel: r.channel ?? '',
      count: Number(r.n),
    }));
  }

  async openTasksByAssignee(today: string): Promise<OpenTasksLine[]> {
    const rows = await this.ds.manager
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
    return rows.map((r) => ({
      userId: r.userId == null ? null : Number(r.userId),
      name: r.name,
      open: Number(r.open),
      overdue: Number(r.overdue ?? 0),
    }));
  }

  /** Shapes the period's report and the open tasks for the page (bars, rates). */
  compose(
    period: { fromDay: string; toDay: string },
    report: Report,
    openTasks: OpenTasksLine[],
    effects: string[],
  ): Overview {
    const byRule = report.rules
      .filter((r) => r.totals.touches > 0)
      .map((r) => ({ label: r.ruleName, value: r.totals.touches }));
    const byChannel = report.channels
      .filter((c) => c.touches > 0)
      .map((c) => ({ label: c.channel, value: c.touches }));
    const sum = (pick: (c: Report['channels'][number]) => number) =>
      report.channels.reduce((n, c) => n + pick(c), 0);
    const delivered = sum((c) => c.delivered);
    const failed = sum((c) => c.failed);
    return {
      from: period.fromDay,
      to: period.toDay,
      byRule: byRule.sort((a, b) => b.value - a.value),
      byChannel: byChannel.sort((a, b) => b.value - a.value),
      maxBar: Math.max(0, ...byRule.map((b) => b.value), ...byChannel.map((b) => b.value)),
      delivery: { delivered, failed, total: delivered + failed },
      tasks: { done: sum((c) => c.tasksDone), total: sum((c) => c.tasksMade) },
      openTasks,
      maxOpen: Math.max(0, ...openTasks.map((o) => o.open)),
      effects,
    };
  }
}
