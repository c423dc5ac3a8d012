import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { addDays, localDate, localDateTimeToInstant } from '@touchbase/core';
import { inList, rows, SettingsService, tierNameSql } from '@touchbase/store';
import { DailyList, dailyListItem, recentOrdersByCustomer } from './daily-list-item';

/** Items per answer unless asked otherwise: a day's work; `total` still counts every due task. */
export const DAILY_LIST_PAGE = 50;

/**
 * The daily follow-up list: a staff member's open tasks due today or overdue, and snoozed
 * tasks whose day has come, most important first — priority, then days overdue, then the
 * customer's lifetime spend. Indexed queries (tasks by (assignee_id, status, due_day)) count
 * and pick the page; four more fetch customers, last 3 orders, order counts and last contact
 * for that page only. Tasks of erased/deleted customers are skipped by ingest, so they are
 * not expected here; the page query leaves out any that slipped through.
 */
@Injectable()
export class DailyListService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  today(now: Date): string {
    return localDate(now, this.ownerSettings.get().timezone);
  }

  /** `locale`: the reader's language — task texts in it when the task has them, else the business's. */
  /**
   * How many of the person's tasks were closed on `day` (done or skipped), read from the index
   * (assignee_id, completed_at), which holds completed tasks only. A try that brings a task back another day is not counted: finding
   * those would read every future task of the person (it doubled the list's cost at 100,000 tasks).
   */
  async doneToday(assigneeId: number, day: string): Promise<number> {
    const zone = this.ownerSettings.get().timezone;
    const from = localDateTimeToInstant(day, '00:00', zone).getTime();
    const to = localDateTimeToInstant(addDays(day, 1), '00:00', zone).getTime();
    const [r] = await rows<{ n: number | string }>(
      this.ds.manager,
      `SELECT COUNT(*) AS n FROM tasks WHERE assignee_id = ? AND completed_at >= ? AND completed_at < ? AND status IN ('done', 'skipped')`,
      [assigneeId, from, to],
    );
    return Number(r.n);
  }

  async forAssignee(
    assigneeId: number,
    now: Date,
    limit = DAILY_LIST_PAGE,
    locale: string = this.ownerSettings.get().defaultLocale,
  ): Promise<DailyList> {
    const day = this.today(now);
    const m = this.ds.manager;
    // 1. how many are due, 2. the (priority, day) of the last item on the page — both read the
    //    index (assignee_id, status, due_day, priority) only; 3. the page: only tasks up to that
    //    cut-off (ties included) are joined to their customer and get the lifetime spend computed
    //    for the final order, so the cost does not grow with the backlog; 4./5. the last 3 orders
    //    and the last contact of each customer on the page (window functions over their rows).
    const candidates = (cut: boolean) =>
      `SELECT t.id AS id, t.priority AS priority, t.due_day AS day FROM tasks t
        WHERE t.assignee_id = ? AND t.status = 'open' AND t.due_day <= ?${cut ? ' AND (t.priority > ? OR (t.priority = ? AND t.due_day <= ?))' : ''}
       UNION ALL
       SELECT t.id AS id, t.priority AS priority, t.snoozed_until AS day FROM tasks t
        WHERE t.assignee_id = ? AND t.status = 'snoozed' AND t.snoozed_until <= ?${cut ? ' AND (t.priority > ? OR (t.priority = ? AND t.snoozed_until <= ?))' : ''}`;
    const base = [assigneeId, day];
    // count, cut-off and today's done count side by side (three pool connections on PostgreSQL:
    // one round trip's wait instead of two, which is what a busy machine makes expensive)
    const [[{ n }], [last], doneToday] = await Promise.all([
      rows<{ n: number | string }>(m, `SELECT COUNT(*) AS n FROM (${candidates(false)}) x`, [
        ...base,
        ...base,
      ]),
      rows<{ priority: number; day: string }>(
        m,
        `SELECT priority, day FROM (${candidates(false)}) x ORDER BY priority DESC, day ASC LIMIT 1 OFFSET ?`,
        [...base, ...base, limit - 1],
      ),
      this.doneToday(assigneeId, day),
    ]);
    const total = Number(n);
    if (!total) return { day, assigneeId, total: 0, doneToday, items: [] };
    let cut = false;
    let params = [...base, ...base];
    if (total > limit && last) {
      const c = [Number(last.priority), Number(last.priority), last.day];
      cut = true;
      params = [...base, ...c, ...base, ...c];
    }
    const pageQuery = (withCut: boolean) =>
      rows<Record<string, any>>(
        m,
        `SELECT t.id, t.customer_id, t.kind, t.title, t.reason, t.talking_points, t.texts, t.attempts, t.status, t.priority, t.rule_id, t.touch_id, t.printed_at, t.inbound, x.day,
                c.first_name, c.last_name, c.email, c.phone, c.street, c.postcode, c.city, c.country, c.birthday_year, c.birthday_month, c.birthday_day, c.notes,
                (SELECT COALESCE(SUM(o.total_minor), 0) FROM orders o WHERE o.customer_id = t.customer_id) AS spend,
                (SELECT COUNT(*) FROM orders o WHERE o.customer_id = t.customer_id) AS order_count,
                ${tierNameSql('c')} AS tier_name
           FROM (${candidates(withCut)}) x
           JOIN tasks t ON t.id = x.id
           JOIN customers c ON c.id = t.customer_id
          WHERE c.erased_at IS NULL
          ORDER BY x.priority DESC, x.day ASC, spend DESC, t.id ASC
          LIMIT ?`,
        [...(withCut ? params : [...base, ...base]), limit],
      );
    let page = await pageQuery(cut);
    // an erased customer's task (erase normally skips them) took a place before the cut-off: redo without it
    if (cut && page.length < limit) page = await pageQuery(false);
    if (!page.length) return { day, assigneeId, total: 0, doneToday, items: [] };
    const ids = [...new Set(page.map((r) => Number(r.customer_id)))];
    const latest = (table: string, columns: string, order: string, take: number) =>
      `SELECT * FROM (SELECT ${columns}, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ${order}) AS rn
          FROM ${table} WHERE customer_id IN (${inList(ids)})) x WHERE rn <= ${take}`;
    const [orders, contacts] = await Promise.all([
      rows<Record<string, any>>(
        m,
        latest(
          'orders',
          'customer_id, id, external_id, placed_at, total_minor, currency, lines',
          'placed_at DESC, id DESC',
          3,
        ),
        ids,
      ),
      rows<Record<string, any>>(
        m,
        latest(
          'contact_events',
          'customer_id, occurred_at, kind, direction, summary',
          'occurred_at DESC, id DESC',
          1,
        ),
        ids,
      ),
    ]);
    const ordersOf = recentOrdersByCustomer(orders);
    const contactOf = new Map(contacts.map((c) => [Number(c.customer_id), c]));
    const zone = this.ownerSettings.get().timezone;
    const ctx = { day, zone, locale, phoneRegion: this.config.business.phoneRegion };
    const items = page.map((t) =>
      dailyListItem(t, ordersOf.get(Number(t.customer_id)) ?? [], contactOf.get(Number(t.customer_id)), ctx),
    );
    return { day, assigneeId, total, doneToday, items };
  }
}
