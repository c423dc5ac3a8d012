import { Controller, Get, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Clock } from '@touchbase/core';
import { Roles } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { OverviewQuery } from '../queries/overview.query';
import { WebRenderer } from '../render/web-renderer';
import { WebExceptionFilter } from '../web-exception.filter';
import { viewerOf, WebRequest } from '../web-session';

/** The owner's home: this week's touches, delivery and task completion, open tasks per person. */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('overview')
export class OverviewPagesController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly overview: OverviewQuery,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('owner')
  async page(@Req() req: WebRequest): Promise<string> {
    return this.renderer.render(req, 'overview', {
      title: translate(viewerOf(req)?.locale ?? 'en', 'overview.title'),
      o: await this.overview.week(this.clock.now()),
      effects: [],
    });
  }
}
