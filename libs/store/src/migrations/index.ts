import { Initial1795434930326 } from './1795434930326-initial';
import { TasksDailyListIndex1795436584074 } from './1795436584074-tasks-daily-list-index';
import { OrdersCustomerSpendIndex1795437704077 } from './1795437704077-orders-customer-spend-index';
import { WebhookSecretsAndShopRecords1795800008459 } from './1795800008459-webhook-secrets-and-shop-records';
import { SecurityThrottleSessions1795802199362 } from './1795802199362-security-throttle-sessions';
import { ImportRunsAndMappings1795803072911 } from './1795803072911-import-runs-and-mappings';
import { WaitlistSignups1795804190135 } from './1795804190135-waitlist-signups';
import { DeliveryUnknownOutcomesBouncesEarlyNews1795805293439 } from './1795805293439-delivery-unknown-outcomes-bounces-early-news';
import { RulePublicLabel1795806578303 } from './1795806578303-rule-public-label';
import { TouchFollowsMessage1795810173988 } from './1795810173988-touch-follows-message';
import { TaskTextsPerLanguage1795811442954 } from './1795811442954-task-texts-per-language';
import { PasswordResets1795811612450 } from './1795811612450-password-resets';
import { StaffDayTasksUsersAddresses1795813710791 } from './1795813710791-staff-day-tasks-users-addresses';
import { SettingChanges1795821138774 } from './1795821138774-setting-changes';
import { PreferenceScopes1795822554940 } from './1795822554940-preference-scopes';
import { UpgradeUntouchedTemplates1795832273632 } from './1795832273632-upgrade-untouched-templates';
import { ReplyTaskInbound1795833066829 } from './1795833066829-reply-task-inbound';
import { ServiceTiers1795833327272 } from './1795833327272-service-tiers';
import { CustomerSpendRollup1795833568457 } from './1795833568457-customer-spend-rollup';
import { TasksCompletedIndexPartial1795856642650 } from './1795856642650-tasks-completed-index-partial';

/**
 * Every migration, in order. Generate a new one (both dialects at once) with
 * `flock /tmp/touchbase-migration.lock npm run migration:generate -- NameInPascalCase`,
 * then add it here.
 */
export const MIGRATIONS = [
  Initial1795434930326,
  TasksDailyListIndex1795436584074,
  OrdersCustomerSpendIndex1795437704077,
  WebhookSecretsAndShopRecords1795800008459,
  SecurityThrottleSessions1795802199362,
  ImportRunsAndMappings1795803072911,
  WaitlistSignups1795804190135,
  DeliveryUnknownOutcomesBouncesEarlyNews1795805293439,
  RulePublicLabel1795806578303,
  TouchFollowsMessage1795810173988,
  TaskTextsPerLanguage1795811442954,
  PasswordResets1795811612450,
  StaffDayTasksUsersAddresses1795813710791,
  SettingChanges1795821138774,
  PreferenceScopes1795822554940,
  UpgradeUntouchedTemplates1795832273632,
  ReplyTaskInbound1795833066829,
  ServiceTiers1795833327272,
  CustomerSpendRollup1795833568457,
  TasksCompletedIndexPartial1795856642650,
];
