import { Module } from '@nestjs/common';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { PreviewService } from './preview.service';
import { RuleEvaluator } from './rule-evaluator';
import { RestockReachService } from './restock-reach';
import { RulesService } from './rules.service';
import { TemplateReferences } from './template-references';
import { TickService } from './tick.service';

/**
 * The rule engine. Needs the PlatformModule globals and three ports it does not provide:
 * MessageComposer and TemplateCatalog (the global MessagingModule) and TaskAssigner (the global
 * StaffModule). All
 * are required: a process that imports RulesModule without them fails at boot.
 */
@Module({
  providers: [
    RuleKindRegistry,
    RuleEvaluator,
    TickService,
    PreviewService,
    RulesService,
    TemplateReferences,
    RestockReachService,
  ],
  exports: [
    RuleKindRegistry,
    TickService,
    PreviewService,
    RulesService,
    TemplateReferences,
    RestockReachService,
  ],
})
export class RulesModule {}
