import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { PlatformModule } from '@touchbase/store';
import { CommandTree } from './kit/exit-codes';
import { AdoptEnginePublicAddress } from './kit/public-address';
import { MigrateCommand } from './commands/migrate.command';
import { IngestCommandsModule } from './commands/ingest.commands';
import { RulesCommandsModule } from './commands/rules.commands';
import { MessagingCommandsModule } from './commands/messaging.commands';
import { StaffCommandsModule } from './commands/staff.commands';
import { InsightsCommandsModule } from './commands/insights.commands';

/** The CLI's commands; each area lists its own in apps/cli/src/commands/<area>.commands.ts. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, clock?: Clock): DynamicModule {
    return {
      module: CliModule,
      imports: [
        PlatformModule.forRoot(config, clock),
        IngestCommandsModule,
        RulesCommandsModule,
        MessagingCommandsModule,
        StaffCommandsModule,
        InsightsCommandsModule,
      ],
      providers: [MigrateCommand, CommandTree, AdoptEnginePublicAddress],
    };
  }
}
