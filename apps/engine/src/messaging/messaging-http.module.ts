import { Module } from '@nestjs/common';
import { MessagingModule } from '@touchbase/messaging';
import { RulesModule } from '@touchbase/rules';
import { MessagesController } from './messages.controller';
import { ChannelsController } from './channels.controller';
import { DispatchLoop } from './dispatch-loop';
import { PublishPublicAddress } from './public-address';
import { TemplatesController } from './templates.controller';
import { TwilioWebhooksController } from './twilio-webhooks.controller';
import { UnsubscribeController } from './unsubscribe.controller';

/** HTTP side of messaging: templates and channels API, unsubscribe pages, Twilio webhooks, the dispatch loop. */
@Module({
  imports: [MessagingModule, RulesModule],
  controllers: [
    TemplatesController,
    ChannelsController,
    MessagesController,
    UnsubscribeController,
    TwilioWebhooksController,
  ],
  providers: [DispatchLoop, PublishPublicAddress],
})
export class MessagingHttpModule {}
