import { addDays, localDate, localDateTimeToInstant, occasionKey } from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import { audienceSql, inList, rows } from '../sql';
import { checkinReason } from './checkin-reason';
import { ParamReader, readFallback, ConsentFallback } from './params';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind, ValidatedParams } from './rule-kind';

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
const OPEN_TASK = ['open', 'snoozed'];

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
  description: 'a top customer by spend over window_days with no contact for no_contact_days',

  validateParams(raw): ValidatedParams<TopCustomerParams> {
    const r = new ParamReader(raw);
    const top_n = r.has('top_n') ? r.int('top_n', 1, 100_000) : null;
    const top_percent = r.has('top_percent') ? (r.number('top_percent', 0, 100) ?? null) : null;
    if ((top_n === null) === (top_percent === null) && !r.problems.length)
      r.problems.push({
        field: 'params.top_n',
        problem: 'give exactly one of params.top_n (an integer) or params.top_percent (0–100)',
      });
    const params: TopCustomerParams = {
      top_n,
      top_percent,
      window_days: r.int('window_days', 1, 1095, 365),
      no_contact_days: r.int('no_contact_days', 1, 1095, 60),
      send_time: r.time('send_time', '09:00'),
      fallback: readFallback(r),
    };
    r.finish();
    return { params, problems: r.problems };
  },

  async *findDueOccasions(rule: Rule, p: TopCustomerParams, window: EvaluationWindow, ctx: KindContext) {
    const { timezone, currency, defaultLocale } = ctx.config.business;
    const dueAt = dailyInstant(window, p.send_time, timezone, ctx.mode === 'tick' ? 'latest' : 'first');
    if (!dueAt) return;
    const since = dueAt.getTime() - p.window_days * DAY;
    // Spend per customer comes off the covering index ix_orders_customer_spend in customer order
    // (no sort per order); only the top-N sorter remains. The ranking is bounded by N, never
    // all customers, and is walked in batches below.
    const spendWhere = 'o.placed_at > ? AND o.placed_at <= ? AND o.currency = ?';
    const spendParams = [since, dueAt.getTime(), currency];
    let limit = p.top_n ?? 0;
    if (p.top_percent !== null) {
      const [{ n }] = await rows<{ n: number }>(
        ctx.db,
        `SELECT COUNT(*) AS n FROM (SELECT o.customer_id FROM orders o WHERE ${spendWhere} GROUP BY o.customer_id) spenders`,
        spendParams,
      );
      limit = Math.ceil((Number(n) * p.top_percent) / 100);
    }
    if (limit <= 0) return;
    const top = await rows<{ customer_id: number; spend: number; orders: number }>(
      ctx.db,
      `SELECT o.customer_id, SUM(o.total_minor) AS spend, COUNT(*) AS orders FROM orders o WHERE ${spendWhere}
       GROUP BY o.customer_id ORDER BY spend DESC, o.customer_id LIMIT ?`,
      [...spendParams, limit],
    );
    const audience = audienceSql(rule.audience, defaultLocale);
    const key = occasionKey.checkin(localDate(dueAt, timezone));
    const quietSince = dueAt.getTime() - p.no_contact_days * DAY;
    for (let i = 0; i < top.length; i += ctx.batchSize) {
      const chunk = top.slice(i, i + ctx.batchSize);
      const ids = chunk.map((t) => Number(t.customer_id));
      const eligible = new Set(
        (
          await rows<{ id: number }>(
            ctx.db,
            `SELECT c.id FROM customers c WHERE c.id IN (${inList(ids)}) AND c.erased_at IS NULL${audience.sql}`,
            [...ids, ...audience.params],
          )
        ).map((r) => Number(r.id)),
      );
      const lastContact = new Map<number, number>();
      const contactRows = await rows<{ customer_id: number; at: number }>(
        ctx.db,
        `SELECT customer_id, MAX(at) AS at FROM (
           SELECT customer_id, MAX(occurred_at) AS at FROM contact_events WHERE customer_id IN (${inList(ids)}) GROUP BY customer_id
           UNION ALL
           SELECT customer_id, MAX(created_at) AS at FROM touches WHERE customer_id IN (${inList(ids)}) AND COALESCE(status, '') IN ('queued', 'sent', 'task') GROUP BY customer_id
           UNION ALL
           SELECT customer_id, MAX(COALESCE(completed_at, created_at)) AS at FROM tasks WHERE customer_id IN (${inList(ids)}) GROUP BY customer_id
         ) contacts GROUP BY customer_id`,
        [...ids, ...ids, ...ids],
      );
      for (const r of contactRows) lastContact.set(Number(r.customer_id), Number(r.at));
      const openTask = new Set(
        (
          await rows<{ customer_id: number }>(
            ctx.db,
            `SELECT DISTINCT customer_id FROM tasks WHERE customer_id IN (${inList(ids)}) AND rule_id = ? AND status IN (${inList(OPEN_TASK)})`,
            [...ids, rule.id, ...OPEN_TASK],
          )
        ).map((r) => Number(r.customer_id)),
      );
      const due: DueOccasion[] = [];
      for (const t of chunk) {
        const id = Number(t.customer_id);
        const last = lastContact.get(id) ?? null;
        if (!eligible.has(id)) continue;
        if (openTask.has(id) || (last !== null && last > quietSince)) {
          if (ctx.mode === 'preview')
            due.push({
              customerId: id,
              occasionKey: key,
              dueAt,
              notDue: openTask.has(id)
                ? 'a check-in task of this rule is still open'
                : `last contact ${Math.floor((dueAt.getTime() - last!) / DAY)} days ago (this rule waits ${p.no_contact_days})`,
            });
          continue;
        }
        const reason = checkinReason({
          spendMinor: Number(t.spend),
          orders: Number(t.orders),
          currency,
          locale: defaultLocale,
          windowDays: p.window_days,
          daysSinceContact:
            last === null ? null : Math.floor((Math.max(ctx.now.getTime(), dueAt.getTime()) - last) / DAY),
        });
        due.push({
          customerId: id,
          occasionKey: key,
          dueAt,
          task: {
            kind: 'call',
            title: (name) => `Check in with ${name}`,
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
