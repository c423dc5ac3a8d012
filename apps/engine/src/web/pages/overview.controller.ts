import { Controller, Get, Inject, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { ReportService } from '@touchbase/insights';
import { ChannelState } from '@touchbase/messaging';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { businessWeek, OverviewQuery } from '../queries/overview.query';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { WebRequest } from '../web-session';

/** The owner's home: this week's touches by rule and channel, delivery and task completion, open tasks, measured effect. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('overview')
export class OverviewPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly overview: OverviewQuery,
    private readonly reports: ReportService,
    private readonly channels: ChannelState,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Roles('owner')
  async page(@Req() req: WebRequest & { user: Principal }): Promise<string> {
    const week = businessWeek(this.clock.now(), this.config.business.timezone);
    const [thisWeek, lastQuarter, openTasks, blocked, paused] = await Promise.all([
      this.reports.report({ from: week.from, to: week.to }),
      this.reports.report(),
      this.overview.openTasksByAssignee(week.today),
      this.overview.blockedOccasions(),
      this.channels.pausedChannels(),
    ]);
    const effects = lastQuarter.rules.flatMap((r) => (r.effect ? [r.effect.sentence] : []));
    return this.renderer.render(req, 'overview', {
      title: translate(req.user.locale, 'overview.title'),
      o: this.overview.compose(week, thisWeek, openTasks, effects),
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
}
