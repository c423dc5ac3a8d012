import {
  Controller,
  Get,
  NotFoundException,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CHANNELS, ValidationFailed } from '@touchbase/core';
import { ChannelState, MessageRetry } from '@touchbase/messaging';
import { SettingsService } from '@touchbase/store';
import { AnyUser, Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { ActivityQuery } from '../queries/activity.query';
import { ActivityQueryInput, parseActivityFilter } from '../queries/activity-filter';
import { activityView } from '../queries/activity-view';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';

/** Activity: what went out, what is queued, what failed and why, what was missed. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('activity')
export class ActivityPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly activity: ActivityQuery,
    private readonly channels: ChannelState,
    private readonly retries: MessageRetry,
    private readonly settings: SettingsService,
  ) {}

  /** Filters live in the URL (docs/web-ui.md#activity), so a view can be bookmarked; a bad one is named on the page. */
  @Get()
  @AnyUser()
  async page(@Req() req: WebRequest, @Query() query: ActivityQueryInput): Promise<string> {
    const locale = viewerOf(req)?.locale ?? 'en';
    const { timezone } = await this.settings.refresh();
    let filterError = '';
    let filter;
    try {
      filter = parseActivityFilter(query, timezone);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      filterError = translate(locale, 'activity.filter.invalid', { problem: e.message });
      filter = parseActivityFilter({}, timezone);
    }
    const [activity, rules] = await Promise.all([this.activity.page(filter), this.activity.ruleChoices()]);
    return this.renderer.render(req, 'activity', {
      title: translate(locale, 'activity.title'),
      ...activityView(activity, rules, query),
      filterError,
      canRetry: true,
    });
  }

  /** Retry a failed message: back in the outbox, due now; the row swaps to "retried". */
  @Post('messages/:id/retry')
  @Roles('owner')
  async retry(
    @Param('id', ParseIntPipe) id: number,
    @Req() req: WebRequest,
    @Res() res: Response,
  ): Promise<void> {
    await this.retries.retry(id);
    if (req.headers['hx-request']) {
      const row = await this.activity.message(id);
      res
        .type('html')
        .send(row ? await this.renderer.render(req, 'partials/failed-row', { m: row, retried: true }) : '');
      return;
    }
    res.redirect(303, '/activity');
  }

  /** A channel paused after a configuration error (e.g. SMTP auth) starts sending again. */
  @Post('channels/:channel/resume')
  @Roles('owner')
  async resume(@Param('channel') channel: string, @Res() res: Response): Promise<void> {
    if (!(CHANNELS as readonly string[]).includes(channel))
      throw new NotFoundException(`No channel ${channel}`);
    await this.channels.resume(channel);
    res.redirect(303, '/activity');
  }
}
