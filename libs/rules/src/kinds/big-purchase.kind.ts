import { ACTION_CHANNELS, ActionChannel, formatMoney, occasionKey } from '@touchbase/core';
import { rows, type Rule } from '@touchbase/store';
import { audienceSql } from '../sql';
import { TOUCH_CUSTOMER_SQL, touchCustomer } from '../customers';
import { ledgerAntiJoin, priorFor } from '../ledger-lookup';
import { withPlainPlans } from '@touchbase/store';
import { ConsentFallback, FALLBACK_PARAM, Text } from './param-spec';
import type { DueOccasion, EvaluationWindow, KindContext, RuleKind } from './rule-kind';

export interface BigPurchaseParams {
  /** Minimum order total per currency, minor units. */
  min_total: Record<string, number>;
  /** Minutes after the order was placed. */
  delay_minutes: number;
  second_tier: null | { min_total: Record<string, number>; channel: ActionChannel; template_key: string };
  fallback: ConsentFallback;
}

interface OrderRow {
  [column: string]: unknown;
  id: number;
  prior_id: number | null;
  prior_status: string | null;
  prior_key: string | null;
  customer_id: number;
  placed_at: number;
  total_minor: number;
  currency: string;
  external_id: string;
}

const amountLabel = (which: string): { label: Text; help: Text } => ({
  label: {
    en: `${which === 'tier' ? 'Second tier: minimum' : 'Minimum order'} total`,
    de: which === 'tier' ? 'Zweite Stufe: Mindestbetrag' : 'Mindestbestellwert',
    pl: which === 'tier' ? 'Drugi próg: minimalna kwota' : 'Minimalna wartość zamówienia',
  },
  help:
    which === 'tier'
      ? {
          en: 'Orders at or above this higher total get the second tier’s channel and template instead. One amount per currency; an empty one is removed.',
          de: 'Bestellungen ab diesem höheren Betrag nutzen stattdessen Kanal und Vorlage der zweiten Stufe. Ein Betrag je Währung; ein leerer wird entfernt.',
          pl: 'Zamówienia od tej wyższej kwoty dostają kanał i szablon drugiego progu. Jedna kwota na walutę; pustą usuwa się.',
        }
      : {
          en: 'Orders at or above this total get a thank-you. One amount per currency; orders in a currency without one are not thanked.',
          de: 'Bestellungen ab diesem Betrag bekommen ein Dankeschön. Ein Betrag je Währung; Bestellungen in einer Währung ohne Betrag nicht.',
          pl: 'Zamówienia od tej kwoty dostają podziękowanie. Jedna kwota na walutę; zamówienia w walucie bez kwoty nie.',
        },
});

