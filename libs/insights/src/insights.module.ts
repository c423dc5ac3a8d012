import { Module } from '@nestjs/common';
import { ReportService } from './report.service';
import { SurveyLinks } from './survey/survey-link';
import { SurveyResponseService } from './survey/survey-response.service';

/** The insights area's services (reports, incremental effect, satisfaction surveys). */
@Module({
  providers: [ReportService, SurveyLinks, SurveyResponseService],
  exports: [ReportService, SurveyLinks, SurveyResponseService],
})
export class InsightsModule {}
