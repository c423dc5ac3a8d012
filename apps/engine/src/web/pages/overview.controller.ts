import { Controller, Get, Header, Query, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ValidationFailed } from '@touchbase/core';
import { ReportService } from '@touchbase/insights';
import { ChannelState } from '@touchbase/messaging';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { OverviewPeriod, OverviewPeriodInput } from '../queries/overview-period';
import { OverviewReport } from '../queries/overview-report';
import { OverviewQuery } from '../queries/overview.query';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

type Req_ = WebRequest & { user: Principal };

/** The owner's home: a period's touches by rule and channel, delivery and task completion, open tasks, measured effect. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('overview')
export class OverviewPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly overview: OverviewQuery,
    private readonly figures: OverviewReport,
    private readonly reports: ReportService,
    private readonly channels: ChannelState,
  ) {}

  /** The period lives in the URL (docs/insights.md#the-overview-page); a bad one is named and this week shown. */
  @Get()
  @Roles('owner')
  async page(@Req() req: Req_, @Query() q: OverviewPeriodInput): Promise<string> {
    let periodError = '';
    let period: OverviewPeriod;
    try {
      period = await this.figures.period(q);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      periodError = translate(req.user.locale, 'overview.period.invalid', { problem: e.message });
      period = await this.figures.period({});
    }
    const [lastQuarter, blocked, paused] = await Promise.all([
      this.reports.report(),
      this.overview.blockedOccasions(),
      this.channels.pausedChannels(),
    ]);
    const effects = lastQuarter.rules.flatMap((r) => (r.effect ? [r.effect.sentence] : []));
    const query = new URLSearchParams({ period: period.period });
    if (period.period === 'custom') {
      query.set('from', period.fromDay);
      query.set('to', period.toDay);
    }
    return this.renderer.render(req, 'overview', {
      title: translate(req.user.locale, 'overview.title'),
      o: await this.figures.figures(period, effects),
      period: { ...period, csv: `/overview/csv?${query.toString()}` },
      periodError,
      typed: { from: String(q.from ?? ''), to: String(q.to ?? '') },
      presets: ['this-week', 'last-week', 'this-month', 'last-month'],
      // invariant 10: what the owner can fix is shown, with why (a paused channel, else the template)
      blocked: {
        total: blocked.reduce((n, b) => n + b.count, 0),
        lines: blocked.map((b) => ({
          ...b,
          channel: b.channel === 'sms' ? 'SMS' : b.channel,
          paused: paused.includes(b.channel),
        })),
      },
    });
  }

  /** The period's figures as a CSV download, in the owner's language. */
  @Get('csv')
  @Roles('owner')
  @Header('content-type', 'text/csv; charset=utf-8')
  async csv(
    @Req() req: Req_,
    @Query() q: OverviewPeriodInput,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const period = await this.figures.period(q);
    res.setHeader(
      'content-disposition',
      `attachment; filename="touchbase-overview-${period.fromDay}-${period.toDay}.csv"`,
    );
    return this.figures.csv(await this.figures.figures(period), req.user.locale);
  }
}