/** A thank-you `delay` after an order above `min_total`; above `second_tier.min_total`, a different channel. */
export const bigPurchaseKind: RuleKind<BigPurchaseParams> = {
  kind: 'big_purchase_thanks',
  label: {
    en: 'Thank-you after a big purchase',
    de: 'Dank nach einem großen Einkauf',
    pl: 'Podziękowanie za duży zakup',
  },
  help: {
    en: 'Thanks a customer after an order at or above a total, after a delay. A second, higher tier can use another channel (e.g. a call).',
    de: 'Bedankt sich nach einer Bestellung ab einem Betrag, nach einer Wartezeit. Eine zweite, höhere Stufe kann einen anderen Kanal nutzen (z. B. einen Anruf).',
    pl: 'Dziękuje klientowi po zamówieniu od określonej kwoty, po pewnym czasie. Drugi, wyższy próg może użyć innego kanału (np. telefonu).',
  },
  params: [
    { name: 'min_total', type: 'money', required: true, ...amountLabel('min') },
    {
      name: 'delay',
      type: 'duration',
      stored: 'delay_minutes',
      default: 0,
      max: 60 * 1440,
      label: { en: 'Delay', de: 'Wartezeit', pl: 'Opóźnienie' },
      help: {
        en: 'How long after the order the thank-you is due: 30m, 2h, 1d (at most 60d).',
        de: 'Wie lange nach der Bestellung das Dankeschön fällig ist: 30m, 2h, 1d (höchstens 60d).',
        pl: 'Ile czasu po zamówieniu przypada podziękowanie: 30m, 2h, 1d (najwyżej 60d).',
      },
    },
    {
      name: 'second_tier',
      type: 'group',
      label: { en: 'Second tier', de: 'Zweite Stufe', pl: 'Drugi próg' },
      help: {
        en: 'Optional: a higher total with its own channel and template (e.g. a call task).',
        de: 'Optional: ein höherer Betrag mit eigenem Kanal und eigener Vorlage (z. B. eine Anruf-Aufgabe).',
        pl: 'Opcjonalnie: wyższa kwota z własnym kanałem i szablonem (np. zadanie telefonu).',
      },
      fields: [
        { name: 'min_total', type: 'money', required: true, ...amountLabel('tier') },
        {
          name: 'channel',
          type: 'choice',
          options: ACTION_CHANNELS,
          label: { en: 'Second tier: channel', de: 'Zweite Stufe: Kanal', pl: 'Drugi próg: kanał' },
          help: {
            en: 'E.g. task for a personal call.',
            de: 'Z. B. Aufgabe für einen persönlichen Anruf.',
            pl: 'Np. zadanie na osobisty telefon.',
          },
        },
        {
          name: 'template_key',
          type: 'text',
          pattern: /^[a-z0-9][a-z0-9_.-]{0,99}$/i,
          example: 'big_purchase_call',
          label: { en: 'Second tier: template', de: 'Zweite Stufe: Vorlage', pl: 'Drugi próg: szablon' },
          help: {
            en: 'Template key for the second tier.',
            de: 'Vorlagenschlüssel für die zweite Stufe.',
            pl: 'Klucz szablonu dla drugiego progu.',
          },
        },
      ],
    },
    FALLBACK_PARAM,
  ],
  example: { min_total: { EUR: 20000 }, delay: '1d', fallback: 'skip' },

  checkParams(p, problems) {
    if (!p.second_tier) return;
    for (const [cur, amount] of Object.entries(p.second_tier.min_total))
      if (p.min_total[cur] !== undefined && amount < p.min_total[cur])
        problems.push({
          field: `params.second_tier.min_total.${cur}`,
          problem: 'must not be below params.min_total',
        });
  },

  async *findDueOccasions(rule: Rule, p: BigPurchaseParams, window: EvaluationWindow, ctx: KindContext) {
    const currencies = Object.entries(p.min_total);
    if (!currencies.length) return;
    const delayMs = p.delay_minutes * 60_000;
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    const threshold = `(${currencies.map(() => '(o.currency = ? AND o.total_minor >= ?)').join(' OR ')})`;
    const thresholdParams = currencies.flat();
    const hi = window.to.getTime() - delayMs;
    // already thanked for this order (a final touch): left out in SQL, by the ledger's unique key
    const ledger = ledgerAntiJoin(rule.id, 'o.customer_id', { expr: `'order:' || o.id` }, ctx);
    let cursor: [number, number] | null = null;
    for (;;) {
      const keyset: string = cursor
        ? '(o.placed_at > ? OR (o.placed_at = ? AND o.id > ?))'
        : 'o.placed_at > ?';
      const keysetParams: number[] = cursor
        ? [cursor[0], cursor[0], cursor[1]]
        : [window.from.getTime() - delayMs];
      const batch: OrderRow[] = await withPlainPlans(ctx.db, (db) =>
        rows<OrderRow>(
          db,
          `SELECT o.id, o.customer_id, o.placed_at, o.total_minor, o.currency, o.external_id, ${TOUCH_CUSTOMER_SQL}, ${ledger.columns} FROM orders o
         JOIN customers c ON c.id = o.customer_id${ledger.join.sql}
         WHERE ${keyset} AND o.placed_at <= ? AND ${threshold} AND c.erased_at IS NULL${audience.sql}${ledger.where.sql}
         ORDER BY o.placed_at, o.id LIMIT ?`,
          [
            ...ledger.join.params,
            ...keysetParams,
            hi,
            ...thresholdParams,
            ...audience.params,
            ...ledger.where.params,
            ctx.batchSize,
          ],
        ),
      );
      if (!batch.length) break;
      const last: OrderRow = batch[batch.length - 1];
      cursor = [Number(last.placed_at), Number(last.id)];
      const locale = ctx.config.business.defaultLocale;
      yield batch.map((o): DueOccasion => {
        const total = Number(o.total_minor);
        const tier =
          p.second_tier &&
          p.second_tier.min_total[o.currency] !== undefined &&
          total >= p.second_tier.min_total[o.currency]
            ? p.second_tier
            : null;
        const money = formatMoney(total, o.currency, locale);
        const placedAt = new Date(Number(o.placed_at));
        const key = occasionKey.order(o.id);
        return {
          customerId: Number(o.customer_id),
          occasionKey: key,
          prior: priorFor(o, key),
          customer: touchCustomer(o, ctx.config.business.timezone),
          dueAt: new Date(placedAt.getTime() + delayMs),
          orderId: Number(o.id),
          channel: tier?.channel,
          templateKey: tier?.template_key,
          task: {
            kind: 'call',
            title: (name) => `Call ${name} to thank them for order ${o.external_id}`,
            reason: `Order ${o.external_id} of ${money}`,
          },
          context: {
            order: {
              id: Number(o.id),
              externalId: o.external_id,
              placedAt,
              totalMinor: total,
              currency: o.currency,
            },
          },
        };
      });
      if (batch.length < ctx.batchSize) break;
    }
  },
};
