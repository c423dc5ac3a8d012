import { Module } from '@nestjs/common';
import { IngestModule } from '@touchbase/ingest';
import { InsightsModule } from '@touchbase/insights';
import { RulesModule } from '@touchbase/rules';
import { StaffModule } from '@touchbase/staff';
import { AccountPagesController } from './pages/account.controller';
import { ActivityPagesController } from './pages/activity.controller';
import { ActivityApiController } from './api/activity-api.controller';
import { OverviewApiController } from './api/overview-api.controller';
import { OverviewReport } from './queries/overview-report';
import { AssetsController } from './pages/assets.controller';
import { CustomerFormPagesController } from './pages/customer-form.controller';
import { CustomerUpcomingPagesController } from './pages/customer-upcoming.controller';
import { CustomersPagesController } from './pages/customers.controller';
import { ImportsPagesController } from './pages/imports.controller';
import { ImportUploads } from './pages/import-uploads';
import { UploadsModule } from '../http/uploads.module';
import { OverviewPagesController } from './pages/overview.controller';
import { ProductsPagesController } from './pages/products.controller';
import { WaitlistsPagesController } from './pages/waitlists.controller';
import { TemplatesPagesController } from './pages/templates.controller';
import { RulesPagesController } from './pages/rules.controller';
import { SessionController } from './pages/session.controller';
import { PasswordResetPagesController } from './pages/password-reset.controller';
import { PrintPagesController } from './pages/print.controller';
import { TeamPagesController } from './pages/team.controller';
import { TodayPagesController } from './pages/today.controller';
import { TokensPagesController } from './pages/tokens.controller';
import { UsersPagesController } from './pages/users.controller';
import { SettingsPagesController } from './pages/settings.controller';
import { TiersPagesController } from './pages/tiers.controller';
import { WebhooksPagesController } from './pages/webhooks.controller';
import { ActivityQuery } from './queries/activity.query';
import { CustomerProfileQuery } from './queries/customer-profile.query';
import { CustomerTimelineQuery } from './queries/customer-timeline.query';
import { OverviewQuery } from './queries/overview.query';
import { ProductPageData } from './queries/product-page';
import { TemplateDraftPreviewer } from './queries/template-draft.preview';
import { WebRenderer } from './render/web-renderer';
import { WebExceptionFilter } from './web-exception.filter';

/**
 * The web UI: server-rendered Liquid pages for owners and staff, htmx for in-place updates.
 * Controllers are thin: they call the areas' services (staff, ingest, rules, messaging,
 * insights) and render a view; the few read models that only pages need live in ./queries.
 */
@Module({
  imports: [StaffModule, IngestModule, RulesModule, InsightsModule, UploadsModule],
  controllers: [
    AssetsController,
    SessionController,
    PasswordResetPagesController,
    OverviewPagesController,
    TodayPagesController,
    TeamPagesController,
    PrintPagesController,
    // before CustomersPagesController: /customers/new must not reach its /customers/:id
    CustomerFormPagesController,
    CustomerUpcomingPagesController,
    CustomersPagesController,
    ProductsPagesController,
    WaitlistsPagesController,
    ActivityPagesController,
    ActivityApiController,
    OverviewApiController,
    RulesPagesController,
    ImportsPagesController,
    TemplatesPagesController,
    UsersPagesController,
    WebhooksPagesController,
    SettingsPagesController,
    TiersPagesController,
    AccountPagesController,
    TokensPagesController,
  ],
  providers: [
    WebRenderer,
    WebExceptionFilter,
    OverviewQuery,
    OverviewReport,
    ActivityQuery,
    CustomerTimelineQuery,
    CustomerProfileQuery,
    TemplateDraftPreviewer,
    ProductPageData,
    ImportUploads,
  ],
})
export class WebHttpModule {}
