import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Rule } from '@touchbase/store';
import { EvaluationSink, RuleEvaluator, TouchLine } from './rule-evaluator';
import { NotFound } from '@touchbase/core';

export interface PreviewQuery {
  at: Date;
  days: number;
  ruleId?: number;
  /** Lines kept (the rest are counted). */
  limit?: number;
}

export interface PreviewReport {
  at: string;
  until: string;
  rules: Array<{ ruleId: number; ruleName: string; kind: string; enabled: boolean }>;
  /** Would be touched (touch, task, waits_quiet_hours) … */
  lines: TouchLine[];
  total: number;
  /** … counted by outcome, including who would not be touched and why. */
  counts: Record<string, number>;
}

/**
 * Who would be touched in the next N days and why, and who would not and why not — the same
 * kinds and policies as a tick, reading only (nothing is written).
 */
@Injectable()
export class PreviewService {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly evaluator: RuleEvaluator,
  ) {}

  async preview(q: PreviewQuery): Promise<PreviewReport> {
    const repo = this.ds.getRepository(Rule);
    let rules: Rule[];
    if (q.ruleId !== undefined) {
      const rule = await repo.findOneBy({ id: q.ruleId });
      if (!rule) throw new NotFound(`No rule with id ${q.ruleId}`);
      rules = [rule];
    } else rules = await repo.find({ where: { enabled: true }, order: { priority: 'DESC', id: 'ASC' } });
    const until = new Date(q.at.getTime() + q.days * 86_400_000);
    const sink: EvaluationSink = { limit: q.limit ?? 500, lines: [], total: 0, counts: {} };
    for (const rule of rules) {
      await this.evaluator.evaluate(
        rule,
        { from: q.at, to: until },
        { db: this.ds.manager, config: this.config, now: q.at, mode: 'preview', batchSize: 500 },
        sink,
      );
    }
    sink.lines.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.customerId - b.customerId);
    return {
      at: q.at.toISOString(),
      until: until.toISOString(),
      rules: rules.map((r) => ({ ruleId: r.id, ruleName: r.name, kind: r.kind, enabled: r.enabled })),
      lines: sink.lines,
      total: sink.total,
      counts: sink.counts,
    };
  }
}
