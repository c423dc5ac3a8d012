import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DateTime } from 'luxon';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { localDate } from '@touchbase/core';
import { inList, rows } from './sql';
import { talkingPoints } from './talking-points';

export interface DailyListItem {
  id: number;
  kind: string;
  title: string;
  reason: string;
  talkingPoints: string;
  status: 'open' | 'snoozed';
  /** The day it is due (for a snoozed task: the day it was snoozed until). */
  dueDay: string;
  overdueDays: number;
  priority: number;
  ruleId: number | null;
  touchId: number | null;
  customer: {
    id: number;
    name: string;
    phone: string | null;
    /** `tel:+49…` for a click-to-call link, or null. */
    telLink: string | null;
    email: string | null;
    birthday: string | null;
    notes: string;
    lifetimeSpendMinor: number;
    orderCount: number;
  };
  recentOrders: Array<{ id: number; externalId: string; placedAt: string; totalMinor: number; currency: string; items: string[] }>;
  lastContact: { at: string; kind: string; direction: string; summary: string } | null;
}

export interface DailyList {
  day: string;
  assigneeId: number;
  /** All tasks due today or overdue; `items` holds the first `limit` of them. */
  total: number;
  items: DailyListItem[];
}

/**
 * The daily follow-up list: a staff member's open tasks due today or overdue, and snoozed
 * tasks whose day has come, most important first — priority, then days overdue, then the
 * customer's lifetime spend. One indexed query picks and orders the page (tasks by
 * (assignee_id, status, due_day)); three more fetch customers, last 3 orders and last contact
 * for that page only.
 */
