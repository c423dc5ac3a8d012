import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@touchbase/staff';
import { Roles } from '../../auth/access.decorators';
import { OverviewReport } from '../queries/overview-report';
import { OverviewQueryDto } from './overview-query.dto';

/** The Overview page's figures for a period, as JSON or CSV (docs/insights.md#the-overview-page). */
@ApiTags('reports')
@ApiBearerAuth()
@ApiCookieAuth('tb_session')
@Controller('api')
export class OverviewApiController {
  constructor(private readonly overview: OverviewReport) {}

  @Get('overview')
  @Roles('owner')
  @ApiOperation({
    summary:
      "A period's touches by rule and channel, delivery and task completion, and open tasks per staff member now",
  })
  @ApiOkResponse({
    description:
      '{ period, from, to (local days), byRule, byChannel, delivery: { delivered, failed, total }, tasks: { done, total }, openTasks }',
  })
  async figures(@Query() q: OverviewQueryDto) {
    return this.overview.figures(await this.overview.period(q));
  }

  @Get('overview.csv')
  @Roles('owner')
  @ApiOperation({
    summary: 'The same figures as CSV (text cells formula-escaped), headings in the caller’s language',
  })
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  async csv(
    @Query() q: OverviewQueryDto,
    @Req() req: { user: Principal },
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    const period = await this.overview.period(q);
    res.setHeader(
      'content-disposition',
      `attachment; filename="touchbase-overview-${period.fromDay}-${period.toDay}.csv"`,
    );
    return this.overview.csv(await this.overview.figures(period), req.user.locale);
  }
}
