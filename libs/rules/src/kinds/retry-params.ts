import type { ParamSpec } from './param-spec';

/**
 * How a call task this rule makes is tried again after "no answer" or "voicemail" (see
 * docs/staff.md#outcomes): the first wait, the wait after each later try, and how many tries
 * close it as not reached. Read by the staff area's OutcomesService from the stored params.
 */
export const RETRY_PARAMS: ParamSpec[] = [
  {
    name: 'retry_first_days',
    type: 'int',
    min: 1,
    max: 30,
    default: 1,
    unit: 'days',
    label: { en: 'First retry after', de: 'Erster neuer Versuch nach', pl: 'Pierwsza ponowna próba po' },
    help: {
      en: 'After an unanswered call, the task comes back this many days later, on the person’s next working day.',
      de: 'Nach einem Anruf ohne Antwort kommt die Aufgabe so viele Tage später zurück, am nächsten Arbeitstag der Person.',
      pl: 'Po nieodebranym telefonie zadanie wraca po tylu dniach, w najbliższy dzień pracy danej osoby.',
    },
  },
  {
    name: 'retry_then_days',
    type: 'int',
    min: 1,
    max: 30,
    default: 2,
    unit: 'days',
    label: { en: 'Later retries after', de: 'Weitere Versuche nach', pl: 'Kolejne próby po' },
    help: {
      en: 'The wait after the second and later unanswered tries.',
      de: 'Die Wartezeit nach dem zweiten und jedem weiteren Versuch ohne Antwort.',
      pl: 'Odstęp po drugiej i kolejnych nieudanych próbach.',
    },
  },
  {
    name: 'max_attempts',
    type: 'int',
    min: 1,
    max: 10,
    default: 3,
    label: { en: 'Tries before giving up', de: 'Versuche bis zum Aufgeben', pl: 'Liczba prób' },
    help: {
      en: 'After this many unanswered tries the task closes as not reached and the owner gets a task saying so.',
      de: 'Nach so vielen Versuchen ohne Antwort wird die Aufgabe als nicht erreicht geschlossen, und der Inhaber erhält eine Aufgabe dazu.',
      pl: 'Po tylu nieudanych próbach zadanie zamyka się jako nieosiągnięte, a właściciel dostaje o tym zadanie.',
    },
  },
];
