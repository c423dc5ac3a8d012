import { Module } from '@nestjs/common';
import { RulesModule } from '@touchbase/rules';
import { PreviewCommand, RulesCommand, RulesListCommand, RulesLoadCommand, RunCommand } from './rules/rules.cli';

/** The CLI commands of the rules area: run, preview, rules load / list. */
@Module({ imports: [RulesModule], providers: [RunCommand, PreviewCommand, RulesCommand, RulesLoadCommand, RulesListCommand] })
export class RulesCommandsModule {}
