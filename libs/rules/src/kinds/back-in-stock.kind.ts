import { occasionKey } from '@touchbase/core';
import { rows, type Rule } from '@touchbase/store';
import { audienceSql } from '../sql';
import { ConsentFallback, FALLBACK_PARAM } from './param-spec';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind } from './rule-kind';

export interface BackInStockParams {
  per_unit: number;
  set_aside_task: boolean;
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
    FALLBACK_PARAM,
  ],
  example: { per_unit: 1, set_aside_task: false, fallback: 'skip' },
  ruleDefaults: { transactional: true },

  async *findDueOccasions(rule: Rule, p: BackInStockParams, window: EvaluationWindow, ctx: KindContext) {
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    let after = 0;
    for (;;) {
      const restocks = await rows<RestockRow>(
        ctx.db,
        `SELECT r.id, r.product_id, r.previous_stock, r.new_stock, r.occurred_at, p.sku, p.name, p.url
         FROM restock_events r JOIN products p ON p.id = r.product_id
         WHERE r.processed_at IS NULL AND r.occurred_at <= ? AND r.id > ? ORDER BY r.id LIMIT 100`,
        [window.to.getTime(), after],
      );
      if (!restocks.length) break;
      after = Number(restocks[restocks.length - 1].id);
      for (const rs of restocks) {
        const units = Math.max(0, Number(rs.new_stock) - Math.max(0, Number(rs.previous_stock)));
        const limit = units * p.per_unit;
        if (limit > 0) yield* notify(rs, limit, p, audience, ctx);
        await rows(
          ctx.db,
          'UPDATE restock_events SET processed_at = ? WHERE id = ? AND processed_at IS NULL RETURNING id',
          [ctx.now.getTime(), rs.id],
        );
      }
    }
  },
};

async function* notify(
  rs: RestockRow,
  limit: number,
  p: BackInStockParams,
  audience: { sql: string; params: unknown[] },
  ctx: KindContext,
) {
  const waiting = await rows<{ id: number; customer_id: number }>(
    ctx.db,
    `SELECT w.id, w.customer_id FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id
     WHERE w.product_id = ? AND w.status = 'waiting' AND c.erased_at IS NULL${audience.sql}
     ORDER BY w.joined_at, w.id LIMIT ?`,
    [rs.product_id, ...audience.params, limit],
  );
  const product = { id: Number(rs.product_id), sku: rs.sku, name: rs.name, url: rs.url };
  for (let i = 0; i < waiting.length; i += ctx.batchSize) {
    yield waiting.slice(i, i + ctx.batchSize).map((w): DueOccasion => ({
      customerId: Number(w.customer_id),
      occasionKey: occasionKey.restock(rs.product_id, rs.id),
      dueAt: new Date(Number(rs.occurred_at)),
      productId: product.id,
      context: { product },
      task: {
        kind: 'other',
        title: (name) => `Tell ${name} that ${rs.name} is back in stock`,
        reason: `${rs.name} is back in stock`,
      },
      extraTask: p.set_aside_task
        ? {
            kind: 'set_aside',
            templateKey: 'back_in_stock_set_aside',
            title: (name) => `Set one ${rs.name} aside for ${name}`,
            reason: `${rs.name} is back in stock and they were on the waitlist`,
          }
        : undefined,
      afterRecorded: async (db) => {
        await rows(
          db,
          "UPDATE waitlist_entries SET status = 'notified', notified_restock_id = ? WHERE id = ? AND status = 'waiting' RETURNING id",
          [rs.id, w.id],
        );
      },
    }));
  }
}
