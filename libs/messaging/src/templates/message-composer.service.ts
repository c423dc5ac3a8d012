import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  ComposedMessage,
  effectiveZone,
  escapeHtml,
  MessageComposer,
  TemplateMissingError,
  TouchContext,
} from '@touchbase/core';
import { UnsubscribeLinks } from '../consent/unsubscribe-links';
import { buildScope } from './template-scope';
import { TemplateService } from './template.service';

const FOOTER: Record<string, { html: string; text: string }> = {
  en: {
    html: 'Don’t want these emails? <a href="{url}">Unsubscribe</a>.',
    text: 'Don’t want these emails? Unsubscribe: {url}',
  },
  de: {
    html: 'Sie möchten diese E-Mails nicht mehr erhalten? <a href="{url}">Abmelden</a>.',
    text: 'Keine E-Mails mehr erhalten? Abmelden: {url}',
  },
  pl: {
    html: 'Nie chcesz otrzymywać tych wiadomości? <a href="{url}">Wypisz się</a>.',
    text: 'Nie chcesz otrzymywać tych wiadomości? Wypisz się: {url}',
  },
};

/**
 * Renders a template for a touch (the MessageComposer port). The rule engine calls it while
 * it writes the touch and its outbox row in one transaction. Every email carries a visible
 * unsubscribe link: when an edited template drops `{{ unsubscribe_url }}`, a footer adds it.
 */
@Injectable()
export class TemplateMessageComposer extends MessageComposer {
  constructor(
    private readonly templates: TemplateService,
    private readonly links: UnsubscribeLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async compose(
    templateKey: string,
    channel: 'email' | 'sms',
    ctx: TouchContext,
    opts: { locale?: string } = {},
  ): Promise<ComposedMessage> {
    const locales = [opts.locale, ctx.customer.locale, this.config.business.defaultLocale];
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
      effectiveZone(ctx.customer.timezone, this.config.business.timezone),
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
    let html = r.render(template.html, 'html', scope, settings);
    let text = r.render(template.text, 'text', scope, settings);
    const footer = FOOTER[locale] ?? FOOTER.en;
    const escapedUrl = escapeHtml(unsubscribeUrl);
    if (!html.includes(escapedUrl))
      html += `\n<p style="font-size:12px;color:#666">${footer.html.replace('{url}', escapedUrl)}</p>\n`;
    if (!text.includes(unsubscribeUrl)) text += `\n\n${footer.text.replace('{url}', unsubscribeUrl)}\n`;
    const subject = r.render(template.subject, 'text', scope, settings).replace(/\s+/g, ' ').trim();
    return { recipient, locale, subject, html, text };
  }
}
