import { Liquid } from 'liquidjs';
import { DateTime } from 'luxon';
import { birthdayInYear, formatMoney } from '@touchbase/core';

/** The facts a caller needs at hand; turned into talking points by a small liquid template. */
export interface CustomerFacts {
  firstName: string;
  /** Stored with the task (from the rule or the person who made it). */
  taskPoints: string;
  recentOrders: Array<{ placedAt: Date; totalMinor: number; currency: string; items: string[] }>;
  lastContact: { at: Date; kind: string; summary: string } | null;
  birthday: { month: number; day: number } | null;
  notes: string;
  lifetimeSpendMinor: number;
  orderCount: number;
}

const TEMPLATE = `{% if taskPoints != "" %}{{ taskPoints }}
{% endif %}{% if birthday %}- Birthday {{ birthday.date }}{% if birthday.days == 0 %} — today!{% elsif birthday.days <= 14 %} — in {{ birthday.days }} day{% if birthday.days != 1 %}s{% endif %}{% endif %}
{% endif %}{% if orderCount > 0 %}- {{ orderCount }} order{% if orderCount != 1 %}s{% endif %}, {{ spend }} in total
{% for o in orders %}- Bought {% if o.items != "" %}{{ o.items }}{% else %}an order{% endif %} on {{ o.date }} ({{ o.total }})
{% endfor %}{% else %}- No orders yet
{% endif %}{% if lastContact %}- Last contact {{ lastContact.date }}: {{ lastContact.kind }}{% if lastContact.summary != "" %} — {{ lastContact.summary }}{% endif %}
{% else %}- No contact on record
{% endif %}{% if notes != "" %}- Notes: {{ notes }}
{% endif %}`;

const liquid = new Liquid({ strictVariables: false, outputEscape: undefined });
const parsed = liquid.parse(TEMPLATE);

/** Plain-text talking points (one per line) as of `today` (YYYY-MM-DD in `zone`). */
export function talkingPoints(f: CustomerFacts, today: string, zone: string, locale = 'en'): string {
  const date = (d: Date) => DateTime.fromJSDate(d, { zone }).toISODate();
  let birthday: { date: string; days: number } | null = null;
  if (f.birthday) {
    const todayDt = DateTime.fromISO(today, { zone: 'UTC' });
    let next = birthdayInYear(f.birthday.month, f.birthday.day, todayDt.year);
    if (next < today) next = birthdayInYear(f.birthday.month, f.birthday.day, todayDt.year + 1);
    const days = Math.round(DateTime.fromISO(next, { zone: 'UTC' }).diff(todayDt, 'days').days);
    birthday = { date: DateTime.fromObject({ month: f.birthday.month, day: f.birthday.day }, { zone: 'UTC' }).setLocale(locale).toFormat('d LLLL'), days };
    if (f.birthday.month === 2 && f.birthday.day === 29) birthday.date = DateTime.fromISO('2024-02-29').setLocale(locale).toFormat('d LLLL');
  }
  const currency = f.recentOrders[0]?.currency ?? 'EUR';
  const out = liquid.renderSync(parsed, {
    taskPoints: f.taskPoints.trim(),
    birthday,
    orderCount: f.orderCount,
    spend: formatMoney(f.lifetimeSpendMinor, currency, locale),
    orders: f.recentOrders.map((o) => ({ date: date(o.placedAt), total: formatMoney(o.totalMinor, o.currency, locale), items: o.items.slice(0, 3).join(', ') })),
    lastContact: f.lastContact ? { date: date(f.lastContact.at), kind: f.lastContact.kind, summary: f.lastContact.summary.slice(0, 200) } : null,
    notes: f.notes.trim().replace(/\s+/g, ' ').slice(0, 500),
  }) as string;
  return out.trim();
}
