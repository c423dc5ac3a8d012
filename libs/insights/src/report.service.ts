import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, currencyDigits, FieldProblem, ValidationFailed } from '@touchbase/core';
import { RuleEffect } from './effect';
import { ruleEffects } from './effect.query';
import { ChannelFigures, channelFigures, reportRules } from './report.query';
import { CsvCell, toCsv } from './csv';
import { SettingsService } from '@touchbase/store';

export interface ReportOptions {
  /** Touches due from this instant (default: 90 days before `to`). */
  from?: Date;
  /** … up to, not including, this instant (default: now). */
  to?: Date;
  /** Repeat-purchase window after each occasion, days (default 30). */
  windowDays?: number;
  /** An opt-out this many days after a message counts against it (default 7). */
  optOutDays?: number;
  /** Fewer customers than this in either group: "too few customers" (default 30). */
  minPerGroup?: number;
}

export type Figures = Omit<ChannelFigures, 'channel'>;

export interface ReportRuleLine {
  ruleId: number;
  ruleName: string;
  ruleKind: string;
  holdoutPercent: number;
  channels: ChannelFigures[];
  totals: Figures;
  /** Touched vs held out, over occasions in the period whose window has ended; null without touches. */
  effect: RuleEffect | null;
}

export interface Report {
  from: string;
  to: string;
  generatedAt: string;
  windowDays: number;
  optOutDays: number;
  currency: string;
  rules: ReportRuleLine[];
  /** Per channel, across all rules. */
  channels: ChannelFigures[];
}

const DAY_MS = 86_400_000;

/**
 * The owner's report: per rule and per channel over a period — touches made, delivered, failed,
 * tasks done and their outcomes, opt-outs caused, average rating, and the incremental effect.
 * The overview page calls `report()`; the CSV export calls `reportCsv()`.
 */
@Injectable()
export class ReportService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  async report(options: ReportOptions = {}): Promise<Report> {
    const now = this.clock.now();
    const to = options.to ?? now;
    const from = options.from ?? new Date(to.getTime() - 90 * DAY_MS);
    const windowDays = options.windowDays ?? 30;
    const optOutDays = options.optOutDays ?? 7;
    const problems: FieldProblem[] = [];
    if (Number.isNaN(from.getTime()))
      problems.push({ field: 'from', problem: 'must be an ISO 8601 instant' });
    if (Number.isNaN(to.getTime())) problems.push({ field: 'to', problem: 'must be an ISO 8601 instant' });
    else if (from.getTime() >= to.getTime())
      problems.push({ field: 'to', problem: 'must be later than from' });
    if (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 365)
      problems.push({ field: 'windowDays', problem: 'must be a whole number of days, 1–365' });
    if (!Number.isInteger(optOutDays) || optOutDays < 0 || optOutDays > 90)
      problems.push({ field: 'optOutDays', problem: 'must be a whole number of days, 0–90' });
    if (problems.length) throw new ValidationFailed(problems);

    const currency = this.config.business.currency;
    const db = this.ds.manager;
    const [rules, figures, effects] = await Promise.all([
      reportRules(db),
      channelFigures(db, { from, to, optOutDays }),
      ruleEffects(
        db,
        { from, to, now, windowDays },
        { currency, locale: this.ownerSettings.get().defaultLocale, minPerGroup: options.minPerGroup ?? 30 },
      ),
    ]);
    const lines: ReportRuleLine[] = rules
      .map((r) => {
        const channels = figures.filter((f) => f.ruleId === r.id).map(({ ruleId: _ruleId, ...f }) => f);
        return {
          ruleId: r.id,
          ruleName: r.name,
          ruleKind: r.kind,
          holdoutPercent: r.holdoutPercent,
          channels,
          totals: sumFigures(channels),
          effect: effects.find((e) => e.ruleId === r.id) ?? null,
        };
      })
      .filter((l, i) => l.channels.length || rules[i].enabled);
    const byChannel = new Map<string, ChannelFigures[]>();
    for (const f of figures) byChannel.set(f.channel, [...(byChannel.get(f.channel) ?? []), f]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      generatedAt: now.toISOString(),
      windowDays,
      optOutDays,
      currency,
      rules: lines,
      channels: [...byChannel.entries()].map(([channel, list]) => ({ channel, ...sumFigures(list) })),
    };
  }

  /** The same report as CSV, one line per rule and channel, text cells formula-escaped. */
  async reportCsv(options: ReportOptions = {}): Promise<string> {
    return reportToCsv(await this.report(options));
  }
}

