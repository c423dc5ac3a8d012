/**
 * Parameters of a `satisfaction_survey` rule (read by the rule kind and by the answer flow).
 * Stored on the rule as JSON; snake_case like the other kinds' parameters.
 */
export const SURVEY_AFTER = ['touch', 'call', 'order'] as const;
export type SurveyAfter = (typeof SURVEY_AFTER)[number];

export interface SatisfactionSurveyParams {
  /** What is asked about: a message touch that went out, a call task done with outcome `reached`, or an order. */
  after: SurveyAfter;
  /** after = touch: only touches of these rules (default: every rule that is not itself a survey). */
  rule_ids: number[];
  /** How long after the touch / call / order to ask, minutes (default 2 days). */
  delay_minutes: number;
  /** A rating at or below this makes a service-recovery task (default 2). */
  low_rating_at_most: number;
  /** Priority of that task (higher first in the staff's list; default 100). */
  recovery_priority: number;
  /** No consent for any channel: make a task or skip (as the other kinds). */
  fallback: 'task' | 'skip';
}

export const SURVEY_DEFAULTS: SatisfactionSurveyParams = {
  after: 'touch',
  rule_ids: [],
  delay_minutes: 2 * 1440,
  low_rating_at_most: 2,
  recovery_priority: 100,
  fallback: 'skip',
};

/** The answer flow only needs the threshold and priority; tolerate anything stored. */
export function recoverySettings(params: Record<string, unknown> | null | undefined): {
  lowAtMost: number;
  priority: number;
} {
  const p = params ?? {};
  const low = Number.isInteger(p.low_rating_at_most)
    ? Number(p.low_rating_at_most)
    : SURVEY_DEFAULTS.low_rating_at_most;
  const priority = Number.isInteger(p.recovery_priority)
    ? Number(p.recovery_priority)
    : SURVEY_DEFAULTS.recovery_priority;
  return { lowAtMost: low, priority };
}

export const SURVEY_KIND = 'satisfaction_survey';
