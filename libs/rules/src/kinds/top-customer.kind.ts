import { addDays, localDate, localDateTimeToInstant, occasionKey } from '@touchbase/core';
import { type Rule, withOrdinaryPlans } from '@touchbase/store';
import { audienceSql } from '../sql';
import { checkinCandidates } from './checkin-candidates';
import { checkinReason } from './checkin-reason';
import { topSpenders } from './top-spenders';
import { RETRY_PARAMS } from './retry-params';
import { ConsentFallback, FALLBACK_PARAM } from './param-spec';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind } from './rule-kind';

export interface TopCustomerParams {
  top_n: number | null;
  top_percent: number | null;
  window_days: number;
  no_contact_days: number;
  /** Business-local time of the daily check (tasks are made once a day). */
  send_time: string;
  fallback: ConsentFallback;
}

const DAY = 86_400_000;

/** The call task's built-in title (one function for every occasion, not one made per customer). */
const checkinTitle = (name: string) => `Check in with ${name}`;

/** The daily check instant in (from, to]: the latest one in a tick (catch-up runs once), the first in a preview. */
export function dailyInstant(
  window: EvaluationWindow,
  sendTime: string,
  zone: string,
  pick: 'latest' | 'first',
): Date | null {
  const anchor = pick === 'latest' ? window.to : window.from;
  let day = localDate(anchor, zone);
  for (let i = 0; i < 3; i++) {
    const at = localDateTimeToInstant(day, sendTime, zone);
    if (pick === 'latest' ? at.getTime() <= window.to.getTime() : at.getTime() > window.from.getTime())
      return at.getTime() > window.from.getTime() && at.getTime() <= window.to.getTime() ? at : null;
    day = addDays(day, pick === 'latest' ? -1 : 1);
  }
  return null;
}

