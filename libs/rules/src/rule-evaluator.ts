import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { ActionChannel, MessageComposer, TaskAssigner, TaskComposer, Telemetry } from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import { budgetCounts, existingTouches, loadCustomers } from './customers';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { EvaluationWindow, KindContext, validateParams } from './kinds/rule-kind';
import { PlannedTouch, recordTouches } from './ledger';
import { decideTouch, TouchDecision } from './policies';

const DAY = 86_400_000;

/** One line of a tick's or a preview's account: who, which occasion, what happened and why. */
export interface TouchLine {
  ruleId: number;
  ruleName: string;
  customerId: number;
  customerName: string;
  occasionKey: string;
  dueAt: string;
  /** tick: the ledger status; preview: touch | task | waits_quiet_hours | no_consent | budget | holdout | already_touched | not_due */
  outcome: string;
  channel: string | null;
  sendAt: string | null;
  reason: string;
}

export interface RuleRun {
  ruleId: number;
  ruleName: string;
  kind: string;
  from: string;
  to: string;
  counts: Record<string, number>;
  durationMs: number;
}

export interface EvaluationSink {
  /** Lines beyond the limit are counted but not kept (memory stays flat). */
  limit: number;
  lines: TouchLine[];
  total: number;
  counts: Record<string, number>;
}

/**
 * Evaluates one rule over a window: the kind finds due occasions in batches; for each batch the
 * policies decide, and in a tick the ledger writes the batch in one transaction.
 */
@Injectable()
export class RuleEvaluator {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    const policy = this.config.policy;
    for await (const batch of kind.findDueOccasions(rule, params, window, ctx)) {
      const ids = [...new Set(batch.map((o) => o.customerId))];
      // one after the other: a dry run reads through a single connection
      const customers = await loadCustomers(ctx.db, ids, this.config.business.timezone);
      const existing = await existingTouches(ctx.db, rule.id, ids);
      const budget = await budgetCounts(ctx.db, ids, new Date(ctx.now.getTime() - policy.budgetDays * DAY));
      const planned: PlannedTouch[] = [];
      for (const occasion of batch) {
        const customer = customers.get(occasion.customerId);
        if (!customer) continue;
        const prior = existing.get(`${occasion.customerId}|${occasion.occasionKey}`);
        const line = (outcome: string, d?: TouchDecision): TouchLine => ({
          ruleId: rule.id,
          ruleName: rule.name,
          customerId: customer.id,
          customerName: customer.name,
          occasionKey: occasion.occasionKey,
          dueAt: occasion.dueAt.toISOString(),
          outcome,
          channel: d?.channel ?? null,
          sendAt: d?.sendAt?.toISOString() ?? null,
          reason: d?.reason ?? '',
        });
        if (occasion.notDue) {
          if (ctx.mode === 'preview') this.keep(sink, { ...line('not_due'), reason: occasion.notDue });
          continue;
        }
        if (prior && prior.status !== 'deferred') {
          if (ctx.mode === 'preview')
            this.keep(sink, {
              ...line('already_touched'),
              reason: `already in the ledger as ${prior.status}`,
            });
          continue;
        }
        const decision = decideTouch({
          rule,
          customer,
          occasionKey: occasion.occasionKey,
          dueAt: occasion.dueAt,
          now: ctx.now,
          wantedChannel: (occasion.channel ?? rule.channel) as ActionChannel,
          fallback,
          touchesInBudgetWindow: budget.get(customer.id) ?? 0,
          policy,
        });
        if ((decision.status === 'queued' || decision.status === 'task') && !rule.transactional)
          budget.set(customer.id, (budget.get(customer.id) ?? 0) + 1);
        if (ctx.mode === 'preview') {
          const why = [decision.channel === 'task' ? occasion.task?.reason : '', decision.reason]
            .filter(Boolean)
            .join('; ');
          this.keep(sink, { ...line(previewOutcome(decision, occasion.dueAt), decision), reason: why });
          continue;
        }
        if (prior && decision.status === 'deferred') continue; // still over budget: stays deferred
        planned.push({ occasion, customer, decision, deferredId: prior ? prior.id : null });
      }
      if (!planned.length) continue;
      const deps = {
        composer: this.composer,
        assigner: this.assigner,
        tasks: this.tasks,
        businessZone: this.config.business.timezone,
        businessLocale: this.config.business.defaultLocale,
      };
      const recorded = await ctx.db.transaction((tx) => recordTouches(tx, deps, rule, planned, ctx.now));
      for (const r of recorded) {
        const p = r.plan;
        const customer = p.customer;
        run.counts[r.status] = (run.counts[r.status] ?? 0) + 1;
        this.telemetry.touchRecorded(rule.kind, r.status);
        this.keep(sink, {
          ruleId: rule.id,
          ruleName: rule.name,
          customerId: customer.id,
          customerName: customer.name,
          occasionKey: p.occasion.occasionKey,
          dueAt: p.occasion.dueAt.toISOString(),
          outcome: r.status,
          channel: r.channel,
          sendAt: p.decision.sendAt?.toISOString() ?? null,
          reason: r.reason,
        });
      }
    }
    run.durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    return run;
  }

  private keep(sink: EvaluationSink, line: TouchLine): void {
    sink.total++;
    sink.counts[line.outcome] = (sink.counts[line.outcome] ?? 0) + 1;
    if (sink.lines.length < sink.limit) sink.lines.push(line);
  }
}

function previewOutcome(d: TouchDecision, dueAt: Date): string {
  switch (d.status) {
    case 'queued':
      return d.sendAt && d.sendAt.getTime() > dueAt.getTime() ? 'waits_quiet_hours' : 'touch';
    case 'skipped':
      return 'no_consent';
    case 'deferred':
      return 'budget';
    default:
      return d.status;
  }
}
