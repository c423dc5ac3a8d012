import { Controller, Get, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { AnyUser } from '../../auth/access.decorators';
import { translate } from '../i18n';
import { ActivityQuery } from '../queries/activity.query';
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
  ) {}

  @Get()
  @AnyUser()
  async page(@Req() req: WebRequest): Promise<string> {
    return this.renderer.render(req, 'activity', {
      title: translate(viewerOf(req)?.locale ?? 'en', 'activity.title'),
      activity: await this.activity.page(),
    });
  }
}
