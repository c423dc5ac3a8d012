import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, withSettings } from '@touchbase/config';
import { Telemetry } from '@touchbase/core';
import {
  advanceSpendWindow,
  ENGINE_STATE,
  type HeldLock,
  isPostgres,
  readState,
  Rule,
  tryAdvisoryLock,
  withSandbox,
  analyzeTables,
  withPlainSession,
  writeState,
  SettingsService,
} from '@touchbase/store';
import { expireOverdue, graceStart, rulesWithRetries } from './ledger-expiry';
import type { EvaluationSink, TouchLine } from './evaluation-sink';
import { RuleEvaluator, RuleRun } from './rule-evaluator';

const DAY = 86_400_000;
/** After a long outage, occasions further back than this are not looked at (they are long missed). */
export const MAX_CATCH_UP_MS = 35 * DAY;
/** Any constant shared by all instances: the PostgreSQL advisory lock for the scheduler tick. */
export const TICK_LOCK_KEY = 7_205_310_001;
/**
 * A tick that wrote more touches than this refreshes the planner's statistics of the tables it
 * wrote (autovacuum may be off, and the next tick's anti-joins read them).
 */
export const ANALYZE_AFTER_ROWS = 10_000;
/** Occasions per batch: a few statements per several thousand candidates, memory still flat. */
export const BATCH_SIZE = 5000;
/** The tables a tick writes in bulk. */
export const TICK_TABLES = ['touches', 'outbox_messages', 'tasks'] as const;
/**
 * The columns of TICK_TABLES whose statistics a large tick refreshes: every column a query
 * filters, joins, groups or sorts on; not the texts people read (a reason, a title, talking
 * points, a message's body), which no query looks into and whose sampled values cost the most
 * of ANALYZE's time (their old statistics stay). The row counts are refreshed either way.
 */
export const TICK_STATISTICS: Record<(typeof TICK_TABLES)[number], readonly string[]> = {
  touches: words(`id rule_id customer_id occasion_key due_at status channel message_id task_id
    order_id product_id created_at updated_at`),
  outbox_messages: words(`id touch_id customer_id user_id channel purpose locale status attempts
    next_attempt_at lease_owner lease_until provider_id created_at sent_at delivered_at
    attempt_started_at unknown_since unknown_count`),
  tasks: words(`id touch_id rule_id customer_id kind due_day priority assignee_id status
    snoozed_until outcome completed_at created_by_id created_at updated_at attempts undo_until
    printed_at`),
};

export interface TickReport {
  at: string;
  outcome: 'ok' | 'skipped';
  /** Why a tick was skipped: another tick is running here or in another instance. */
  skippedBecause?: string;
  dryRun: boolean;
  evaluatedFrom: string | null;
  rules: RuleRun[];
  /** The touches written (first 1,000) and how many in all. */
  touches: TouchLine[];
  touchCount: number;
  /** The tables whose statistics the tick refreshed (a large tick: more than ANALYZE_AFTER_ROWS). */
  analyzed?: string[];
  durationMs: number;
}

/**
 * The scheduler's plain method: evaluate every enabled rule for occasions due since the last
 * tick, up to `now`. Cron only calls this. One tick at a time per process, and on PostgreSQL one
 * across all instances (advisory lock); the ledger's unique key makes any overlap harmless.
 */