export function sumFigures(list: Figures[]): Figures {
  const t: Figures = {
    touches: 0,
    pending: 0,
    held: 0,
    heldOut: 0,
    skipped: 0,
    cancelled: 0,
    missed: 0,
    delivered: 0,
    failed: 0,
    tasksMade: 0,
    tasksDone: 0,
    outcomes: {},
    optOuts: 0,
    ratings: 0,
    averageRating: null,
    feedbackRatings: 0,
    feedbackAverageRating: null,
  };
  let ratingSum = 0;
  let feedbackSum = 0;
  for (const f of list) {
    for (const k of [
      'touches',
      'pending',
      'held',
      'heldOut',
      'skipped',
      'cancelled',
      'missed',
      'delivered',
      'failed',
      'tasksMade',
      'tasksDone',
      'optOuts',
      'ratings',
      'feedbackRatings',
    ] as const)
      t[k] += f[k];
    for (const [o, n] of Object.entries(f.outcomes)) t.outcomes[o] = (t.outcomes[o] ?? 0) + n;
    ratingSum += (f.averageRating ?? 0) * f.ratings;
    feedbackSum += (f.feedbackAverageRating ?? 0) * f.feedbackRatings;
  }
  t.averageRating = t.ratings ? ratingSum / t.ratings : null;
  t.feedbackAverageRating = t.feedbackRatings ? feedbackSum / t.feedbackRatings : null;
  return t;
}

export const REPORT_CSV_HEADER = [
  'rule_id',
  'rule',
  'kind',
  'channel',
  'touches',
  'pending',
  'held',
  'held_out',
  'skipped',
  'cancelled',
  'missed',
  'delivered',
  'failed',
  'tasks_made',
  'tasks_done',
  'task_outcomes',
  'opt_outs',
  'ratings',
  'average_rating',
  'feedback_ratings',
  'feedback_average_rating',
  'touched_customers',
  'held_out_customers',
  'touched_repeat_rate_pct',
  'held_out_repeat_rate_pct',
  'repeat_rate_diff_points',
  'repeat_rate_ci_low',
  'repeat_rate_ci_high',
  'revenue_per_customer_diff',
  'revenue_ci_low',
  'revenue_ci_high',
  'currency',
  'verdict',
  'sentence',
];

const round = (v: number | null | undefined, digits = 2): number | null =>
  v == null || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

export function reportToCsv(report: Report): string {
  const major = (minor: number | null) =>
    minor == null ? null : round(minor / 10 ** currencyDigits(report.currency));
  const rows: CsvCell[][] = [];
  for (const line of report.rules) {
    const e = line.effect;
    for (const c of line.channels) {
      rows.push([
        line.ruleId,
        line.ruleName,
        line.ruleKind,
        c.channel,
        c.touches,
        c.pending,
        c.held,
        c.heldOut,
        c.skipped,
        c.cancelled,
        c.missed,
        c.delivered,
        c.failed,
        c.tasksMade,
        c.tasksDone,
        Object.entries(c.outcomes)
          .map(([o, n]) => `${o}=${n}`)
          .join('; '),
        c.optOuts,
        c.ratings,
        round(c.averageRating),
        c.feedbackRatings,
        round(c.feedbackAverageRating),
        e?.touched.customers,
        e?.heldOut.customers,
        round(e ? e.touched.repeatRate * 100 : null, 1),
        round(e ? e.heldOut.repeatRate * 100 : null, 1),
        round(e?.repeatRatePoints.difference, 1),
        round(e?.repeatRatePoints.low, 1),
        round(e?.repeatRatePoints.high, 1),
        major(e ? e.revenuePerCustomerMinor.difference : null),
        major(e?.revenuePerCustomerMinor.low ?? null),
        major(e?.revenuePerCustomerMinor.high ?? null),
        report.currency,
        e?.verdict,
        e?.sentence,
      ]);
    }
  }
  return toCsv(REPORT_CSV_HEADER, rows);
}
