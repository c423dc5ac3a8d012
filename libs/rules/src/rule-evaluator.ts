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
import { DueOccasion, EvaluationWindow, KindContext, perPass, validateParams } from './kinds/rule-kind';
import { PlannedTouch, recordTouches } from './ledger';
import { decideTouch, TouchDecision } from './policies';
import { englishReason, ReasonPart } from './reasons';
import { EvaluationSink, explainLine, keepLine, touchLine } from './evaluation-sink';

const DAY = 86_400_000;
const RETRIED = new Set<string>(RETRIED_STATUSES);

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

/** What a rule's batches share: the rule, where to read and write, where the account goes. */
interface BatchRun {
  rule: Rule;
  /** Writes go to ctx.db. */
  ctx: KindContext;
  /** Where the batch's lookups read: ctx.db, or in a pipelined tick ctx.reads. */
  reads: EntityManager;
  sink: EvaluationSink;
  run: RuleRun;
  paused: Set<string>;
  fallback: 'task' | 'skip';
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
    const paused = await perPass(ctx, 'pausedChannels', () => pausedChannels(ctx.db));
    // Pipelined (a tick on PostgreSQL, a kind whose batches are disjoint customers): the next
    // batch is read on the second connection and planned while the previous one is written.
    const overlap = ctx.mode === 'tick' && !!kind.disjointBatches && !!ctx.reads;
    const reading: KindContext = overlap ? { ...ctx, db: ctx.reads! } : ctx;
    const batchRun: BatchRun = { rule, ctx, reads: reading.db, sink, run, paused, fallback };
    // the batch being written: one write at a time, in batch order
    let writing: Promise<void> = Promise.resolve();
    try {
      for await (const batch of kind.findDueOccasions(rule, params, window, reading)) {
        const planned = await this.decide(batchRun, batch);
        if (!planned.length) continue;
        await writing; // a failed write ends the rule here: no later batch is written
        writing = this.write(batchRun, planned);
        if (overlap)
          writing.catch(() => undefined); // awaited before the next write, or below
        else await writing;
      }
      await writing; // the next rule reads what this one wrote (the contact budget across rules)
    } catch (e) {
      await writing.catch(() => undefined); // no write left running on the tick's connection
      throw e;
    }
    run.durationMs = Number((process.hrtime.bigint() - started) / 1_000_000n);
    const cpu = process.cpuUsage(cpuStarted);
    run.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
    return run;
  }

  /** One batch's reads (customers, ledger, contact budget) and the policies' decisions. */
  private async decide(b: BatchRun, batch: DueOccasion[]): Promise<PlannedTouch[]> {
    const { rule, ctx, sink, paused, fallback } = b;
    const policy = ctx.config.policy;
    const preview = ctx.mode === 'preview';
    const since = ctx.now.getTime() - policy.budgetDays * DAY;
    // the contact budget's reads: none for a transactional rule (outside the budget), none for a
    // customer the kind found without a contact touch in the budget's window
    const budgetIds = rule.transactional
      ? []
      : [...new Set(batch.filter((o) => (o.noContactAfter ?? Infinity) > since).map((o) => o.customerId))];
    // the kinds' candidate queries hand over the customer rows; read only what they did not
    const missing = [...new Set(batch.filter((o) => !o.customer).map((o) => o.customerId))];
    // one after the other: a sandbox reads through a single connection
    // the kinds' candidate queries bring the ledger row (anti-join); a kind without one is looked up by key
    const unknown = batch.filter((o) => o.prior === undefined && !o.notDue);
    const { customers, existing, budget } = await withPlainPlans(b.reads, async (db) => ({
      customers: await loadCustomers(db, missing, ctx.config.business.timezone),
      existing: unknown.length ? await existingTouches(db, rule.id, unknown) : null,
      budget: await budgetOccasions(db, budgetIds, new Date(since)),
    }));
    const planned: PlannedTouch[] = [];
    for (const occasion of batch) {
      const customer = occasion.customer ?? customers.get(occasion.customerId);
      if (!customer) continue;
      const prior =
        occasion.prior !== undefined
          ? occasion.prior
          : existing?.get(`${occasion.customerId}|${occasion.occasionKey}`);
      const line = (outcome: string, reasons: ReasonPart[]) =>
        touchLine(rule, occasion, customer, outcome, reasons, englishReason(reasons));
      if (occasion.notDue) {
        if (preview) explainLine(sink, line('not_due', [occasion.notDue]));
        continue;
      }
      if (prior && !RETRIED.has(prior.status)) {
        // Only what was in the ledger before the preview began: the rest is the preview's own.
        if (preview && prior.id <= (ctx.baselineTouchId ?? Infinity))
          explainLine(
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
    return planned;
  }

  /** One batch's writes, in one transaction on the tick's connection (ctx.db), then its account. */
  private async write(b: BatchRun, planned: PlannedTouch[]): Promise<void> {
    const { rule, ctx, sink, run } = b;
    const preview = ctx.mode === 'preview';
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
      run.counts[r.status] = (run.counts[r.status] ?? 0) + 1;
      if (!preview) this.telemetry.touchRecorded(rule.kind, r.status);
      keepLine(sink, {
        ...touchLine(rule, p.occasion, p.customer, r.status, r.reasons, r.reason),
        channel: r.channel,
        sendAt: r.status === 'queued' ? (p.decision.sendAt?.toISOString() ?? null) : null,
      });
    }
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
