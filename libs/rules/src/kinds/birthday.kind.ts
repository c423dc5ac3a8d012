import { effectiveZone, Feb29Policy, occasionKey } from '@touchbase/core';
import { inList, rows, type Rule } from '@touchbase/store';
import { audienceSql } from '../sql';
import { TOUCH_CUSTOMER_SQL, touchCustomer } from '../customers';
import {
  BirthdayDue,
  candidateBirthdayMds,
  candidateBirthdayYears,
  birthdayDueInWindow,
} from './birthday-dates';
import { ledgerAntiJoin, priorFor } from '../ledger-lookup';
import { withPlainPlans } from '@touchbase/store';
import { ConsentFallback, FALLBACK_PARAM } from './param-spec';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind } from './rule-kind';

export interface BirthdayParams {
  days_before: number;
  send_time: string;
  feb29: Feb29Policy;
  fallback: ConsentFallback;
}

/** A birthday message (or a card task) `days_before` the birthday, at `send_time` local. */
export const birthdayKind: RuleKind<BirthdayParams> = {
  kind: 'birthday',
  label: { en: 'Birthday', de: 'Geburtstag', pl: 'Urodziny' },
  help: {
    en: 'Touches each customer on their birthday (or some days before), at a set local time in their own time zone.',
    de: 'Meldet sich bei jedem Kunden zum Geburtstag (oder einige Tage vorher), zu einer festen Uhrzeit in seiner eigenen Zeitzone.',
    pl: 'Kontakt z każdym klientem w jego urodziny (lub kilka dni wcześniej), o ustalonej godzinie w jego strefie czasowej.',
  },
  params: [
    {
      name: 'days_before',
      type: 'int',
      min: 0,
      max: 60,
      default: 0,
      unit: 'days',
      label: { en: 'Days before the birthday', de: 'Tage vor dem Geburtstag', pl: 'Dni przed urodzinami' },
      help: {
        en: '0 touches on the day itself; e.g. 3 gives time to post a card (0–60).',
        de: '0 = am Tag selbst; z. B. 3 lässt Zeit, eine Karte zu verschicken (0–60).',
        pl: '0 to kontakt w sam dzień urodzin; np. 3 daje czas na wysłanie kartki (0–60).',
      },
    },
    {
      name: 'send_time',
      type: 'time',
      default: '09:00',
      label: { en: 'Local time', de: 'Ortszeit', pl: 'Godzina lokalna' },
      help: {
        en: 'When the touch is due, in the customer’s own time zone (HH:MM). Quiet hours still apply.',
        de: 'Wann der Kontakt fällig ist, in der Zeitzone des Kunden (HH:MM). Ruhezeiten gelten weiterhin.',
        pl: 'Kiedy przypada kontakt, w strefie czasowej klienta (GG:MM). Godziny ciszy nadal obowiązują.',
      },
    },
    {
      name: 'feb29',
      type: 'choice',
      options: ['feb28', 'mar1'],
      default: 'feb28',
      label: { en: 'Birthdays on 29 February', de: 'Geburtstage am 29. Februar', pl: 'Urodziny 29 lutego' },
      help: {
        en: 'In years without 29 February, celebrate on 28 February or on 1 March.',
        de: 'In Jahren ohne 29. Februar am 28. Februar oder am 1. März feiern.',
        pl: 'W latach bez 29 lutego świętuj 28 lutego albo 1 marca.',
      },
      optionLabels: {
        feb28: { en: '28 February', de: '28. Februar', pl: '28 lutego' },
        mar1: { en: '1 March', de: '1. März', pl: '1 marca' },
      },
    },
    FALLBACK_PARAM,
  ],
  example: { days_before: 0, send_time: '09:00', feb29: 'feb28', fallback: 'skip' },

  async *findDueOccasions(rule: Rule, p: BirthdayParams, window: EvaluationWindow, ctx: KindContext) {
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    const dueIn = new Map<string, BirthdayDue[]>();
    // the dates that can be due, grouped by the birthday years they can be due for (nearly always
    // one group): one candidate query per group, not per date, so a tick's few dates make one
    // batch — one budget lookup and one write transaction — instead of one each
    const groups = new Map<string, { years: number[]; mds: string[] }>();
    for (const md of candidateBirthdayMds(window, p.days_before)) {
      const years = candidateBirthdayYears(md, window, p);
      if (!years.length) continue;
      const group = groups.get(years.join());
      if (group) group.mds.push(md);
      else groups.set(years.join(), { years, mds: [md] });
    }
    for (const { years, mds } of groups.values()) {
      // the already-touched anti-join: these dates can only be due for these birthday years
      const ledger = ledgerAntiJoin(rule.id, 'c.id', { values: years.map(occasionKey.birthday) }, ctx);
      let after = 0;
      for (;;) {
        const batch = await withPlainPlans(ctx.db, (db) =>
          rows<{
            id: number;
            timezone: string | null;
            birthday_month: number;
            birthday_day: number;
            prior_id: number | null;
            prior_status: string | null;
            prior_key: string | null;
            [column: string]: unknown;
          }>(
            db,
            `SELECT c.id, c.timezone, c.birthday_month, c.birthday_day, ${TOUCH_CUSTOMER_SQL}, ${ledger.columns} FROM customers c${ledger.join.sql}
           WHERE c.birthday_md IN (${inList(mds)}) AND c.id > ? AND c.erased_at IS NULL${audience.sql}${ledger.where.sql}
           ORDER BY c.id LIMIT ?`,
            [...ledger.join.params, ...mds, after, ...audience.params, ...ledger.where.params, ctx.batchSize],
          ),
        );
        if (!batch.length) break;
        after = Number(batch[batch.length - 1].id);
        const due: DueOccasion[] = [];
        // one row per customer and ledger key: two only when the window spans two birthday years
        const byCustomer = new Map<number, typeof batch>();
        for (const c of batch) byCustomer.set(Number(c.id), [...(byCustomer.get(Number(c.id)) ?? []), c]);
        for (const [, found] of byCustomer) {
          const c = found[0];
          const zone = effectiveZone(c.timezone, ctx.config.business.timezone);
          // the same for every customer of this date and zone: computed once per pair
          const dueKey = `${c.birthday_month}-${c.birthday_day}|${zone}`;
          let dues = dueIn.get(dueKey);
          if (!dues) {
            dues = birthdayDueInWindow(
              Number(c.birthday_month),
              Number(c.birthday_day),
              zone,
              { daysBefore: p.days_before, sendTime: p.send_time, feb29: p.feb29 },
              window,
            );
            dueIn.set(dueKey, dues);
          }
          // most of the dates' customers are of a zone where the date is not due: no customer made for them
          if (!dues.length) continue;
          const customer = touchCustomer(c, ctx.config.business.timezone);
          for (const d of dues) {
            const key = occasionKey.birthday(d.year);
            due.push({
              customerId: Number(c.id),
              occasionKey: key,
              prior: found.map((r) => priorFor(r, key)).find(Boolean) ?? null,
              customer,
              dueAt: d.dueAt,
              task: {
                kind: 'card',
                title: (name) => `Write and post a birthday card for ${name}`,
                reason: `Birthday on ${d.birthdayDate}`,
              },
            });
          }
        }
        if (due.length) yield due;
        if (batch.length < ctx.batchSize) break;
      }
    }
  },
};
