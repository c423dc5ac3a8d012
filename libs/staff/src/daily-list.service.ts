import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { addDays, localDate, localDateTimeToInstant, postalLines, type TaskTexts } from '@touchbase/core';
import { daysBetween, talkingPoints } from './talking-points';
import { OUTCOMES_BY_KIND } from './task-outcomes';
import { inList, rows, SettingsService, tierNameSql } from '@touchbase/store';

/** Items per answer unless asked otherwise: a day's work; `total` still counts every due task. */
export const DAILY_LIST_PAGE = 50;

export interface DailyListItem {
  id: number;
  kind: string;
  /** The outcomes this kind offers, in button order. */
  outcomes: readonly string[];
  /** Tries that reached nobody so far. */
  attempts: number;
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
  /** When a card task's card and label were last printed, or null. */
  printedAt: string | null;
  /** A reply task's channel: the answer form sends on it (sms for older reply tasks). */
  replyChannel: 'sms' | 'email' | null;
  customer: {
    id: number;
    name: string;
    phone: string | null;
    /** `tel:+49…` for a click-to-call link, or null. */
    telLink: string | null;
    email: string | null;
    birthday: string | null;
    notes: string;
    /** The postal address on one line ("Hauptstr. 1, 10115 Berlin, DE"), or null. */
    address: string | null;
    lifetimeSpendMinor: number;
    orderCount: number;
    /** The customer's service tier (docs/ingest.md#service-tiers), or null. */
    tier: string | null;
  };
  recentOrders: Array<{
    id: number;
    externalId: string;
    placedAt: string;
    totalMinor: number;
    currency: string;
    items: string[];
  }>;
  lastContact: { at: string; kind: string; direction: string; summary: string } | null;
}

export interface DailyList {
  day: string;
  assigneeId: number;
  /** All tasks due today or overdue; `items` holds the first `limit` of them. */
  total: number;
  /** Tasks closed today (done or skipped): "4 of 12 done today". */
  doneToday: number;
  items: DailyListItem[];
}

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
    orders.sort((a, b) => Number(b.placed_at) - Number(a.placed_at) || Number(b.id) - Number(a.id));
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
    const zone = this.ownerSettings.get().timezone;

    const items = page.map((t): DailyListItem => {
      const cid = Number(t.customer_id);
      const c = t;
      const recentOrders = ordersOf.get(cid) ?? [];
      const contact = contactOf.get(cid);
      const lastContact = contact
        ? {
            at: new Date(Number(contact.occurred_at)).toISOString(),
            kind: contact.kind,
            direction: contact.direction,
            summary: contact.summary ?? '',
          }
        : null;
      const spend = Number(t.spend);
      const orderCount = Number(t.order_count);
      const birthday =
        c.birthday_month && c.birthday_day
          ? { month: Number(c.birthday_month), day: Number(c.birthday_day) }
          : null;
      const own = textsIn(t.texts, locale);
      return {
        id: Number(t.id),
        kind: t.kind,
        outcomes: OUTCOMES_BY_KIND[t.kind] ?? OUTCOMES_BY_KIND.other,
        attempts: Number(t.attempts ?? 0),
        title: own?.title ?? t.title,
        reason: own?.reason ?? t.reason ?? '',
        talkingPoints: talkingPoints(
          {
            firstName: c.first_name ?? '',
            taskPoints: own?.talkingPoints ?? t.talking_points ?? '',
            recentOrders: recentOrders.map((o) => ({
              placedAt: new Date(o.placedAt),
              totalMinor: o.totalMinor,
              currency: o.currency,
              items: o.items,
            })),
            lastContact: lastContact
              ? { at: new Date(lastContact.at), kind: lastContact.kind, summary: lastContact.summary }
              : null,
            birthday,
            notes: c.notes ?? '',
            lifetimeSpendMinor: spend,
            orderCount,
          },
          day,
          zone,
          locale,
        ),
        status: t.status,
        dueDay: t.day,
        overdueDays: Math.max(0, daysBetween(t.day, day)),
        priority: Number(t.priority),
        ruleId: t.rule_id == null ? null : Number(t.rule_id),
        touchId: t.touch_id == null ? null : Number(t.touch_id),
        printedAt: t.printed_at == null ? null : new Date(Number(t.printed_at)).toISOString(),
        replyChannel: replyChannelOf(t.kind, t.inbound),
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
          address: oneLineAddress(c, this.config.business.phoneRegion, locale),
          lifetimeSpendMinor: spend,
          orderCount,
          tier: t.tier_name ?? null,
        },
        recentOrders,
        lastContact,
      };
    });
    return { day, assigneeId, total, doneToday, items };
  }
}

/** A reply task's channel from its stored `inbound` JSON (SMS for reply tasks made before it was recorded). */
function replyChannelOf(kind: string, inbound: unknown): 'sms' | 'email' | null {
  if (kind !== 'reply') return null;
  try {
    const v = (typeof inbound === 'string' ? JSON.parse(inbound) : inbound) as { channel?: unknown } | null;
    return v?.channel === 'email' ? 'email' : 'sms';
  } catch {
    return 'sms';
  }
}

/** A task's texts in `locale` from its stored `texts` JSON, or null (made by hand, or no such language). */
export function textsIn(raw: unknown, locale: string): TaskTexts | null {
  if (raw === null || raw === undefined || raw === '') return null;
  try {
    const all = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Record<string, TaskTexts | undefined>;
    return all?.[locale] ?? null;
  } catch {
    return null;
  }
}

/**
 * The customer's address on one line, in the destination country's order (postalLines, as on the
 * printed labels): "Hauptstr. 1, 10115 Berlin", or null when there is no street or town.
 */
export function oneLineAddress(
  c: { street?: string | null; postcode?: string | null; city?: string | null; country?: string | null },
  home: string,
  locale: string,
): string | null {
  const lines = postalLines(
    {
      name: '',
      street: c.street ?? null,
      postcode: c.postcode ?? null,
      city: c.city ?? null,
      country: c.country ?? null,
    },
    home,
    locale,
  );
  return lines.length ? lines.join(', ') : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function lineNames(lines: unknown): string[] {
  try {
    const parsed = typeof lines === 'string' ? JSON.parse(lines) : lines;
    return Array.isArray(parsed)
      ? parsed.map((l: { name?: string; sku?: string }) => l.name || l.sku || '').filter(Boolean)
      : [];
  } catch {
    return [];
  }
}
