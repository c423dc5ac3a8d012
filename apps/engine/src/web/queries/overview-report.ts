import { Injectable } from '@nestjs/common';
import { Clock } from '@touchbase/core';
import { ReportService, toCsv } from '@touchbase/insights';
import { SettingsService } from '@touchbase/store';
import { translate } from '../i18n';
import { Overview, OverviewQuery } from './overview.query';
import { overviewPeriod, OverviewPeriod, OverviewPeriodInput } from './overview-period';

/**
 * The Overview's figures for a period (the page, GET /api/overview and its CSV): the insights
 * report over the period's local days, and the open tasks per staff member now.
 */
@Injectable()
export class OverviewReport {
  constructor(
    private readonly overview: OverviewQuery,
    private readonly reports: ReportService,
    private readonly clock: Clock,
    private readonly settings: SettingsService,
  ) {}

  /** Reads the period (400 naming a bad field) without computing anything. */
  async period(input: OverviewPeriodInput): Promise<OverviewPeriod> {
    const { timezone } = await this.settings.refresh();
    return overviewPeriod(input, this.clock.now(), timezone);
  }

  async figures(period: OverviewPeriod, effects: string[] = []): Promise<Overview & { period: string }> {
    const [report, openTasks] = await Promise.all([
      this.reports.report({ from: period.from, to: period.to }),
      this.overview.openTasksByAssignee(period.today),
    ]);
    return { period: period.period, ...this.overview.compose(period, report, openTasks, effects) };
  }

  /** The figures as CSV, headings and section names in `locale`; text cells formula-escaped. */
  csv(o: Overview, locale: string): string {
    const t = (key: string) => translate(locale, key);
    const rows: Array<Array<string | number | null>> = [
      [t('overview.period'), t('activity.filter.from'), o.from, null, null],
      [t('overview.period'), t('activity.filter.to'), o.to, null, null],
      ...o.byRule.map((b) => [t('overview.byRule'), b.label, b.value, null, null]),
      ...o.byChannel.map((b) => [t('overview.byChannel'), b.label, b.value, null, null]),
      [t('overview.delivery'), t('activity.status.delivered'), o.delivery.delivered, o.delivery.total, null],
      [t('overview.taskCompletion'), t('overview.csv.done'), o.tasks.done, o.tasks.total, null],
      ...o.openTasks.map((s) => [
        t('overview.openTasks'),
        s.name ?? t('overview.unassigned'),
        s.open,
        null,
        s.overdue,
      ]),
    ];
    return toCsv(
      [
        t('overview.csv.section'),
        t('overview.csv.name'),
        t('overview.csv.count'),
        t('overview.csv.of'),
        t('overview.csv.overdue'),
      ],
      rows,
    );
  }
}
