import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Report, ReportOptions, ReportService } from '@touchbase/insights';
import { Roles } from '../auth/access.decorators';
import { ReportQueryDto } from './report-query.dto';

function options(q: ReportQueryDto): ReportOptions {
  return {
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    windowDays: q.windowDays,
    optOutDays: q.optOutDays,
  };
}

/** The owner's report per rule and channel, with the incremental effect of each rule. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('api')
export class ReportsController {
  constructor(private readonly reports: ReportService) {}

  @Get('reports')
  @Roles('owner')
  @ApiOkResponse({
    description: 'Per rule and channel: touches, delivery, tasks, opt-outs, ratings, incremental effect',
  })
  report(@Query() q: ReportQueryDto): Promise<Report> {
    return this.reports.report(options(q));
  }

  @Get('reports.csv')
  @Roles('owner')
  @ApiProduces('text/csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="touchbase-report.csv"')
  reportCsv(@Query() q: ReportQueryDto): Promise<string> {
    return this.reports.reportCsv(options(q));
  }
}
