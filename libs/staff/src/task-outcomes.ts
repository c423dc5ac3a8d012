import { addDays } from '@touchbase/core';
import type { Task, TaskUndo } from '@touchbase/store';

/**
 * What each kind of task can end with, as staff see it (big buttons, in this order):
 * call — reached, voicemail, no answer, wrong number, not wanted; card — written and posted;
 * set aside — picked up, not collected; reply — answered, no answer needed; other — done.
 */
export const OUTCOMES_BY_KIND: Record<string, readonly string[]> = {
  call: ['reached', 'voicemail', 'no_answer', 'wrong_number', 'not_wanted'],
  service_recovery: ['reached', 'voicemail', 'no_answer', 'wrong_number', 'not_wanted'],
  card: ['card_sent'],
  set_aside: ['picked_up', 'not_collected'],
  reply: ['answered', 'no_reply_needed'],
  other: ['done'],
};

/** Earlier API words, still accepted: left_message = voicemail, other = done, set_aside = the unit is set aside. */
const LEGACY: Record<string, string> = { left_message: 'voicemail', other: 'done' };

/** Every outcome the API knows (for OpenAPI and validation). */
export const OUTCOMES = [
  ...new Set([...Object.values(OUTCOMES_BY_KIND).flat(), 'left_message', 'other', 'set_aside', 'unreached']),
] as const as readonly string[];

/** Outcomes that are a try, not a contact: the task comes back after the retry interval. */
export const ATTEMPTS: readonly string[] = ['no_answer', 'voicemail'];

/** The contact-history kind for outcomes that reached nobody: never resets a "no contact" clock. */
export const ATTEMPT_EVENT = 'attempt';

export interface OutcomeEffect {
  /** The outcome as stored (legacy words mapped). */
  outcome: string;
  /** `retry`: stays open for another try; `close`: done. */
  action: 'retry' | 'close';
  /** The contact_events kind written: a real contact (call, card, set_aside, reply, note) or `attempt`. */
  eventKind: string;
  /** Flag the customer's phone as wrong. */
  flagPhone: boolean;
}

/** The outcomes a task of `kind` accepts (its own, plus the legacy words that fit it). */
export function outcomesFor(kind: string): readonly string[] {
  const own = OUTCOMES_BY_KIND[kind] ?? OUTCOMES_BY_KIND.other;
  const legacy = Object.entries(LEGACY)
    .filter(([, to]) => own.includes(to))
    .map(([from]) => from);
  return [...own, ...legacy, ...(kind === 'set_aside' ? ['set_aside'] : [])];
}

/** What recording `outcome` on a task of `kind` does; null when the kind does not have it. */
export function outcomeEffect(kind: string, raw: string): OutcomeEffect | null {
  if (!outcomesFor(kind).includes(raw)) return null;
  const outcome = LEGACY[raw] ?? raw;
  const contact = (eventKind: string): OutcomeEffect => ({
    outcome,
    action: 'close',
    eventKind,
    flagPhone: false,
  });
  switch (outcome) {
    case 'no_answer':
    case 'voicemail':
      return { outcome, action: 'retry', eventKind: ATTEMPT_EVENT, flagPhone: false };
    case 'wrong_number':
      return { outcome, action: 'close', eventKind: ATTEMPT_EVENT, flagPhone: true };
    case 'not_collected':
      return { outcome, action: 'close', eventKind: ATTEMPT_EVENT, flagPhone: false };
    case 'reached':
    case 'not_wanted':
      return contact('call');
    case 'card_sent':
      return contact('card');
    case 'picked_up':
    case 'set_aside':
      return contact('set_aside');
    case 'answered':
      return contact('reply');
    default:
      return contact('note');
  }
}

/** A rule's retry settings: days to wait after each try (the last repeats) and the tries allowed. */
export interface RetryPolicy {
  retryDays: number[];
  maxAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retryDays: [1, 2], maxAttempts: 3 };

/** Reads `retry_first_days`, `retry_then_days` and `max_attempts` from a rule's params, else the defaults. */
export function retryPolicyOf(params: Record<string, unknown> | null | undefined): RetryPolicy {
  const int = (v: unknown, fallback: number) =>
    Number.isInteger(v) && (v as number) >= 1 ? (v as number) : fallback;
  return {
    retryDays: [
      int(params?.retry_first_days, DEFAULT_RETRY.retryDays[0]),
      int(params?.retry_then_days, DEFAULT_RETRY.retryDays[1]),
    ],
    maxAttempts: int(params?.max_attempts, DEFAULT_RETRY.maxAttempts),
  };
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a YYYY-MM-DD day. */
export function weekday(day: string): number {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** "1,2,3,4,5" → [1, 2, 3, 4, 5]; anything unreadable → Monday to Friday. */
export function parseWorkingDays(s: string | null | undefined): number[] {
  const days = String(s ?? '')
    .split(',')
    .map((x) => Number(x.trim()))
    .filter((n) => Number.isInteger(n) && n >= 1 && n <= 7);
  return days.length ? [...new Set(days)].sort() : [1, 2, 3, 4, 5];
}

/** The first day on or after `day` that is a working day. */
export function onWorkingDay(day: string, workingDays: number[]): string {
  let d = day;
  for (let i = 0; i < 7 && !workingDays.includes(weekday(d)); i++) d = addDays(d, 1);
  return d;
}

/**
 * When a task comes back after its `attempt`-th try (1-based) on `today`: `retryDays[attempt-1]`
 * days later (the last entry repeats), moved to the person's next working day.
 */
export function retryDay(today: string, attempt: number, policy: RetryPolicy, workingDays: number[]): string {
  const wait = policy.retryDays[Math.min(attempt, policy.retryDays.length) - 1];
  return onWorkingDay(addDays(today, wait), workingDays);
}

const SUMMARIES: Record<string, string> = {
  reached: 'Reached',
  voicemail: 'Left a voicemail',
  no_answer: 'No answer',
  wrong_number: 'Wrong number',
  not_wanted: 'Does not want calls',
  card_sent: 'Card written and posted',
  picked_up: 'Picked up',
  not_collected: 'Not collected',
  set_aside: 'Unit set aside',
  answered: 'Answered',
  no_reply_needed: 'No answer needed',
  done: 'Done',
  unreached: 'Not reached',
};

/** An outcome as the contact history's summary says it ("Left a voicemail"); the word itself when it has none. */
export function outcomeSummary(outcome: string): string {
  return SUMMARIES[outcome] ?? outcome;
}

/** What undo puts back: the task's state before an outcome, snooze or skip. */
export function undoSnapshot(t: Task): TaskUndo {
  return {
    status: t.status,
    dueDay: t.dueDay,
    snoozedUntil: t.snoozedUntil,
    outcome: t.outcome,
    outcomeNote: t.outcomeNote,
    skipReason: t.skipReason,
    completedAt: t.completedAt ? t.completedAt.getTime() : null,
    attempts: t.attempts,
    contactEventId: null,
  };
}
