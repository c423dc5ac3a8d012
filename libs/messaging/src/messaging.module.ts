import * as path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { EmailSender, MessageComposer, SmsSender, TaskComposer, TemplateCatalog } from '@touchbase/core';
import { FileEmailSender, FileSmsSender } from './channels/file-outbox';
import { SmtpEmailSender } from './channels/smtp-email-sender';
import { TwilioSmsSender } from './channels/twilio-sms-sender';
import { OptOutService } from './consent/opt-out.service';
import { PreferencesService } from './consent/preferences.service';
import { TwilioWebhookService } from './consent/twilio-webhooks.service';
import { CustomerReplies } from './replies/customer-replies.service';
import { UnsubscribeLinks } from './consent/unsubscribe-links';
import { ChannelState } from './dispatch/channel-state';
import { Dispatcher } from './dispatch/dispatcher';
import { MessageRetry } from './dispatch/message-retry';
import { OutboxStore } from './dispatch/outbox-store';
import { LinkSigner } from './link-signer';
import { EmailLayout } from './templates/email-layout.service';
import { LiquidRenderer } from './templates/liquid-renderer';
import { TemplateMessageComposer } from './templates/message-composer.service';
import { TemplateTaskComposer } from './templates/task-composer.service';
import { TemplatePreviewService } from './templates/template-preview.service';
import { TemplateService } from './templates/template.service';

/** SMTP when configured, else .eml files under <outboxDir>/email. */
export function emailSenderFor(config: AppConfig): EmailSender {
  if (config.smtp) return new SmtpEmailSender(config.smtp);
  return new FileEmailSender(path.join(config.outboxDir, 'email'), {
    name: config.business.name,
    address: 'no-reply@localhost',
  });
}

/** Twilio when configured, else JSON files under <outboxDir>/sms. */
export function smsSenderFor(config: AppConfig): SmsSender {
  if (config.twilio) return new TwilioSmsSender(config.twilio);
  return new FileSmsSender(path.join(config.outboxDir, 'sms'), config.business.name);
}

/**
 * Messages: templates, composer, channels, outbox dispatcher, consent changes from customers.
 * Global, so the rule engine (MessageComposer), `touchbase run` (Dispatcher) and surveys
 * (LinkSigner) inject what they need. Needs PlatformModule (config, clock, store, telemetry).
 */
@Global()
@Module({
  providers: [
    { provide: LiquidRenderer, useFactory: () => new LiquidRenderer() },
    { provide: EmailSender, inject: [APP_CONFIG], useFactory: emailSenderFor },
    { provide: SmsSender, inject: [APP_CONFIG], useFactory: smsSenderFor },
    TemplateService,
    { provide: TemplateCatalog, useExisting: TemplateService },
    TemplateMessageComposer,
    { provide: MessageComposer, useExisting: TemplateMessageComposer },
    TemplateTaskComposer,
    { provide: TaskComposer, useExisting: TemplateTaskComposer },
    TemplatePreviewService,
    EmailLayout,
    LinkSigner,
    UnsubscribeLinks,
    ChannelState,
    OutboxStore,
    Dispatcher,
    MessageRetry,
    OptOutService,
    PreferencesService,
    TwilioWebhookService,
    CustomerReplies,
  ],
  exports: [
    MessageComposer,
    TaskComposer,
    TemplateTaskComposer,
    TemplateCatalog,
    EmailSender,
    SmsSender,
    Dispatcher,
    MessageRetry,
    LinkSigner,
    TemplateService,
    TemplatePreviewService,
    EmailLayout,
    UnsubscribeLinks,
    ChannelState,
    OptOutService,
    PreferencesService,
    TwilioWebhookService,
    CustomerReplies,
  ],
})
export class MessagingModule {}
