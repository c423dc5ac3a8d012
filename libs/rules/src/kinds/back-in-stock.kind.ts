import type { EntityManager } from 'typeorm';
import { addDays, localDate, occasionKey } from '@touchbase/core';
import { inList, rows, shopAddress, type Rule } from '@touchbase/store';
import { audienceSql, type SqlPart } from '../sql';
import { ConsentFallback, FALLBACK_PARAM } from './param-spec';
import { markNotified, restockCandidates } from './restock-candidates';
import {
  type DueOccasion,
  type EvaluationWindow,
  type KindContext,
  perPass,
  type RecordedOccasion,
  type RuleKind,
} from './rule-kind';

export interface BackInStockParams {
  per_unit: number;
  set_aside_task: boolean;
  hold_days: number;
  fallback: ConsentFallback;
}

interface RestockRow {
  id: number;
  product_id: number;
  previous_stock: number;
  new_stock: number;
  occurred_at: number;
  sku: string;
  name: string;
  url: string | null;
}

/** Restocks per candidate query. */
const RESTOCK_PAGE = 100;

/**
 * How many waiting customers a restock from `previousStock` to `newStock` tells: `perUnit` per
 * unit that came in (stock below zero counts as zero). The rule and the restock form's
 * confirmation both count with this.
 */
export function notifyLimit(previousStock: number, newStock: number, perUnit: number): number {
  if (previousStock > 0) return 0; // not a restock: nothing is recorded, nobody is told
  return Math.max(0, newStock - Math.max(0, previousStock)) * perUnit;
}

/**
 * A restock (stock from ≤ 0 to > 0): the first per_unit × units waiting customers, in the order
 * they joined the waitlist, are notified once; the rest keep waiting for the next restock.
 */
export const backInStockKind: RuleKind<BackInStockParams> = {
  kind: 'back_in_stock',
  label: { en: 'Back in stock', de: 'Wieder auf Lager', pl: 'Znów dostępne' },
  help: {
    en: 'When a product comes back in stock, tells the customers on its waitlist, first come first served.',
    de: 'Wenn ein Produkt wieder da ist, werden die Kunden auf der Warteliste benachrichtigt, in der Reihenfolge ihrer Anmeldung.',
    pl: 'Gdy produkt wraca do sprzedaży, powiadamia klientów z listy oczekujących, w kolejności zapisu.',
  },
  params: [
    {
      name: 'per_unit',
      type: 'int',
      min: 1,
      max: 100,
      default: 1,
      unit: 'customers',
      label: { en: 'Customers per unit', de: 'Kunden pro Stück', pl: 'Klientów na sztukę' },
      help: {
        en: 'How many waiting customers to tell per unit back in stock (1 = one per unit).',
        de: 'Wie viele Wartende pro wieder verfügbarem Stück benachrichtigt werden (1 = eins pro Stück).',
        pl: 'Ilu oczekujących klientów powiadomić na każdą sztukę z dostawy (1 = jeden na sztukę).',
      },
    },
    {
      name: 'set_aside_task',
      type: 'bool',
      default: false,
      label: { en: 'Set a unit aside', de: 'Ein Stück zurücklegen', pl: 'Odłóż sztukę' },
      help: {
        en: 'Also make a task for staff to put one aside for each customer told.',
        de: 'Zusätzlich eine Aufgabe, für jeden benachrichtigten Kunden ein Stück zurückzulegen.',
        pl: 'Dodatkowo utwórz zadanie, by odłożyć sztukę dla każdego powiadomionego klienta.',
      },
    },
    {
      name: 'hold_days',
      type: 'int',
      min: 1,
      max: 60,
      default: 3,
      unit: 'days',
      label: { en: 'Hold for', de: 'Zurücklegen für', pl: 'Trzymaj przez' },
      help: {
        en: 'How many days a unit set aside is held for the customer; the task and the message say until when ({{ hold_until }}).',
        de: 'Wie viele Tage ein zurückgelegtes Stück für den Kunden bereitliegt; Aufgabe und Nachricht nennen das Datum ({{ hold_until }}).',
        pl: 'Ile dni odłożona sztuka czeka na klienta; zadanie i wiadomość podają datę ({{ hold_until }}).',
      },
    },
    FALLBACK_PARAM,
  ],
  example: { per_unit: 1, set_aside_task: false, hold_days: 3, fallback: 'skip' },
  ruleDefaults: { transactional: true },

  async *findDueOccasions(rule: Rule, p: BackInStockParams, window: EvaluationWindow, ctx: KindContext) {
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    let after = 0;
    for (;;) {
      const restocks = await rows<RestockRow>(
        ctx.db,
        `SELECT r.id, r.product_id, r.previous_stock, r.new_stock, r.occurred_at, p.sku, p.name, p.url
         FROM restock_events r JOIN products p ON p.id = r.product_id
         WHERE r.processed_at IS NULL AND r.occurred_at <= ? AND r.id > ? ORDER BY r.id LIMIT ?`,
        [window.to.getTime(), after, RESTOCK_PAGE],
      );
      if (!restocks.length) break;
      after = Number(restocks[restocks.length - 1].id);
      // A product without its own page links to the shop's address (or to nothing), never to
      // Touchbase; the address is read once per tick, and only when a product has no page.
      const shop = restocks.some((rs) => !rs.url)
        ? await perPass(ctx, 'shopAddress', () => shopAddress(ctx.db, ctx.config))
        : null;
      yield* notify(
        rule,
        restocks.map((rs) => ({ ...rs, id: Number(rs.id), url: rs.url ?? shop })),
        p,
        audience,
        ctx,
      );
      if (restocks.length < RESTOCK_PAGE) break; // the last page: no need to ask for another
    }
  },
};

