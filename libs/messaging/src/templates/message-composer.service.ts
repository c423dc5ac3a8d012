import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  ComposedMessage,
  effectiveZone,
  MessageComposer,
  TemplateMissingError,
  TouchContext,
} from '@touchbase/core';
import { UnsubscribeLinks } from '../consent/unsubscribe-links';
import { buildScope } from './template-scope';
import { TemplateService } from './template.service';
import { SettingsService } from '@touchbase/store';

/**
 * Renders a template for a touch (the MessageComposer port). The rule engine calls it while
 * it writes the touch and its outbox row in one transaction. An email's body goes into the
 * owner's layout when it is sent (EmailLayout), whose footer carries the visible unsubscribe link.
 */
@Injectable()
export class TemplateMessageComposer extends MessageComposer {
  constructor(
    private readonly templates: TemplateService,
    private readonly links: UnsubscribeLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {
    super();
  }

  async compose(
    templateKey: string,
    channel: 'email' | 'sms',
    ctx: TouchContext,
    opts: { locale?: string } = {},
  ): Promise<ComposedMessage> {
    const locales = [opts.locale, ctx.customer.locale, this.ownerSettings.get().defaultLocale];
    const template = await this.templates.resolve(templateKey, channel, locales);
    if (!template) throw new TemplateMissingError(templateKey, channel);
    const recipient = channel === 'email' ? ctx.customer.email : ctx.customer.phone;
    if (!recipient)
      throw new Error(
        `Customer ${ctx.customer.id} has no ${channel === 'email' ? 'email address' : 'phone number'}`,
      );
    const locale = template.locale;
    const unsubscribeUrl = this.links.url(ctx.customer.id, channel);
    const scope = buildScope(ctx, this.templates.business(), locale, { unsubscribe_url: unsubscribeUrl });
    const settings = this.templates.settings(
      locale,
      effectiveZone(ctx.customer.timezone, this.ownerSettings.get().timezone),
    );
    const r = this.templates.renderer;
    if (channel === 'sms')
      return {
        recipient,
        locale,
        subject: '',
        html: '',
        text: r.render(template.text, 'text', scope, settings).trim(),
      };
    const html = r.render(template.html, 'html', scope, settings);
    const text = r.render(template.text, 'text', scope, settings);
    const subject = r.render(template.subject, 'text', scope, settings).replace(/\s+/g, ' ').trim();
    return { recipient, locale, subject, html, text };
  }
}
