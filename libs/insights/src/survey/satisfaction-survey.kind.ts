import { occasionKey } from '@touchbase/core';
import {
  audienceSql,
  DueOccasion,
  EvaluationWindow,
  KindContext,
  FALLBACK_PARAM,
  RuleKind,
} from '@touchbase/rules';
import { inList, rows, type Rule } from '@touchbase/store';
import { SatisfactionSurveyParams, SURVEY_AFTER, SURVEY_DEFAULTS, SURVEY_KIND } from './survey-params';
import { SurveyLinks } from './survey-link';

/*
 * satisfaction_survey, owned by the insights area and registered with the rule engine by
 * InsightsModule (the engine core does not know it): "How did we do?" a set time after a
 * message touch went out, a call was done with outcome `reached`, or an order was placed.
 * The message carries a signed link ({{ survey_url }}) to the public rating page /r/:token.
 */

/** A message goes out at most this long after its touch was due (quiet hours, retries). */
const SEND_SLACK_MS = 14 * 86_400_000;

interface Source {
  id: number;
  customer_id: number;
  at: number;
  label: string;
  order?: { id: number; externalId: string; placedAt: Date; totalMinor: number; currency: string };
}

export const satisfactionSurveyKind: RuleKind<SatisfactionSurveyParams> = {
  kind: SURVEY_KIND,
  label: { en: 'Satisfaction survey', de: 'Zufriedenheitsumfrage', pl: 'Ankieta satysfakcji' },
  help: {
    en: 'Asks “How did we do?” with a 1–5 rating some time after a message, a call that reached the customer, or an order. A low rating makes a follow-up task.',
    de: 'Fragt „Wie war es?“ mit einer Bewertung von 1–5, einige Zeit nach einer Nachricht, einem erfolgreichen Anruf oder einer Bestellung. Eine schlechte Bewertung erzeugt eine Aufgabe.',
    pl: 'Pyta „Jak nam poszło?” z oceną 1–5, jakiś czas po wiadomości, udanym telefonie lub zamówieniu. Niska ocena tworzy zadanie.',
  },
  params: [
    {
      name: 'after',
      type: 'choice',
      options: SURVEY_AFTER,
      default: SURVEY_DEFAULTS.after,
      label: { en: 'Ask after', de: 'Fragen nach', pl: 'Zapytaj po' },
      help: {
        en: 'A message that went out, a call task done with outcome “reached”, or an order.',
        de: 'Einer versendeten Nachricht, einer erledigten Anruf-Aufgabe mit Ergebnis „erreicht“ oder einer Bestellung.',
        pl: 'Wysłanej wiadomości, wykonanym telefonie z wynikiem „dodzwoniono się” albo zamówieniu.',
      },
      optionLabels: {
        touch: { en: 'a message', de: 'einer Nachricht', pl: 'wiadomości' },
        call: { en: 'a call', de: 'einem Anruf', pl: 'telefonie' },
        order: { en: 'an order', de: 'einer Bestellung', pl: 'zamówieniu' },
      },
    },
    {
      name: 'rule_ids',
      type: 'ids',
      label: { en: 'Only after these rules', de: 'Nur nach diesen Regeln', pl: 'Tylko po tych regułach' },
      help: {
        en: 'Rule ids, comma-separated (e.g. 1, 4); only for messages and calls. Empty: every rule that is not a survey.',
        de: 'Regel-IDs, durch Kommas getrennt (z. B. 1, 4); nur bei Nachrichten und Anrufen. Leer: jede Regel außer Umfragen.',
        pl: 'Identyfikatory reguł, po przecinku (np. 1, 4); tylko dla wiadomości i telefonów. Puste: każda reguła poza ankietami.',
      },
    },
    {
      name: 'delay',
      type: 'duration',
      stored: 'delay_minutes',
      default: SURVEY_DEFAULTS.delay_minutes,
      max: 90 * 1440,
      label: { en: 'Delay', de: 'Wartezeit', pl: 'Opóźnienie' },
      help: {
        en: 'How long after the message, call or order to ask: 30m, 2h, 2d (at most 90d; default 2d).',
        de: 'Wie lange nach Nachricht, Anruf oder Bestellung gefragt wird: 30m, 2h, 2d (höchstens 90d; Standard 2d).',
        pl: 'Ile czasu po wiadomości, telefonie lub zamówieniu zapytać: 30m, 2h, 2d (najwyżej 90d; domyślnie 2d).',
      },
    },
    {
      name: 'low_rating_at_most',
      type: 'int',
      min: 1,
      max: 4,
      default: SURVEY_DEFAULTS.low_rating_at_most,
      unit: 'rating',
      label: { en: 'Low rating at most', de: 'Schlechte Bewertung bis', pl: 'Niska ocena do' },
      help: {
        en: 'A rating at or below this makes a service-recovery task (1–4).',
        de: 'Eine Bewertung bis zu diesem Wert erzeugt eine Aufgabe zur Wiedergutmachung (1–4).',
        pl: 'Ocena równa lub niższa tworzy zadanie naprawcze (1–4).',
      },
    },
    {
      name: 'recovery_priority',
      type: 'int',
      min: 0,
      max: 1000,
      default: SURVEY_DEFAULTS.recovery_priority,
      unit: 'points',
      label: {
        en: 'Follow-up task priority',
        de: 'Priorität der Folgeaufgabe',
        pl: 'Priorytet zadania naprawczego',
      },
      help: {
        en: 'Higher comes first in the staff’s Today list (0–1000).',
        de: 'Höher steht weiter oben in der Heute-Liste des Teams (0–1000).',
        pl: 'Wyższy jest wyżej na liście „Dziś” zespołu (0–1000).',
      },
    },
    FALLBACK_PARAM,
  ],
  example: { after: 'touch', delay: '2d', low_rating_at_most: 2, recovery_priority: 100, fallback: 'skip' },

  checkParams(params, problems) {
    if (params.rule_ids.length && params.after === 'order')
      problems.push({
        field: 'params.rule_ids',
        problem: 'only applies when params.after is touch or call',
      });
  },

  async *findDueOccasions(
    rule: Rule,
    p: SatisfactionSurveyParams,
    window: EvaluationWindow,
    ctx: KindContext,
  ) {
    const links = new SurveyLinks(ctx.config);
    const delayMs = p.delay_minutes * 60_000;
    // a source is due when at + delay falls in (from, to]
    const lo = window.from.getTime() - delayMs;
    const hi = window.to.getTime() - delayMs;
    const audience = audienceSql(rule.audience, ctx.config.business.defaultLocale);
    const ruleFilter = p.rule_ids.length ? ` AND src.rule_id IN (${inList(p.rule_ids)})` : '';
    let cursor = 0;
    for (;;) {
      let batch: Source[];
      if (p.after === 'touch') {
        batch = (
          await rows<{ id: number; customer_id: number; at: number; rule_name: string }>(
            ctx.db,
            `SELECT src.id, src.customer_id, COALESCE(m.sent_at, src.due_at) AS at, r.name AS rule_name
               FROM touches src
               JOIN rules r ON r.id = src.rule_id
               JOIN outbox_messages m ON m.id = src.message_id
               JOIN customers c ON c.id = src.customer_id
              WHERE src.id > ? AND src.status IN ('queued', 'sent', 'delivered') AND m.status IN ('sent', 'delivered')
                AND src.due_at > ? AND src.due_at <= ?
                AND COALESCE(m.sent_at, src.due_at) > ? AND COALESCE(m.sent_at, src.due_at) <= ?
                AND r.kind <> ?${ruleFilter} AND c.erased_at IS NULL${audience.sql}
              ORDER BY src.id LIMIT ?`,
            [
              cursor,
              lo - SEND_SLACK_MS,
              hi,
              lo,
              hi,
              SURVEY_KIND,
              ...p.rule_ids,
              ...audience.params,
              ctx.batchSize,
            ],
          )
        ).map((s) => ({
          id: Number(s.id),
          customer_id: Number(s.customer_id),
          at: Number(s.at),
          label: `“${s.rule_name}”`,
        }));
      } else if (p.after === 'call') {
        batch = (
          await rows<{ id: number; customer_id: number; at: number; title: string }>(
            ctx.db,
            `SELECT src.id, src.customer_id, src.completed_at AS at, src.title
               FROM tasks src JOIN customers c ON c.id = src.customer_id
              WHERE src.id > ? AND src.kind = 'call' AND src.status = 'done' AND src.outcome = 'reached'
                AND src.completed_at > ? AND src.completed_at <= ?${ruleFilter} AND c.erased_at IS NULL${audience.sql}
              ORDER BY src.id LIMIT ?`,
            [cursor, lo, hi, ...p.rule_ids, ...audience.params, ctx.batchSize],
          )
        ).map((s) => ({
          id: Number(s.id),
          customer_id: Number(s.customer_id),
          at: Number(s.at),
          label: `our call (${s.title})`,
        }));
      } else {
        batch = (
          await rows<{
            id: number;
            customer_id: number;
            at: number;
            external_id: string;
            total_minor: number;
            currency: string;
          }>(
            ctx.db,
            `SELECT src.id, src.customer_id, src.placed_at AS at, src.external_id, src.total_minor, src.currency
               FROM orders src JOIN customers c ON c.id = src.customer_id
              WHERE src.id > ? AND src.placed_at > ? AND src.placed_at <= ? AND c.erased_at IS NULL${audience.sql}
              ORDER BY src.id LIMIT ?`,
            [cursor, lo, hi, ...audience.params, ctx.batchSize],
          )
        ).map((s) => ({
          id: Number(s.id),
          customer_id: Number(s.customer_id),
          at: Number(s.at),
          label: `order ${s.external_id}`,
          order: {
            id: Number(s.id),
            externalId: s.external_id,
            placedAt: new Date(Number(s.at)),
            totalMinor: Number(s.total_minor),
            currency: s.currency,
          },
        }));
      }
      if (!batch.length) break;
      cursor = batch[batch.length - 1].id;
      yield batch.map((s): DueOccasion => {
        const key = occasionKey.survey(p.after, s.id);
        const surveyUrl = links.url({ ruleId: rule.id, customerId: s.customer_id, occasionKey: key });
        return {
          customerId: s.customer_id,
          occasionKey: key,
          dueAt: new Date(s.at + delayMs),
          orderId: s.order?.id ?? null,
          task: {
            kind: 'call',
            facts: { about: s.label },
            title: (name) => `Ask ${name} how we did`,
            reason: `Satisfaction check after ${s.label}`,
          },
          context: { extra: { surveyUrl }, ...(s.order ? { order: s.order } : {}) },
        };
      });
      if (batch.length < ctx.batchSize) break;
    }
  },
};
