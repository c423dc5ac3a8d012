import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFound } from '@touchbase/core';
import { Rule, rows, withSandbox } from '@touchbase/store';
import type { EvaluationSink, TouchLine } from './evaluation-sink';
import { TickService } from './tick.service';

import { MAX_PREVIEW_DAYS } from './preview-limits';

export { MAX_PREVIEW_DAYS };

const DAY = 86_400_000;

export interface PreviewQuery {
  at: Date;
  days: number;
  /** Only this rule's lines (all enabled rules are still planned together; this one as if on). */
  ruleId?: number;
  /** Only this customer's lines (every customer is still planned: budgets and rankings are shared). */
  customerId?: number;
  /** A page of the lines (default: all of them); `total` and `counts` always cover every line. */
  offset?: number;
  limit?: number;
}

export interface PreviewReport {
  at: string;
  until: string;
  /** The instants of the simulated ticks (one a day). */
  ticks: string[];
  rules: Array<{ ruleId: number; ruleName: string; kind: string; enabled: boolean }>;
  /** The page asked for (default every line): what each tick would write, and the why-not lines. */
  lines: TouchLine[];
  offset: number;
  /** Lines in all pages. */
  total: number;
  /** Lines by outcome; always adds up to `total`. */
  counts: Record<string, number>;
}

/** Outcomes that put something in front of a customer or on the staff's list. */
export const TOUCH_OUTCOMES = ['queued', 'sent', 'task'] as const;

/**
 * What the scheduler will do over the next N days: the tick's own planning (TickService.plan)
 * run once per day, all enabled rules together, in a sandbox of the store (withSandbox) so that
 * the ledger, the contact budget, consent fallback, holdouts and the scheduler's mark carry from
 * one day to the next — and nothing is written. Preview over N days = N daily `run --at` ticks.
 */
@Injectable()
export class PreviewService {
  constructor(
    private readonly ds: DataSource,
    private readonly ticks: TickService,
  ) {}

  async preview(q: PreviewQuery): Promise<PreviewReport> {
    const repo = this.ds.getRepository(Rule);
    const rules =
      q.ruleId === undefined
        ? await repo.find({ where: { enabled: true }, order: { priority: 'DESC', id: 'ASC' } })
        : await repo.findBy({ id: q.ruleId });
    if (q.ruleId !== undefined && !rules.length) throw new NotFound(`No rule with id ${q.ruleId}`);
    const until = new Date(q.at.getTime() + q.days * DAY);
    const ticks = Array.from({ length: q.days }, (_, i) => new Date(q.at.getTime() + (i + 1) * DAY));
    const sink: EvaluationSink = {
      limit: Number.MAX_SAFE_INTEGER,
      lines: [],
      total: 0,
      counts: {},
      customerId: q.customerId,
    };
    await withSandbox(this.ds, async (db) => {
      // A rule's own preview shows it as if it were on, planned together with the enabled rules.
      if (q.ruleId !== undefined)
        await rows(db, 'UPDATE rules SET enabled = TRUE WHERE id = ? RETURNING id', [q.ruleId]);
      const baselineTouchId = await maxTouchId(db);
      for (const now of ticks) {
        const report = { evaluatedFrom: null, rules: [], touches: [], touchCount: 0 };
        await this.ticks.plan(db, now, report, 'preview', { sink, baselineTouchId });
      }
    });
    let lines = sink.lines;
    if (q.ruleId !== undefined) lines = lines.filter((l) => l.ruleId === q.ruleId);
    lines.sort(
      (a, b) =>
        (a.sendAt ?? a.dueAt).localeCompare(b.sendAt ?? b.dueAt) ||
        a.customerId - b.customerId ||
        a.ruleId - b.ruleId,
    );
    const offset = q.offset ?? 0;
    const counts: Record<string, number> = {};
    for (const l of lines) counts[l.outcome] = (counts[l.outcome] ?? 0) + 1;
    return {
      at: q.at.toISOString(),
      until: until.toISOString(),
      ticks: ticks.map((t) => t.toISOString()),
      rules: rules.map((r) => ({ ruleId: r.id, ruleName: r.name, kind: r.kind, enabled: r.enabled })),
      lines: lines.slice(offset, q.limit === undefined ? undefined : offset + q.limit),
      offset,
      total: lines.length,
      counts,
    };
  }
}

async function maxTouchId(db: EntityManager): Promise<number> {
  const [r] = await rows<{ id: number | null }>(db, 'SELECT MAX(id) AS id FROM touches');
  return Number(r?.id ?? 0);
}