@Injectable()
export class DailyListService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  today(now: Date): string {
    return localDate(now, this.config.business.timezone);
  }

  async forAssignee(assigneeId: number, now: Date, limit = 100): Promise<DailyList> {
    const day = this.today(now);
    const m = this.ds.manager;
    const page = await rows<Record<string, any>>(
      m,
      `SELECT t.id, t.customer_id, t.kind, t.title, t.reason, t.talking_points, t.status, t.priority, t.rule_id, t.touch_id,
              CASE WHEN t.status = 'snoozed' THEN t.snoozed_until ELSE t.due_day END AS day,
              (SELECT COALESCE(SUM(o.total_minor), 0) FROM orders o WHERE o.customer_id = t.customer_id) AS spend,
              COUNT(*) OVER () AS total
         FROM tasks t JOIN customers c ON c.id = t.customer_id
        WHERE t.assignee_id = ? AND c.erased_at IS NULL
          AND ((t.status = 'open' AND t.due_day <= ?) OR (t.status = 'snoozed' AND t.snoozed_until <= ?))
        ORDER BY t.priority DESC, day ASC, spend DESC, t.id ASC
        LIMIT ?`,
      [assigneeId, day, day, limit],
    );
    if (!page.length) return { day, assigneeId, total: 0, items: [] };
    const ids = [...new Set(page.map((r) => Number(r.customer_id)))];
    const [customers, orders, contacts, counts] = await Promise.all([
      rows<Record<string, any>>(
        m,
        `SELECT id, first_name, last_name, email, phone, birthday_year, birthday_month, birthday_day, notes FROM customers WHERE id IN (${inList(ids)})`,
        ids,
      ),
      rows<Record<string, any>>(
        m,
        `SELECT * FROM (
           SELECT customer_id, id, external_id, placed_at, total_minor, currency, lines,
                  ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY placed_at DESC, id DESC) AS rn
             FROM orders WHERE customer_id IN (${inList(ids)})) x
          WHERE rn <= 3 ORDER BY customer_id, rn`,
        ids,
      ),
      rows<Record<string, any>>(
        m,
        `SELECT * FROM (
           SELECT customer_id, occurred_at, kind, direction, summary,
                  ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY occurred_at DESC, id DESC) AS rn
             FROM contact_events WHERE customer_id IN (${inList(ids)})) x
          WHERE rn = 1`,
        ids,
      ),
      rows<Record<string, any>>(m, `SELECT customer_id, COUNT(*) AS n FROM orders WHERE customer_id IN (${inList(ids)}) GROUP BY customer_id`, ids),
    ]);
    const byId = new Map(customers.map((c) => [Number(c.id), c]));
    const ordersOf = new Map<number, DailyListItem['recentOrders']>();
    for (const o of orders) {
      const list = ordersOf.get(Number(o.customer_id)) ?? [];
      list.push({
        id: Number(o.id),
        externalId: o.external_id,
        placedAt: new Date(Number(o.placed_at)).toISOString(),
        totalMinor: Number(o.total_minor),
        currency: o.currency,
        items: lineNames(o.lines),
      });
      ordersOf.set(Number(o.customer_id), list);
    }
    const contactOf = new Map(contacts.map((c) => [Number(c.customer_id), c]));
    const countOf = new Map(counts.map((c) => [Number(c.customer_id), Number(c.n)]));
    const zone = this.config.business.timezone;
    const todayDt = DateTime.fromISO(day, { zone: 'UTC' });

    const items = page.map((t): DailyListItem => {
      const cid = Number(t.customer_id);
      const c = byId.get(cid) ?? {};
      const recentOrders = ordersOf.get(cid) ?? [];
      const contact = contactOf.get(cid);
      const lastContact = contact
        ? { at: new Date(Number(contact.occurred_at)).toISOString(), kind: contact.kind, direction: contact.direction, summary: contact.summary ?? '' }
        : null;
      const spend = Number(t.spend);
      const orderCount = countOf.get(cid) ?? 0;
      const birthday = c.birthday_month && c.birthday_day ? { month: Number(c.birthday_month), day: Number(c.birthday_day) } : null;
      return {
        id: Number(t.id),
        kind: t.kind,
        title: t.title,
        reason: t.reason ?? '',
        talkingPoints: talkingPoints(
          {
            firstName: c.first_name ?? '',
            taskPoints: t.talking_points ?? '',
            recentOrders: recentOrders.map((o) => ({ placedAt: new Date(o.placedAt), totalMinor: o.totalMinor, currency: o.currency, items: o.items })),
            lastContact: lastContact ? { at: new Date(lastContact.at), kind: lastContact.kind, summary: lastContact.summary } : null,
            birthday,
            notes: c.notes ?? '',
            lifetimeSpendMinor: spend,
            orderCount,
          },
          day,
          zone,
          this.config.business.defaultLocale,
        ),
        status: t.status,
        dueDay: t.day,
        overdueDays: Math.max(0, Math.round(todayDt.diff(DateTime.fromISO(t.day, { zone: 'UTC' }), 'days').days)),
        priority: Number(t.priority),
        ruleId: t.rule_id == null ? null : Number(t.rule_id),
        touchId: t.touch_id == null ? null : Number(t.touch_id),
        customer: {
          id: cid,
          name: [c.first_name, c.last_name].filter(Boolean).join(' ') || `Customer ${cid}`,
          phone: c.phone ?? null,
          telLink: c.phone ? `tel:${String(c.phone).replace(/[^+\d]/g, '')}` : null,
          email: c.email ?? null,
          birthday: birthday
            ? c.birthday_year
              ? `${String(c.birthday_year).padStart(4, '0')}-${pad(birthday.month)}-${pad(birthday.day)}`
              : `--${pad(birthday.month)}-${pad(birthday.day)}`
            : null,
          notes: c.notes ?? '',
          lifetimeSpendMinor: spend,
          orderCount,
        },
        recentOrders,
        lastContact,
      };
    });
    return { day, assigneeId, total: Number(page[0].total), items };
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lineNames(lines: unknown): string[] {
  try {
    const parsed = typeof lines === 'string' ? JSON.parse(lines) : lines;
    return Array.isArray(parsed) ? parsed.map((l: { name?: string; sku?: string }) => l.name || l.sku || '').filter(Boolean) : [];
  } catch {
    return [];
  }
}
