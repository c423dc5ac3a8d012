import { Module } from '@nestjs/common';
import { RulesModule } from '@touchbase/rules';
import { DemoRules } from './demo-rules';
import { RulesController } from './rules.controller';
import { RulesScheduler } from './rules-scheduler';

/** HTTP side of the rules area: the rules API and preview, the scheduler (role `scheduler`), example rules for the demo. */
@Module({
  imports: [RulesModule],
  controllers: [RulesController],
  providers: [RulesScheduler, DemoRules],
})
export class RulesHttpModule {}
