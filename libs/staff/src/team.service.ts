import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { Forbidden, localDate, localDateTimeToInstant } from '@touchbase/core';
import { customerName, num, rows, SettingsService, User } from '@touchbase/store';
import { isAwayOn, isOffOn, ownDay } from './availability';
import { textsIn } from './daily-list-item';
import { Principal } from './principal';
import { daysBetween } from './talking-points';

/** How many tasks a team list shows; `total` still counts them all. */
export const TEAM_LIST_PAGE = 100;

export interface TeamPerson {
  id: number;
  name: string;
  role: string;
  /** Open and snoozed tasks on their list. */
  open: number;
  /** Open tasks whose day has passed. */
  overdue: number;
  /** Tasks they closed as done since Monday (the business's week). */
  doneThisWeek: number;
  /** Off today in their own zone: not a working day, or in their away period. */
  offToday: boolean;
  /** In their away period today: tasks cannot be given to them (docs/staff.md#the-team-page). */
  away: boolean;
  /** The away period's last day (null: open-ended, or not away). */
  awayUntil: string | null;
  coverUserId: number | null;
}

export interface TeamTask {
  id: number;
  kind: string;
  title: string;
  status: string;
  dueDay: string;
  overdueDays: number;
  priority: number;
  assigneeId: number | null;
  printedAt: string | null;
  customer: { id: number; name: string };
}

export interface TeamList {
  total: number;
  items: TeamTask[];
}

export interface TeamOverview {
  day: string;
  weekStart: string;
  people: TeamPerson[];
  unassigned: TeamList;
  overdue: TeamList;
}

/** Which tasks a team list holds: nobody's, the overdue ones, or one person's open ones. */
export type TeamListKind = { kind: 'unassigned' } | { kind: 'overdue' } | { kind: 'person'; id: number };

/**
 * The owner's view of the team (docs/staff.md#the-team-page): each person's open, overdue and
 * done-this-week figures, the unassigned and overdue tasks, and one person's list. Counts are
 * grouped queries over the tasks indexes; lists are capped at TEAM_LIST_PAGE.
 */
@Injectable()
export class TeamService {
  constructor(
    private readonly ds: DataSource,
    private readonly ownerSettings: SettingsService,
  ) {}

  async overview(caller: Principal, now: Date, locale?: string): Promise<TeamOverview> {
    assertOwner(caller);
    const zone = this.ownerSettings.get().timezone;
    const day = localDate(now, zone);
    const weekStart = DateTime.fromISO(day, { zone }).startOf('week').toISODate()!;
    const from = localDateTimeToInstant(weekStart, '00:00', zone).getTime();
    const m = this.ds.manager;
    const [users, openRows, doneRows, unassigned, overdue] = await Promise.all([
      m.find(User, { where: { active: true }, order: { name: 'ASC', id: 'ASC' } }),
      rows<Record<string, unknown>>(
        m,
        `SELECT assignee_id, COUNT(*) AS open, SUM(CASE WHEN status = 'open' AND due_day < ? THEN 1 ELSE 0 END) AS overdue
           FROM tasks WHERE status IN ('open', 'snoozed') AND assignee_id IS NOT NULL GROUP BY assignee_id`,
        [day],
      ),
      rows<Record<string, unknown>>(
        m,
        `SELECT assignee_id, COUNT(*) AS n FROM tasks
          WHERE status = 'done' AND completed_at >= ? AND assignee_id IS NOT NULL GROUP BY assignee_id`,
        [from],
      ),
      this.list(caller, { kind: 'unassigned' }, now, locale),
      this.list(caller, { kind: 'overdue' }, now, locale),
    ]);
    const openOf = new Map(openRows.map((r) => [num(r.assignee_id), r]));
    const doneOf = new Map(doneRows.map((r) => [num(r.assignee_id), num(r.n)]));
    const people = users.map((u): TeamPerson => {
      const own = ownDay(u, now, zone);
      const away = isAwayOn(u, own);
      return {
        id: u.id,
        name: u.name,
        role: u.role,
        open: num(openOf.get(u.id)?.open),
        overdue: num(openOf.get(u.id)?.overdue),
        doneThisWeek: doneOf.get(u.id) ?? 0,
        offToday: isOffOn(u, own),
        away,
        awayUntil: away ? u.awayUntil : null,
        coverUserId: u.coverUserId,
      };
    });
    return { day, weekStart, people, unassigned, overdue };
  }

  /** One of the team lists, most urgent first (oldest day, then priority). */
  async list(caller: Principal, which: TeamListKind, now: Date, locale?: string): Promise<TeamList> {
    assertOwner(caller);
    const day = localDate(now, this.ownerSettings.get().timezone);
    const [where, params]: [string, unknown[]] =
      which.kind === 'unassigned'
        ? [`t.assignee_id IS NULL AND t.status IN ('open', 'snoozed')`, []]
        : which.kind === 'overdue'
          ? [`t.status = 'open' AND t.due_day < ?`, [day]]
          : [`t.assignee_id = ? AND t.status IN ('open', 'snoozed')`, [which.id]];
    const m = this.ds.manager;
    const [[{ n }], page] = await Promise.all([
      rows<{ n: unknown }>(m, `SELECT COUNT(*) AS n FROM tasks t WHERE ${where}`, params),
      rows<Record<string, any>>(
        m,
        `SELECT t.id, t.kind, t.title, t.texts, t.status, t.due_day, t.snoozed_until, t.priority, t.assignee_id, t.printed_at,
                c.id AS customer_id, c.first_name, c.last_name
           FROM tasks t JOIN customers c ON c.id = t.customer_id
          WHERE ${where}
          ORDER BY CASE WHEN t.status = 'snoozed' THEN t.snoozed_until ELSE t.due_day END ASC, t.priority DESC, t.id ASC LIMIT ${TEAM_LIST_PAGE}`,
        params,
      ),
    ]);
    const lang = locale ?? this.ownerSettings.get().defaultLocale;
    const items = page.map((t): TeamTask => {
      const due = t.status === 'snoozed' && t.snoozed_until ? String(t.snoozed_until) : String(t.due_day);
      return {
        id: num(t.id),
        kind: t.kind,
        title: textsIn(t.texts, lang)?.title ?? t.title,
        status: t.status,
        dueDay: due,
        overdueDays: Math.max(0, daysBetween(due, day)),
        priority: num(t.priority),
        assigneeId: t.assignee_id == null ? null : num(t.assignee_id),
        printedAt: t.printed_at == null ? null : new Date(num(t.printed_at)).toISOString(),
        customer: {
          id: num(t.customer_id),
          name: customerName({ id: num(t.customer_id), firstName: t.first_name, lastName: t.last_name }),
        },
      };
    });
    return { total: num(n), items };
  }
}

function assertOwner(caller: Principal): void {
  if (caller.role !== 'owner') throw new Forbidden('Only an owner can see the team.');
}
