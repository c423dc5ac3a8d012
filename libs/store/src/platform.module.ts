import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@touchbase/config';
import { Clock, Telemetry, SystemClock } from '@touchbase/core';
import { StoreModule } from './store.module';
import { PromTelemetry } from './telemetry';
import { ThrottleService } from './throttle.service';
import { SettingsService } from './settings.service';

/**
 * What every process (engine, CLI, tests) shares: the validated config, the Clock, the
 * database, Telemetry and the shared rate limiter (ThrottleService: sign-in, tokens, the storefront form) and Telemetry (Prometheus counters in a per-app registry, served at /metrics). Tests override `Clock`
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
        PromTelemetry,
        { provide: Telemetry, useExisting: PromTelemetry },
        ThrottleService,
        SettingsService,
      ],
      exports: [
        AppConfigModule,
        StoreModule,
        Clock,
        Telemetry,
        PromTelemetry,
        ThrottleService,
        SettingsService,
      ],
    };
  }
}
