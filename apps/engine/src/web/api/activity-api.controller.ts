import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SettingsService } from '@touchbase/store';
import { AnyUser } from '../../auth/access.decorators';
import { parseActivityFilter } from '../queries/activity-filter';
import { ActivityPage, ActivityQuery } from '../queries/activity.query';
import { ActivityQueryDto } from './activity-query.dto';

/** The Activity page's data: failed, queued, sent and missed, filtered and paged (docs/web-ui.md#activity). */
@ApiTags('activity')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api/activity')
export class ActivityApiController {
  constructor(
    private readonly activity: ActivityQuery,
    private readonly settings: SettingsService,
  ) {}

  @Get()
  @AnyUser()
  @ApiOperation({
    summary:
      'What went out, is queued, failed or was missed: by rule, channel, status, local days and customer search; paged per section',
  })
  @ApiOkResponse({
    description:
      '{ filter, sections: { failed|queued|sent|missed: { rows, total, offset, limit } }, counts, pausedChannels }',
  })
  async list(@Query() q: ActivityQueryDto): Promise<ActivityPage> {
    const { timezone } = await this.settings.refresh();
    return this.activity.page(parseActivityFilter(q, timezone));
  }
}
