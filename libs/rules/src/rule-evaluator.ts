import { Injectable } from '@nestjs/common';
import {
  ActionChannel,
  CHANNELS,
  isPersonalKind,
  MessageComposer,
  TaskAssigner,
  TaskComposer,
  Telemetry,
} from '@touchbase/core';
import type { EntityManager } from 'typeorm';
import {
  ENGINE_STATE,
  plainPlans,
  parseChannelState,
  readStates,
  type Rule,
  withPlainPlans,
} from '@touchbase/store';
import { budgetOccasions, loadCustomers } from './customers';
import { existingTouches, RETRIED_STATUSES } from './ledger-lookup';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { EvaluationWindow, KindContext, perPass, validateParams } from './kinds/rule-kind';
import { PlannedTouch, recordTouches } from './ledger';
import { decideTouch, TouchDecision } from './policies';
import { englishReason, ReasonPart } from './reasons';

const DAY = 86_400_000;
const RETRIED = new Set<string>(RETRIED_STATUSES);

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

export interface RuleRun {
  ruleId: number;
  ruleName: string;
  kind: string;
  from: string;
  to: string;
  counts: Record<string, number>;
  durationMs: number;
  /** This process's CPU time for the rule (on SQLite the database's work is in it). */
  cpuMs?: number;
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

/**
 * Evaluates one rule over a window: the kind finds due occasions in batches; for each batch the
 * policies decide, and in a tick the ledger writes the batch in one transaction.
 */
@Injectable()
export class RuleEvaluator {
  constructor(
    private readonly kinds: RuleKindRegistry,
    private readonly telemetry: Telemetry,
    /** Required ports: a process without the messaging and staff areas fails at boot, not mid-tick. */
    private readonly composer: MessageComposer,
    private readonly assigner: TaskAssigner,
    private readonly tasks: TaskComposer,
  ) {}

