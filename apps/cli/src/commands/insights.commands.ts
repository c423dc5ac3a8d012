import { Module } from '@nestjs/common';
import { InsightsModule } from '@touchbase/insights';
import { ReportCommand } from './insights/report.cli';

/** The CLI commands of the insights area: `touchbase report [--from] [--to] [--csv|--json]`. */
@Module({ imports: [InsightsModule], providers: [ReportCommand] })
export class InsightsCommandsModule {}
