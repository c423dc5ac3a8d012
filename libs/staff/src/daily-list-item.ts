import { postalLines, type TaskTexts } from '@touchbase/core';
import { daysBetween, talkingPoints } from './talking-points';
import { OUTCOMES_BY_KIND } from './task-outcomes';

/**
 * One task of the daily follow-up list as staff see it (DailyListService reads the rows): its
 * texts in the reader's language, talking points, and the customer with their recent orders
 * and last contact.
 */
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

/** The day, zones and language a list's items are made for. */
export interface ItemContext {
  day: string;
  /** The business's timezone (talking points' dates). */
  zone: string;
  locale: string;
  /** The business's phone region (home country of addresses). */
  phoneRegion: string;
}

/** Each customer's recent orders (rows of customer_id, id, external_id, placed_at, total_minor, currency, lines), newest first. */
export function recentOrdersByCustomer(
  orders: Record<string, any>[],
): Map<number, DailyListItem['recentOrders']> {
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
  return ordersOf;
}

/**
 * A page row (the task with its customer's columns, spend and order count) as a list item, with
 * the customer's recent orders and last contact event row.
 */
export function dailyListItem(
  t: Record<string, any>,
  recentOrders: DailyListItem['recentOrders'],
  contact: Record<string, any> | undefined,
  ctx: ItemContext,
): DailyListItem {
  const cid = Number(t.customer_id);
  const c = t;
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
  const own = textsIn(t.texts, ctx.locale);
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
      ctx.day,
      ctx.zone,
      ctx.locale,
    ),
    status: t.status,
    dueDay: t.day,
    overdueDays: Math.max(0, daysBetween(t.day, ctx.day)),
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
      address: oneLineAddress(c, ctx.phoneRegion, ctx.locale),
      lifetimeSpendMinor: spend,
      orderCount,
      tier: t.tier_name ?? null,
    },
    recentOrders,
    lastContact,
  };
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
