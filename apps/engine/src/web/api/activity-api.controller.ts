import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
  list(@Query() q: ActivityQueryDto): Promise<ActivityPage> {
    return this.activity.page(parseActivityFilter(q, this.config.business.timezone));
  }
}