  async evaluate(
    rule: Rule,
    window: EvaluationWindow,
    ctx: KindContext,
    sink: EvaluationSink,
  ): Promise<RuleRun> {
    const started = process.hrtime.bigint();
    const cpuStarted = process.cpuUsage();
    const run: RuleRun = {
      ruleId: rule.id,
      ruleName: rule.name,
      kind: rule.kind,
      from: window.from.toISOString(),
      to: window.to.toISOString(),
      counts: {},
      durationMs: 0,
    };
    const kind = this.kinds.get(rule.kind);
    if (!kind) {
      run.counts.unknown_kind = 1;
      return run;
    }
    const { params } = validateParams(kind, rule.params ?? {});
    const fallback = (params as { fallback?: 'task' | 'skip' }).fallback ?? 'skip';
    const policy = ctx.config.policy;
    const preview = ctx.mode === 'preview';
    const paused = await perPass(ctx, 'pausedChannels', () => pausedChannels(ctx.db));
    for await (const batch of kind.findDueOccasions(rule, params, window, ctx)) {
      const ids = [...new Set(batch.map((o) => o.customerId))];
      // the kinds' candidate queries hand over the customer rows; read only what they did not
      const missing = [...new Set(batch.filter((o) => !o.customer).map((o) => o.customerId))];
      // one after the other: a sandbox reads through a single connection
      // the kinds' candidate queries bring the ledger row (anti-join); a kind without one is looked up by key
      const unknown = batch.filter((o) => o.prior === undefined && !o.notDue);
      const { customers, existing, budget } = await withPlainPlans(ctx.db, async (db) => ({
        customers: await loadCustomers(db, missing, ctx.config.business.timezone),
        existing: unknown.length ? await existingTouches(db, rule.id, unknown) : null,
        // a transactional rule is outside the contact budget: nothing to read for it
        budget: rule.transactional
          ? new Map<number, Set<string>>()
          : await budgetOccasions(db, ids, new Date(ctx.now.getTime() - policy.budgetDays * DAY)),
      }));
      const planned: PlannedTouch[] = [];
      for (const occasion of batch) {
        const customer = occasion.customer ?? customers.get(occasion.customerId);
        if (!customer) continue;
        const prior =
          occasion.prior !== undefined
            ? occasion.prior
            : existing?.get(`${occasion.customerId}|${occasion.occasionKey}`);
        const line = (outcome: string, reasons: ReasonPart[]): TouchLine => ({
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
          reason: englishReason(reasons),
          reasons,
        });
        if (occasion.notDue) {
          if (preview) this.explain(sink, line('not_due', [occasion.notDue]));
          continue;
        }
        if (prior && !RETRIED.has(prior.status)) {
          // Only what was in the ledger before the preview began: the rest is the preview's own.
          if (preview && prior.id <= (ctx.baselineTouchId ?? Infinity))
            this.explain(
              sink,
              line('already_touched', [{ code: 'already_touched', params: { status: prior.status } }]),
            );
          continue;
        }
        const used = budget.get(customer.id);
        const decided = decideTouch({
          rule,
          customer,
          occasionKey: occasion.occasionKey,
          dueAt: occasion.dueAt,
          now: ctx.now,
          wantedChannel: (occasion.channel ?? rule.channel) as ActionChannel,
          fallback,
          personal: isPersonalKind(rule.kind),
          // Several touches for one occasion (a card task, then the email) are one contact.
          touchesInBudgetWindow: used ? used.size - (used.has(occasion.occasionKey) ? 1 : 0) : 0,
          policy,
        });
        // a paused channel is the owner's to fix: the occasion waits as blocked (invariant 10)
        const decision =
          decided.status === 'queued' && decided.channel && paused.has(decided.channel)
            ? blockedBy(decided, { code: 'channel_paused', params: { channel: decided.channel } })
            : decided;
        if ((decision.status === 'queued' || decision.status === 'task') && !rule.transactional) {
          if (used) used.add(occasion.occasionKey);
          else budget.set(customer.id, new Set([occasion.occasionKey]));
        }
        if (prior && decision.status === prior.status && decision.status === 'deferred') continue; // still over budget
        planned.push({ occasion, customer, decision, deferredId: prior ? prior.id : null });
      }
      if (!planned.length) continue;
      const deps = {
        composer: this.composer,
        // A preview must not advance the assigner's round-robin turn in the real store.
        assigner: preview ? null : this.assigner,
        tasks: this.tasks,
        businessZone: ctx.config.business.timezone,
        businessLocale: ctx.config.business.defaultLocale,
      };
      const recorded = await ctx.db.transaction(async (tx) => {
        await plainPlans(tx); // short writes and lookups by the batch's ids: no parallel workers, no JIT
        return recordTouches(tx, deps, rule, planned, ctx.now);
      });
      for (const r of recorded) {
        const p = r.plan;
        const customer = p.customer;
        run.counts[r.status] = (run.counts[r.status] ?? 0) + 1;
        if (!preview) this.telemetry.touchRecorded(rule.kind, r.status);
        this.keep(sink, {
          ruleId: rule.id,
          ruleName: rule.name,
          customerId: customer.id,
          customerName: customer.name,
          zone: customer.zone,
          occasionKey: p.occasion.occasionKey,
          dueAt: p.occasion.dueAt.toISOString(),
          outcome: r.status,
          channel: r.channel,
          sendAt: r.status === 'queued' ? (p.decision.sendAt?.toISOString() ?? null) : null,
          reason: r.reason,
          reasons: r.reasons,
        });
      }
    }
    run.durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const cpu = process.cpuUsage(cpuStarted);
    run.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    return run;
  }

  private keep(sink: EvaluationSink, line: TouchLine): void {
    if (sink.customerId !== undefined && line.customerId !== sink.customerId) return;
    sink.total++;
    sink.counts[line.outcome] = (sink.counts[line.outcome] ?? 0) + 1;
    if (sink.lines.length < sink.limit) sink.lines.push(line);
  }

  /** A preview's "why not" line (not_due, already_touched): once per rule and customer. */
  private explain(sink: EvaluationSink, line: TouchLine): void {
    if (sink.customerId !== undefined && line.customerId !== sink.customerId) return;
    const key = `${line.ruleId}|${line.customerId}|${line.outcome}`;
    sink.explained ??= new Set();
    if (sink.explained.has(key)) return;
    sink.explained.add(key);
    this.keep(sink, line);
  }
}

/** The channels paused by a configuration error (engine_state, written by the dispatcher). */
async function pausedChannels(db: EntityManager): Promise<Set<string>> {
  const values = await readStates(
    db,
    CHANNELS.map((c) => ENGINE_STATE.channel(c)),
  );
  return new Set(
    CHANNELS.filter((c) => parseChannelState(values.get(ENGINE_STATE.channel(c)) ?? null).paused),
  );
}

function blockedBy(d: TouchDecision, why: ReasonPart): TouchDecision {
  const reasons: ReasonPart[] = [...d.reasons, why, { code: 'blocked' }];
  return { ...d, status: 'blocked', reasons, reason: englishReason(reasons), sendAt: null };
}
