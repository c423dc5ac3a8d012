import { Module } from '@nestjs/common';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { PreviewService } from './preview.service';
import { RuleEvaluator } from './rule-evaluator';
import { RulesService } from './rules.service';
import { TickService } from './tick.service';

/**
 * The rule engine. Needs the PlatformModule globals and two ports it does not provide:
 * MessageComposer (the global MessagingModule) and TaskAssigner (the global StaffModule). Both
 * are required: a process that imports RulesModule without them fails at boot.
 */
@Module({
  providers: [RuleKindRegistry, RuleEvaluator, TickService, PreviewService, RulesService],
  exports: [RuleKindRegistry, TickService, PreviewService, RulesService],
})
export class RulesModule {}
