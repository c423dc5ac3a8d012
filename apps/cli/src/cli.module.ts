import { DynamicModule, Module, Type } from '@nestjs/common';
import { AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { PlatformModule } from '@touchbase/store';
import { CommandTree } from './kit/command-tree';

/**
 * The CLI application for the given command areas (apps/cli/src/commands/<area>.commands.ts).
 * `touchbase` boots only the area of the command it runs (syntax/index.ts, docs/cli.md#start-up).
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, areas: readonly Type<unknown>[], clock?: Clock): DynamicModule {
    return {
      module: CliModule,
      imports: [PlatformModule.forRoot(config, clock), ...areas],
      // SettingsService (PlatformModule) gives commands the owner's settings and the engine's public address
      providers: [CommandTree],
    };
  }
}
