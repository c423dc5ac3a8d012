import { Module } from '@nestjs/common';
import { InsightsModule } from '@touchbase/insights';
import { ReportsController } from './reports.controller';

/** HTTP side of the insights area: the owner's reports. */
@Module({
  imports: [InsightsModule],
  controllers: [ReportsController],
})
export class InsightsHttpModule {}
