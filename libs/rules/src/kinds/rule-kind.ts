import type { EntityManager } from 'typeorm';
import type { AppConfig } from '@touchbase/config';
import type { ActionChannel, FieldProblem, TaskFacts, TaskKind, TouchContext } from '@touchbase/core';
import type { Rule } from '@touchbase/store';
import { ParamSpec, ParamValues, readParams, Text } from './param-spec';
import type { ReasonPart } from '../reasons';
import type { PriorTouch } from '../ledger-lookup';
import type { TouchCustomer } from '../customers';

/** The span a tick (or a preview) looks at: occasions due in (from, to]. */
export interface EvaluationWindow {
  from: Date;
  to: Date;
}

export interface KindContext {
  /** Where to read (and, in a tick, write): the data source's manager or a dry run's. */
  db: EntityManager;
  config: AppConfig;
  now: Date;
  /**
   * `preview`: the tick's own planning, run in a sandbox (see withSandbox in libs/store) — kinds
   * behave exactly as in a tick and may also yield `notDue` occasions to explain who is not touched.
   */
  mode: 'tick' | 'preview';
  /** preview: touches with a greater id were written by the preview itself (not "already touched"). */
  baselineTouchId?: number;
  batchSize: number;
  /**
   * Values read once per planning pass (a tick, or one simulated tick of a preview) and shared by
   * all of its rules (perPass): the paused channels, the shop's address. Left out: read per rule.
   */
  pass?: Map<string, Promise<unknown>>;
  /**
   * A tick on PostgreSQL: a second connection (a plain session too) on which a kind with
   * `disjointBatches` reads, and the engine reads for, the next batch while the previous one is
   * written on `db`. Left out (SQLite, a preview's sandbox): everything runs on `db`, in turn.
   */
  reads?: EntityManager;
}

/**
 * `load()` once per planning pass (KindContext.pass), not once per rule: a setting the pass
 * reads for every rule is one round trip per tick.
 */
export function perPass<T>(ctx: Pick<KindContext, 'pass'>, key: string, load: () => Promise<T>): Promise<T> {
  if (!ctx.pass) return load();
  let value = ctx.pass.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    ctx.pass.set(key, value);
    // a failed read is not remembered: the next rule reads again
    value.catch(() => ctx.pass?.delete(key));
  }
  return value;
}

export interface OccasionTask {
  kind: TaskKind;
  /**
   * The task template (channel `task`) its texts come from; default: the occasion's or rule's
   * template key. Without such a template, `title`, `reason` and `talkingPoints` are used.
   */
  templateKey?: string;
  /** Facts the task template may use as `task.*`. */
  facts?: TaskFacts;
  title: (customerName: string) => string;
  reason: string;
  talkingPoints?: string;
}

/** One customer's occasion, found by a kind; the engine applies the policies and writes it. */
export interface DueOccasion {
  customerId: number;
  occasionKey: string;
  dueAt: Date;
  orderId?: number | null;
  productId?: number | null;
  /** Overrides the rule's channel/template (e.g. a big purchase's second tier). */
  channel?: ActionChannel;
  templateKey?: string;
  /** What a task says when the channel is `task` (or a consent fallback makes one). */
  task?: OccasionTask;
  /** A task made besides the message (e.g. "set one aside"). */
  extraTask?: OccasionTask;
  context?: Pick<TouchContext, 'order' | 'product' | 'extra'>;
  /**
   * Preview only: the customer was a candidate but the kind itself rules them out (e.g. an open
   * check-in task, a recent contact); shown as `not_due` with this reason, never written.
   */
  notDue?: ReasonPart;
  /**
   * The ledger row already there for this occasion, from the candidate query's anti-join
   * (ledgerAntiJoin): null when there is none. Left undefined, the engine looks it up itself.
   */
  prior?: PriorTouch | null;
  /**
   * The candidate query found no contact touch (a contact status, any rule) of the customer after
   * this instant (epoch ms): if the contact budget's window starts later, the engine has nothing
   * to read for the customer (the check-in kind's "no contact for N days").
   */
  noContactAfter?: number;
  /** The customer's fields (TOUCH_CUSTOMER_SQL in the candidate query); left out, the engine reads them. */
  customer?: TouchCustomer;
  /**
   * Runs once per batch, in the transaction that wrote the batch's touches, with every occasion
   * of the batch that carries this same function and whose touch row is new: one statement for
   * all of them (e.g. mark their waitlist entries).
   */
  afterRecorded?: (db: EntityManager, recorded: RecordedOccasion[]) => Promise<void>;
}

/** An occasion whose touch row a batch just wrote (DueOccasion.afterRecorded). */
export interface RecordedOccasion {
  occasion: DueOccasion;
  touchId: number;
  status: string;
}

export interface ValidatedParams<P> {
  params: P;
  problems: FieldProblem[];
}

/**
 * A rule kind: describes its parameters once and finds due occasions set-based, in batches.
 * Register more kinds with RuleKindRegistry.register() without touching the engine
 * (see docs/contributing.md#how-to-add-a-rule-kind).
 */
export interface RuleKind<P = Record<string, unknown>> {
  readonly kind: string;
  /** What the owner sees: the kind's name ("+ Birthday") and what it does, en/de/pl. */
  readonly label: Text;
  readonly help: Text;
  /** The one description of the parameters: validation, YAML, the web form and docs/rules.md. */
  readonly params: readonly ParamSpec[];
  /** Starting values of a new rule's parameters (the form's defaults, the docs' example). */
  readonly example: ParamValues;
  /** A new rule's channel and transactional flag when not given (default: email, false). */
  readonly ruleDefaults?: { channel?: 'email' | 'sms' | 'task'; transactional?: boolean };
  /** Checks that span several parameters (e.g. "exactly one of top_n, top_percent"). */
  checkParams?(params: P, problems: FieldProblem[]): void;
  /**
   * Each customer is in at most one of a rule's batches, and what a batch's candidate query
   * reads does not depend on what the rule's earlier batches write for other customers. In a tick
   * on PostgreSQL (KindContext.reads) the engine then reads and plans the next batch while the
   * previous one is being written (docs/rules-and-scheduler.md#the-tick-set-based).
   */
  readonly disjointBatches?: boolean;
  findDueOccasions(
    rule: Rule,
    params: P,
    window: EvaluationWindow,
    ctx: KindContext,
  ): AsyncIterable<DueOccasion[]>;
}

/** Problems name the field as `params.<name>`; `params` comes back in stored form, defaults filled in. */
export function validateParams<P>(kind: RuleKind<P>, raw: Record<string, unknown>): ValidatedParams<P> {
  const { params, problems } = readParams(kind.params, raw);
  kind.checkParams?.(params as P, problems);
  return { params: params as P, problems };
}