@Injectable()
export class TickService {
  private readonly logger = new Logger('RulesTick');
  private running = false;

  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly evaluator: RuleEvaluator,
    private readonly telemetry: Telemetry,
    private readonly settings: SettingsService,
  ) {}

  async tick(now: Date, opts: { dryRun?: boolean; analyzeAfterRows?: number } = {}): Promise<TickReport> {
    const started = process.hrtime.bigint();
    const report: TickReport = {
      at: now.toISOString(),
      outcome: 'ok',
      dryRun: !!opts.dryRun,
      evaluatedFrom: null,
      rules: [],
      touches: [],
      touchCount: 0,
      durationMs: 0,
    };
    const elapsed = () => Number((process.hrtime.bigint() - started) / 1_000_000n);
    if (this.running) return this.skip(report, 'a tick is still running in this process', elapsed);
    this.running = true;
    let lock: HeldLock | null = null;
    try {
      // the owner's latest settings (quiet hours, budget, zone), also when changed by another process
      await this.settings.refresh({ maxAgeMs: 0 });
      lock = await tryAdvisoryLock(this.ds, TICK_LOCK_KEY);
      if (!lock) return this.skip(report, 'another engine instance is running a tick', elapsed);
      if (!opts.dryRun) await this.dailySpendStep(now);
      const plan = (db: EntityManager) => this.plan(db, now, report, report.dryRun ? 'preview' : 'tick');
      if (opts.dryRun) await withSandbox(this.ds, plan);
      else {
        // one connection with plain plans for the whole pass (withPlainSession): its lookups and
        // write transactions need no BEGIN/SET LOCAL/COMMIT of their own; on PostgreSQL a second
        // one reads the next batch while a batch is written (KindContext.reads)
        await withPlainSession(this.ds, (db) =>
          isPostgres(this.ds)
            ? withPlainSession(this.ds, (reads) => this.plan(db, now, report, 'tick', { reads }))
            : plan(db),
        );
        if (report.touchCount > (opts.analyzeAfterRows ?? ANALYZE_AFTER_ROWS)) {
          await analyzeTables(
            this.ds,
            TICK_TABLES.map((table) => ({ table, columns: TICK_STATISTICS[table] })),
          );
          report.analyzed = [...TICK_TABLES];
        }
      }
      report.durationMs = elapsed();
      this.telemetry.tickCompleted(report.durationMs, 'ok');
      return report;
    } catch (e) {
      this.telemetry.tickCompleted(elapsed(), 'failed');
      this.logger.error(`Tick at ${now.toISOString()} failed: ${(e as Error).message}`);
      throw e;
    } finally {
      if (lock) await lock.release();
      this.running = false;
    }
  }

  /**
   * The spend rollup's daily step (docs/rules-and-scheduler.md#spend-rollup): a no-op except on
   * the first tick of a UTC day. The ranking stays exact without it (only slower), so a failure
   * is logged, not fatal to the tick.
   */
  private async dailySpendStep(now: Date): Promise<void> {
    try {
      const step = await advanceSpendWindow(this.ds, now);
      if (step.applied === 'busy')
        this.logger.log('Spend window step postponed: an order write holds its edge');
      else if (step.applied !== 'none')
        this.logger.log(`Spend window ${step.applied} up to ${new Date(step.to).toISOString()}`);
    } catch (e) {
      this.logger.warn(`Spend window step at ${now.toISOString()} failed: ${(e as Error).message}`);
    }
  }

  private skip(report: TickReport, why: string, elapsed: () => number): TickReport {
    report.outcome = 'skipped';
    report.skippedBecause = why;
    report.durationMs = elapsed();
    this.telemetry.tickCompleted(report.durationMs, 'skipped');
    return report;
  }

  /**
   * The one planning path (docs/rules-and-scheduler.md#one-planning-path): every enabled rule,
   * highest priority first, for occasions due since the stored mark, written to `db`. A tick
   * passes the store; a preview and a dry run pass a sandbox (withSandbox) and call this once per
   * simulated tick, so the ledger, the contact budget and the mark carry from one to the next.
   */
  async plan(
    db: EntityManager,
    now: Date,
    report: Pick<TickReport, 'evaluatedFrom' | 'rules' | 'touches' | 'touchCount'>,
    mode: 'tick' | 'preview' = 'tick',
    opts: { sink?: EvaluationSink; baselineTouchId?: number; reads?: EntityManager } = {},
  ): Promise<void> {
    const stored = await readState(db, ENGINE_STATE.evaluatedUpTo);
    const storedAt = stored ? new Date(stored) : null;
    const upTo = storedAt && !Number.isNaN(storedAt.getTime()) && storedAt < now ? storedAt : null;
    report.evaluatedFrom = upTo?.toISOString() ?? null;
    const rules = await db
      .getRepository(Rule)
      .find({ where: { enabled: true }, order: { priority: 'DESC', id: 'ASC' } });
    const config = withSettings(this.config, this.settings.get());
    const sink: EvaluationSink = opts.sink ?? { limit: 1000, lines: report.touches, total: 0, counts: {} };
    const pass = new Map<string, Promise<unknown>>(); // read once for all rules (perPass)
    // for all rules at once (no rule's evaluation makes another's touches deferred or blocked)
    await expireOverdue(db, rules, now);
    const retrying = await rulesWithRetries(db, rules, now);
    for (const rule of rules) {
      const start = graceStart(rule, now);
      // First tick (or `run --at` before the stored mark): look back over the grace period only.
      let from = upTo ? upTo.getTime() : start;
      // a deferred or blocked touch within the grace period is looked at again
      if (retrying.has(rule.id)) from = Math.min(from, start);
      from = Math.max(from, now.getTime() - MAX_CATCH_UP_MS);
      report.rules.push(
        await this.evaluator.evaluate(
          rule,
          { from: new Date(from), to: now },
          {
            db,
            reads: opts.reads,
            config,
            now,
            mode,
            batchSize: BATCH_SIZE,
            baselineTouchId: opts.baselineTouchId,
            pass,
          },
          sink,
        ),
      );
    }
    report.touchCount = sink.total;
    if (!storedAt || storedAt < now) {
      await writeState(db, ENGINE_STATE.evaluatedUpTo, now.toISOString(), now);
      await writeState(db, ENGINE_STATE.lastTickAt, now.toISOString(), now);
    }
  }
}

function words(list: string): string[] {
  return list.split(/\s+/).filter(Boolean);
}
