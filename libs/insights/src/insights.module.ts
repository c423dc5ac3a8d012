import { Module } from '@nestjs/common';
import { ReportService } from './report.service';

/** The insights area's services (reports, incremental effect, satisfaction surveys). */
@Module({
  providers: [ReportService],
  exports: [ReportService],
})
export class InsightsModule {}
