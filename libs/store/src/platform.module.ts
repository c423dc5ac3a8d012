import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@touchbase/config';
import { Clock, NoopTelemetry, Telemetry, SystemClock } from '@touchbase/core';
import { StoreModule } from './store.module';

/**
 * What every process (engine, CLI, tests) shares: the validated config, the Clock, the
 * database and Telemetry (no-op unless the ops area overrides it). Tests override `Clock`
 * with a FixedClock; `touchbase run --at` does the same.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config?: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: PlatformModule,
      imports: [AppConfigModule.forRoot(config), StoreModule],
      providers: [
        { provide: Clock, useValue: clock ?? new SystemClock() },
        { provide: Telemetry, useClass: NoopTelemetry },
      ],
      exports: [AppConfigModule, StoreModule, Clock, Telemetry],
    };
  }
}
