import { Injectable, Module, OnModuleInit } from '@nestjs/common';
import { RuleKindRegistry, RulesModule } from '@touchbase/rules';
import { ReportService } from './report.service';
import { satisfactionSurveyKind } from './survey/satisfaction-survey.kind';
import { SurveyLinks } from './survey/survey-link';
import { SurveyResponseService } from './survey/survey-response.service';

/** Adds the satisfaction_survey kind to the rule engine when the insights area is loaded. */
@Injectable()
export class SurveyKindRegistration implements OnModuleInit {
  constructor(private readonly kinds: RuleKindRegistry) {}

  onModuleInit(): void {
    this.kinds.register(satisfactionSurveyKind);
  }
}

/**
 * The insights area's services (reports, incremental effect, satisfaction surveys). It owns the
 * satisfaction_survey rule kind and registers it with the rules area; rules never import insights.
 * Like RulesModule it needs the PlatformModule globals and two ports it does not provide:
 * TaskAssigner (the global StaffModule) and TaskComposer (the global MessagingModule), for a low
 * rating's service-recovery task. Both are required: without them a process fails at boot.
 */
@Module({
  imports: [RulesModule],
  providers: [ReportService, SurveyLinks, SurveyResponseService, SurveyKindRegistration],
  exports: [ReportService, SurveyLinks, SurveyResponseService],
})
export class InsightsModule {}
