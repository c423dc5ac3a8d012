import type { Rule } from '@touchbase/store';
import type { TouchCustomer } from './customers';
import type { DueOccasion } from './kinds/rule-kind';
import type { ReasonPart } from './reasons';

// The account of an evaluation (a tick's report, a preview's lines): what it keeps and counts.

/** One line of a tick's or a preview's account: who, which occasion, what happened and why. */
export interface TouchLine {
  ruleId: number;
  ruleName: string;
  customerId: number;
  customerName: string;
  /** The customer's time zone (their own, else the business's): send times are read in it. */
  zone: string;
  occasionKey: string;
  dueAt: string;
  /**
   * The ledger status the tick writes (queued, task, skipped, deferred, missed, holdout, …); a
   * preview adds why-not lines that write nothing: not_due, already_touched.
   */
  outcome: string;
  channel: string | null;
  /** queued messages: when the outbox sends it (quiet hours applied). */
  sendAt: string | null;
  /** In English (as the ledger stores it). */
  reason: string;
  /** The same, as data for the reader's language (reasons.ts). */
  reasons: ReasonPart[];
}

export interface EvaluationSink {
  /** Lines beyond the limit are counted but not kept (memory stays flat). */
  limit: number;
  lines: TouchLine[];
  total: number;
  counts: Record<string, number>;
  /** Why-not lines already given (once per rule, customer and outcome). */
  explained?: Set<string>;
  /** Keep and count only this customer's lines (the customer page's upcoming touches). */
  customerId?: number;
}

/** A line of the account (no channel or send time yet). */
export function touchLine(
  rule: Rule,
  occasion: DueOccasion,
  customer: TouchCustomer,
  outcome: string,
  reasons: ReasonPart[],
  reason: string,
): TouchLine {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    customerId: customer.id,
    customerName: customer.name,
    zone: customer.zone,
    occasionKey: occasion.occasionKey,
    dueAt: occasion.dueAt.toISOString(),
    outcome,
    channel: null,
    sendAt: null,
    reason,
    reasons,
  };
}

/** Counts a line of the account and keeps it while under the sink's limit. */
export function keepLine(sink: EvaluationSink, line: TouchLine): void {
  if (sink.customerId !== undefined && line.customerId !== sink.customerId) return;
  sink.total++;
  sink.counts[line.outcome] = (sink.counts[line.outcome] ?? 0) + 1;
  if (sink.lines.length < sink.limit) sink.lines.push(line);
}

/** A preview's "why not" line (not_due, already_touched): once per rule and customer. */
export function explainLine(sink: EvaluationSink, line: TouchLine): void {
  if (sink.customerId !== undefined && line.customerId !== sink.customerId) return;
  const key = `${line.ruleId}|${line.customerId}|${line.outcome}`;
  sink.explained ??= new Set();
  if (sink.explained.has(key)) return;
  sink.explained.add(key);
  keepLine(sink, line);
}