/** A call task for a top spender (top N or top x % over window_days) not contacted for no_contact_days. */
export const topCustomerKind: RuleKind<TopCustomerParams> = {
  kind: 'top_customer_checkin',
  label: {
    en: 'Check-in with a top customer',
    de: 'Nachfrage bei Top-Kunden',
    pl: 'Kontakt z najlepszym klientem',
  },
  help: {
    en: 'Finds your best customers by spend who have not heard from you for a while, and makes a call task with the reason.',
    de: 'Findet die besten Kunden nach Umsatz, die länger nichts von Ihnen gehört haben, und legt eine Anruf-Aufgabe mit Begründung an.',
    pl: 'Znajduje najlepszych klientów według wydatków, z którymi dawno nie było kontaktu, i tworzy zadanie telefonu z powodem.',
  },
  params: [
    {
      name: 'top_n',
      type: 'int',
      min: 1,
      max: 100_000,
      optional: true,
      unit: 'customers',
      label: { en: 'Top N customers', de: 'Top-N-Kunden', pl: 'N najlepszych klientów' },
      help: {
        en: 'The N customers with the highest spend in the window. Give this or a top percentage, not both.',
        de: 'Die N Kunden mit dem höchsten Umsatz im Zeitraum. Entweder dies oder einen Prozentsatz angeben.',
        pl: 'N klientów o najwyższych wydatkach w okresie. Podaj to albo procent, nie oba.',
      },
    },
    {
      name: 'top_percent',
      type: 'number',
      above: 0,
      max: 100,
      optional: true,
      unit: 'percent',
      label: { en: 'Top percentage', de: 'Top-Prozentsatz', pl: 'Najlepszy procent' },
      help: {
        en: 'The top x % of customers by spend in the window (e.g. 5).',
        de: 'Die besten x % der Kunden nach Umsatz im Zeitraum (z. B. 5).',
        pl: 'Najlepsze x % klientów według wydatków w okresie (np. 5).',
      },
    },
    {
      name: 'window_days',
      type: 'int',
      min: 1,
      max: 1095,
      default: 365,
      unit: 'days',
      label: { en: 'Spend window (days)', de: 'Umsatzzeitraum (Tage)', pl: 'Okres wydatków (dni)' },
      help: {
        en: 'Spend is counted over this many days back (default 365).',
        de: 'Der Umsatz wird über so viele Tage zurück gezählt (Standard 365).',
        pl: 'Wydatki liczone są za tyle dni wstecz (domyślnie 365).',
      },
    },
    {
      name: 'no_contact_days',
      type: 'int',
      min: 1,
      max: 1095,
      default: 60,
      unit: 'days',
      label: { en: 'No contact for (days)', de: 'Kein Kontakt seit (Tagen)', pl: 'Brak kontaktu od (dni)' },
      help: {
        en: 'Only customers with no touch, call or message for this many days.',
        de: 'Nur Kunden ohne Kontakt, Anruf oder Nachricht seit so vielen Tagen.',
        pl: 'Tylko klienci bez kontaktu, telefonu ani wiadomości od tylu dni.',
      },
    },
    {
      name: 'send_time',
      type: 'time',
      default: '09:00',
      label: {
        en: 'Time of the daily check',
        de: 'Uhrzeit der täglichen Prüfung',
        pl: 'Godzina codziennego sprawdzenia',
      },
      help: {
        en: 'Business-local time (HH:MM) when the day’s check-in tasks are made.',
        de: 'Ortszeit des Geschäfts (HH:MM), zu der die Aufgaben des Tages angelegt werden.',
        pl: 'Lokalny czas firmy (GG:MM), o którym tworzone są zadania na dany dzień.',
      },
    },
    FALLBACK_PARAM,
    ...RETRY_PARAMS,
  ],
  example: { top_n: 20, window_days: 365, no_contact_days: 60, send_time: '09:00', fallback: 'task' },
  ruleDefaults: { channel: 'task' },
  // the ranking names each customer once; a batch's anti-joins read only its own customers' rows
  disjointBatches: true,

  checkParams(p, problems) {
    if ((p.top_n === null) === (p.top_percent === null) && !problems.length)
      problems.push({
        field: 'params.top_n',
        problem: 'give exactly one of params.top_n (an integer) or params.top_percent (0–100)',
      });
  },

  async *findDueOccasions(rule: Rule, p: TopCustomerParams, window: EvaluationWindow, ctx: KindContext) {
    const { timezone, currency, defaultLocale } = ctx.config.business;
    const dueAt = dailyInstant(window, p.send_time, timezone, 'latest');
    if (!dueAt) return;
    // The ranking reads the 12-month spend rollup's index (docs/rules-and-scheduler.md#spend-rollup),
    // bounded by N, never all customers, and is walked in batches below.
    // with the server's own plans: without the rollup it sums a year of orders (parallel scans pay)
    const top = await withOrdinaryPlans(ctx.db, (db) =>
      topSpenders(db, {
        currency,
        since: dueAt.getTime() - p.window_days * DAY,
        until: dueAt.getTime(),
        windowDays: p.window_days,
        topN: p.top_n,
        topPercent: p.top_percent,
      }),
    );
    const audience = audienceSql(rule.audience, defaultLocale);
    const key = occasionKey.checkin(localDate(dueAt, timezone));
    const quietSince = dueAt.getTime() - p.no_contact_days * DAY;
    for (let i = 0; i < top.length; i += ctx.batchSize) {
      const chunk = top.slice(i, i + ctx.batchSize);
      const ids = chunk.map((t) => t.customerId);
      const found = new Map(
        (await checkinCandidates(rule, ids, key, quietSince, audience, ctx)).map((c) => [c.customerId, c]),
      );
      const due: DueOccasion[] = [];
      for (const t of chunk) {
        const id = t.customerId;
        const candidate = found.get(id);
        if (!candidate) continue; // erased, outside the audience, or already touched
        const last = candidate.lastContact;
        if (candidate.openTask || (last !== null && last > quietSince)) {
          if (ctx.mode === 'preview')
            due.push({
              customerId: id,
              occasionKey: key,
              dueAt,
              customer: candidate.customer,
              notDue: candidate.openTask
                ? { code: 'open_checkin_task' }
                : {
                    code: 'recent_contact',
                    params: { days: Math.floor((dueAt.getTime() - last!) / DAY), wait: p.no_contact_days },
                  },
            });
          continue;
        }
        const daysSinceContact =
          last === null ? null : Math.floor((Math.max(ctx.now.getTime(), dueAt.getTime()) - last) / DAY);
        const reason = checkinReason({
          spendMinor: t.spend,
          orders: t.orders,
          currency,
          locale: defaultLocale,
          windowDays: p.window_days,
          daysSinceContact,
        });
        due.push({
          customerId: id,
          occasionKey: key,
          prior: candidate.prior,
          customer: candidate.customer,
          noContactAfter: quietSince,
          dueAt,
          task: {
            kind: 'call',
            facts: {
              spendMinor: t.spend,
              currency,
              orderCount: t.orders,
              windowDays: p.window_days,
              daysSinceContact,
            },
            title: checkinTitle,
            reason,
            talkingPoints: 'Thank them for their loyalty; ask how their recent purchases are working out.',
          },
          context: { extra: { reason } },
        });
      }
      if (due.length) yield due;
    }
  },
};
