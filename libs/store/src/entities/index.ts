import { Customer } from './customer.entity';
import { Order } from './order.entity';
import { CustomerSpend } from './customer-spend.entity';
import { Product, RestockEvent, WaitlistEntry } from './product.entity';
import { ContactEvent } from './contact-event.entity';
import { Rule } from './rule.entity';
import { Touch } from './touch.entity';
import { OutboxMessage } from './outbox-message.entity';
import { EarlyStatus } from './early-status.entity';
import { Task } from './task.entity';
import { ApiToken, Session, User } from './user.entity';
import { EngineState } from './engine-state.entity';
import { SettingChange } from './setting-change.entity';
import { Suppression } from './suppression.entity';
import { MessageTemplate } from './message-template.entity';
import { WebhookEvent } from './webhook-receipt.entity';
import { SurveyResponse } from './survey-response.entity';
import { RateLimit } from './rate-limit.entity';
import { PasswordReset } from './password-reset.entity';
import { ImportMapping, ImportRun } from './import.entity';
import { ShopRecord, WebhookSecret } from './webhook.entity';
import { WaitlistSignup } from './storefront.entity';
import { Tier, TierChange } from './tier.entity';

export * from './customer.entity';
export * from './order.entity';
export * from './customer-spend.entity';
export * from './product.entity';
export * from './contact-event.entity';
export * from './rule.entity';
export * from './touch.entity';
export * from './outbox-message.entity';
export * from './early-status.entity';
export * from './task.entity';
export * from './user.entity';
export * from './password-reset.entity';
export * from './engine-state.entity';
export * from './setting-change.entity';
export * from './suppression.entity';
export * from './message-template.entity';
export * from './webhook-receipt.entity';
export * from './survey-response.entity';
export * from './rate-limit.entity';
export * from './webhook.entity';
export * from './import.entity';
export * from './storefront.entity';
export * from './tier.entity';

/** Every entity, registered once for the DataSource. Add new entities here. */
export const ENTITIES = [
  ImportRun,
  ImportMapping,
  Customer,
  Order,
  CustomerSpend,
  Product,
  RestockEvent,
  WaitlistEntry,
  ContactEvent,
  Rule,
  Touch,
  OutboxMessage,
  EarlyStatus,
  Task,
  User,
  ApiToken,
  Session,
  PasswordReset,
  EngineState,
  SettingChange,
  Suppression,
  MessageTemplate,
  WebhookEvent,
  SurveyResponse,
  WebhookSecret,
  ShopRecord,
  RateLimit,
  WaitlistSignup,
  Tier,
  TierChange,
];
