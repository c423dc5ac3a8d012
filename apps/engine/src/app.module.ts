import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { PlatformModule } from '@touchbase/store';
import { IngestHttpModule } from './ingest/ingest-http.module';
import { RulesHttpModule } from './rules/rules-http.module';
import { MessagingHttpModule } from './messaging/messaging-http.module';
import { StaffHttpModule } from './staff/staff-http.module';
import { WebHttpModule } from './web/web-http.module';
import { OpsHttpModule } from './ops/ops-http.module';
import { InsightsHttpModule } from './insights/insights-http.module';
import { SettingsHttpModule } from './settings/settings-http.module';
import { ScheduleModule } from './ops/cron-schedule';
import { ApiExceptionFilter } from './http/api-exception.filter';

/** The engine: HTTP API + web UI, scheduler tick and dispatcher, each switchable by ENGINE_ROLES. */
@Module({})
export class AppModule {
  static forRoot(config?: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(config, clock),
        ScheduleModule,
        IngestHttpModule,
        RulesHttpModule,
        MessagingHttpModule,
        StaffHttpModule,
        WebHttpModule,
        OpsHttpModule,
        InsightsHttpModule,
        SettingsHttpModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
