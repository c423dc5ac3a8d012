import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@touchbase/config';
import { Clock, SystemClock } from '@touchbase/core';
import { StoreModule } from './store.module';

/**
 * What every process (engine, CLI, tests) shares: the validated config, the Clock and the
 * database. Tests override `Clock` with a FixedClock; `touchbase run --at` does the same.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config?: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: PlatformModule,
      imports: [AppConfigModule.forRoot(config), StoreModule],
      providers: [{ provide: Clock, useValue: clock ?? new SystemClock() }],
      exports: [AppConfigModule, StoreModule, Clock],
    };
  }
}
