import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { PlatformModule } from '@touchbase/store';
import { MigrateCommand } from './commands/migrate.command';

/**
 * The CLI's commands. Each area adds its commands in apps/cli/src/commands/ and lists them here.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CliModule,
      imports: [PlatformModule.forRoot(config, clock)],
      providers: [MigrateCommand],
    };
  }
}
