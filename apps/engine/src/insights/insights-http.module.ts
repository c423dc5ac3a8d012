import { Module } from '@nestjs/common';
import { InsightsModule } from '@touchbase/insights';
import { ReportsController } from './reports.controller';
import { SurveyController } from './survey.controller';

/** HTTP side of the insights area: the owner's reports and the public rating page. */
@Module({
  imports: [InsightsModule],
  controllers: [ReportsController, SurveyController],
})
export class InsightsHttpModule {}
