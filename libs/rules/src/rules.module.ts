import { Module } from '@nestjs/common';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { PreviewService } from './preview.service';
import { RuleEvaluator } from './rule-evaluator';
import { RulesService } from './rules.service';
import { TickService } from './tick.service';

/**
 * The rule engine. Needs the PlatformModule globals; MessageComposer comes from the messaging
 * area and TaskAssigner from the staff area (both global, not provided here).
 */
@Module({
  providers: [RuleKindRegistry, RuleEvaluator, TickService, PreviewService, RulesService],
  exports: [RuleKindRegistry, TickService, PreviewService, RulesService],
})
export class RulesModule {}
