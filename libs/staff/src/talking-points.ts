import { birthdayInYear, currencyDigits, pluralForm, type PluralForms } from '@touchbase/core';

/**
 * The facts a caller needs at hand, turned into talking points by a small built-in template
 * (plain code: the daily list renders a hundred of these per answer, and liquid took ~1 ms each).
 */
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

/** Intl formatters are costly to build; the daily list formats hundreds of amounts per answer. */
const moneyFormats = new Map<string, { format(n: number): string; digits: number }>();
function money(minor: number, currency: string, locale: string): string {
  const key = `${currency}|${locale}`;
  let f = moneyFormats.get(key);
  if (!f) {
    const digits = currencyDigits(currency);
    f = {
      format: new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        maximumFractionDigits: digits === 0 ? 0 : undefined,
      }).format,
      digits,
    };
    moneyFormats.set(key, f);
  }
  return f.format(minor / 10 ** f.digits);
}

/** Whole days from a to b (YYYY-MM-DD), b − a. Plain arithmetic: luxon's parse+diff cost ~0.3 ms. */
export function daysBetween(a: string, b: string): number {
  const utc = (d: string) =>
    Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(b) - utc(a)) / 86_400_000);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * Local days by (zone, 15-minute slot of UTC): every offset in use is a multiple of 15 minutes
 * and changes on such a boundary, so the local date is the same throughout a slot. The list
 * shows the same orders and contacts again and again; formatting them was its costliest JS.
 */
const dayCache = new Map<string, string>();
const SLOT_MS = 15 * 60_000;

/** The local calendar day (YYYY-MM-DD) of an instant in a zone. */
export function localDay(instant: Date, zone: string): string {
  const key = `${zone}|${Math.floor(instant.getTime() / SLOT_MS)}`;
  const cached = dayCache.get(key);
  if (cached !== undefined) return cached;
  let f = dayFormats.get(zone);
  if (!f)
    dayFormats.set(
      zone,
      (f = new Intl.DateTimeFormat('en-CA', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      })),
    );
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  if (dayCache.size >= 200_000) dayCache.clear();
  dayCache.set(key, day);
  return day;
}

const monthFormats = new Map<string, Intl.DateTimeFormat>();
function dayAndMonth(month: number, day: number, locale: string): string {
  let f = monthFormats.get(locale);
  if (!f) monthFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' })));
  return `${day} ${f.format(new Date(Date.UTC(2024, month - 1, day)))}`;
}

type Words = {
  birthday: (date: string, when: string) => string;
  today: string;
  inDays: (n: number) => string;
  orders: (n: number, total: string) => string;
  bought: (items: string, date: string, total: string) => string;
  anOrder: string;
  noOrders: string;
  lastContact: (date: string, what: string) => string;
  noContact: string;
  notes: (text: string) => string;
};

/** The form of `forms` for n in the language, with n written in. */
function plural(locale: string, n: number, forms: PluralForms): string {
  return pluralForm(forms, locale, n).replace('{n}', String(n));
}

/** The talking points' own words in en/de/pl (the list reads them in the staff member's language). */
const WORDS: Record<string, Words> = {
  en: {
    birthday: (date, when) => `- Birthday ${date}${when}`,
    today: ' — today!',
    inDays: (n) => ` — in ${plural('en', n, { one: '{n} day', other: '{n} days' })}`,
    orders: (n, total) =>
      `- ${plural('en', n, { one: '{n} order', other: '{n} orders' })}, ${total} in total`,
    bought: (items, date, total) => `- Bought ${items} on ${date} (${total})`,
    anOrder: 'an order',
    noOrders: '- No orders yet',
    lastContact: (date, what) => `- Last contact ${date}: ${what}`,
    noContact: '- No contact on record',
    notes: (text) => `- Notes: ${text}`,
  },
  de: {
    birthday: (date, when) => `- Geburtstag am ${date}${when}`,
    today: ' — heute!',
    inDays: (n) => ` — in ${plural('de', n, { one: '{n} Tag', other: '{n} Tagen' })}`,
    orders: (n, total) =>
      `- ${plural('de', n, { one: '{n} Bestellung', other: '{n} Bestellungen' })}, insgesamt ${total}`,
    bought: (items, date, total) => `- Kaufte ${items} am ${date} (${total})`,
    anOrder: 'eine Bestellung',
    noOrders: '- Noch keine Bestellungen',
    lastContact: (date, what) => `- Letzter Kontakt ${date}: ${what}`,
    noContact: '- Kein Kontakt erfasst',
    notes: (text) => `- Notizen: ${text}`,
  },
  pl: {
    birthday: (date, when) => `- Urodziny ${date}${when}`,
    today: ' — dzisiaj!',
    inDays: (n) =>
      ` — za ${plural('pl', n, { one: '{n} dzień', few: '{n} dni', many: '{n} dni', other: '{n} dnia' })}`,
    orders: (n, total) =>
      `- ${plural('pl', n, { one: '{n} zamówienie', few: '{n} zamówienia', many: '{n} zamówień', other: '{n} zamówienia' })}, razem ${total}`,
    bought: (items, date, total) => `- Kupił(a) ${items} ${date} (${total})`,
    anOrder: 'zamówienie',
    noOrders: '- Brak zamówień',
    lastContact: (date, what) => `- Ostatni kontakt ${date}: ${what}`,
    noContact: '- Brak zapisanego kontaktu',
    notes: (text) => `- Notatki: ${text}`,
  },
};

/** Plain-text talking points (one per line) as of `today` (YYYY-MM-DD in `zone`), in `locale` (en, de, pl). */
export function talkingPoints(f: CustomerFacts, today: string, zone: string, locale = 'en'): string {
  const w = WORDS[locale] ?? WORDS.en;
  const date = (d: Date) => localDay(d, zone);
  let birthday: { date: string; days: number } | null = null;
  if (f.birthday) {
    const year = Number(today.slice(0, 4));
    let next = birthdayInYear(f.birthday.month, f.birthday.day, year);
    if (next < today) next = birthdayInYear(f.birthday.month, f.birthday.day, year + 1);
    birthday = {
      date: dayAndMonth(f.birthday.month, f.birthday.day, locale),
      days: daysBetween(today, next),
    };
  }
  const currency = f.recentOrders[0]?.currency ?? 'EUR';
  const lines: string[] = [];
  if (f.taskPoints.trim()) lines.push(f.taskPoints.trim());
  if (birthday) {
    const when = birthday.days === 0 ? w.today : birthday.days <= 14 ? w.inDays(birthday.days) : '';
    lines.push(w.birthday(birthday.date, when));
  }
  if (f.orderCount > 0) {
    lines.push(w.orders(f.orderCount, money(f.lifetimeSpendMinor, currency, locale)));
    for (const o of f.recentOrders) {
      const items = o.items.slice(0, 3).join(', ');
      lines.push(w.bought(items || w.anOrder, date(o.placedAt), money(o.totalMinor, o.currency, locale)));
    }
  } else lines.push(w.noOrders);
  if (f.lastContact) {
    const summary = f.lastContact.summary.slice(0, 200);
    lines.push(
      w.lastContact(date(f.lastContact.at), `${f.lastContact.kind}${summary ? ` — ${summary}` : ''}`),
    );
  } else lines.push(w.noContact);
  const notes = f.notes.trim().replace(/\s+/g, ' ').slice(0, 500);
  if (notes) lines.push(w.notes(notes));
  return lines.join('\n');
}