/**
 * These restocks' occasions from one candidate query, in batches of the tick's size. A restock
 * counts as processed once every candidate of it was handed over: the batch that hands over its
 * last candidate marks it in the transaction that writes the batch's touches, together with the
 * batch's waitlist entries (one UPDATE each); a restock whose batch wrote nothing (or that tells
 * nobody) is marked after it, on its own.
 */
async function* notify(
  rule: Rule,
  restocks: RestockRow[],
  p: BackInStockParams,
  audience: SqlPart,
  ctx: KindContext,
) {
  const shares = restocks.map((rs) => ({
    id: rs.id,
    productId: Number(rs.product_id),
    limit: notifyLimit(Number(rs.previous_stock), Number(rs.new_stock), p.per_unit),
  }));
  const waiting = await restockCandidates(rule, shares, audience, ctx);
  const byId = new Map(restocks.map((rs) => [rs.id, occasionParts(rs, p, ctx)]));
  const entryOf = new Map<DueOccasion, { entryId: number; restockId: number }>();
  let processed = 0; // restocks[0, processed) are marked processed
  const processUpTo = async (db: EntityManager, restockId: number) => {
    const ids: number[] = [];
    while (processed < restocks.length && restocks[processed].id < restockId)
      ids.push(restocks[processed++].id);
    if (ids.length)
      await rows(
        db,
        `UPDATE restock_events SET processed_at = ? WHERE id IN (${inList(ids)}) AND processed_at IS NULL RETURNING id`,
        [ctx.now.getTime(), ...ids],
      );
  };
  for (let i = 0; i < waiting.length; i += ctx.batchSize) {
    const next = waiting[i + ctx.batchSize];
    const upTo = next ? next.restockId : Infinity; // the restocks this batch hands over the last of
    const mark = async (db: EntityManager, recorded: RecordedOccasion[]) => {
      await markNotified(
        db,
        recorded.map((r) => entryOf.get(r.occasion)!),
      );
      await processUpTo(db, upTo);
    };
    yield waiting.slice(i, i + ctx.batchSize).map((w): DueOccasion => {
      const occasion: DueOccasion = {
        ...byId.get(w.restockId)!,
        customerId: w.customer.id,
        prior: w.prior,
        customer: w.customer,
        afterRecorded: mark,
      };
      entryOf.set(occasion, w);
      return occasion;
    });
    await processUpTo(ctx.db, upTo); // nothing left to do when the batch's transaction marked them
  }
  await processUpTo(ctx.db, Infinity);
}

/** What every occasion of a restock shares: key, product, hold date, tasks. */
function occasionParts(rs: RestockRow, p: BackInStockParams, ctx: KindContext) {
  const product = { id: Number(rs.product_id), sku: rs.sku, name: rs.name, url: rs.url };
  // The unit set aside is held at the shop: its last day counts in the business's zone.
  const holdUntil = p.set_aside_task
    ? addDays(localDate(new Date(Number(rs.occurred_at)), ctx.config.business.timezone), p.hold_days)
    : '';
  return {
    occasionKey: occasionKey.restock(rs.product_id, rs.id),
    dueAt: new Date(Number(rs.occurred_at)),
    productId: product.id,
    context: { product, extra: { hold_until: holdUntil } },
    task: {
      kind: 'other' as const,
      title: (name: string) => `Tell ${name} that ${rs.name} is back in stock`,
      reason: `${rs.name} is back in stock`,
    },
    extraTask: p.set_aside_task
      ? {
          kind: 'set_aside' as const,
          templateKey: 'back_in_stock_set_aside',
          title: (name: string) => `Set one ${rs.name} aside for ${name} until ${holdUntil}`,
          reason: `${rs.name} is back in stock and they were on the waitlist`,
        }
      : undefined,
  };
}
