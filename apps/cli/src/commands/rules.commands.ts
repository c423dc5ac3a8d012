import { Module } from '@nestjs/common';
import { MessagingModule } from '@touchbase/messaging';
import { RulesModule } from '@touchbase/rules';
import {
  PreviewCommand,
  RulesCommand,
  RulesListCommand,
  RulesLoadCommand,
  RunCommand,
} from './rules/rules.cli';

/**
 * The CLI commands of the rules area: run, preview, rules load / list. MessagingModule (global)
 * brings the MessageComposer and the Dispatcher that `run` needs.
 */
@Module({
  imports: [RulesModule, MessagingModule],
  providers: [RunCommand, PreviewCommand, RulesCommand, RulesLoadCommand, RulesListCommand],
})
export class RulesCommandsModule {}
