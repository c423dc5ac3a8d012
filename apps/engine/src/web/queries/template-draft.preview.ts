import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { effectiveZone, TouchContext } from '@touchbase/core';
import { buildScope, sampleTouchContext, TemplateService, UnsubscribeLinks } from '@touchbase/messaging';
import { Customer, Order, Product, Rule } from '@touchbase/store';

export interface DraftContent {
  subject: string;
  html: string;
  text: string;
}

export interface DraftPreview {
  /** Problems by field (subject, html, text), from the messaging area's own validation. */
  problems: Array<{ field: string; problem: string }>;
  subject: string;
  html: string;
  text: string;
}

/**
 * The template editor's live preview: checks the UNSAVED draft with TemplateService.validate
 * (the same check as saving) and renders it with the messaging area's renderer and scope for
 * the chosen customer (their latest order and its product), or the sample customer.
 * TemplatePreviewService renders only saved templates, hence this small read-only adapter.
 */
@Injectable()
export class TemplateDraftPreviewer {
  constructor(
    private readonly templates: TemplateService,
    private readonly links: UnsubscribeLinks,
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectRepository(Product) private readonly products: Repository<Product>,
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async preview(key: string, channel: string, locale: string, draft: DraftContent, customerId: number | null): Promise<DraftPreview> {
    const problems = this.templates.validate(key, channel, locale, draft);
    const empty = { subject: '', html: '', text: '' };
    if (problems.length) return { problems, ...empty };
    const ctx = (customerId && (await this.contextFor(key, customerId))) || sampleTouchContext(this.config.business.currency);
    const scope = buildScope(ctx, this.templates.business(), locale, {
      unsubscribe_url: this.links.url(ctx.customer.id, channel),
      survey_url: `${this.config.http.publicBaseUrl}/s/preview`,
    });
    const settings = this.templates.settings(locale, effectiveZone(ctx.customer.timezone, this.config.business.timezone));
    const r = this.templates.renderer;
    try {
      if (channel === 'sms') return { problems, ...empty, text: r.render(draft.text, 'text', scope, settings).trim() };
      return {
        problems,
        subject: r.render(draft.subject, 'text', scope, settings).replace(/\s+/g, ' ').trim(),
        html: r.render(draft.html, 'html', scope, settings),
        text: r.render(draft.text, 'text', scope, settings),
      };
    } catch (e) {
      return { problems: [{ field: 'text', problem: (e as Error).message }], ...empty };
    }
  }

  private async contextFor(key: string, customerId: number): Promise<TouchContext | null> {
    const c = await this.customers.findOneBy({ id: customerId });
    if (!c) return null;
    const order = await this.orders.findOne({ where: { customerId }, order: { placedAt: 'DESC' } });
    const sku = order?.lines?.[0]?.sku;
    const product = sku ? await this.products.findOneBy({ sku }) : null;
    const rule = await this.rules.findOne({ where: { templateKey: key }, order: { id: 'ASC' } });
    return {
      customer: {
        id: c.id,
        firstName: c.firstName,
        lastName: c.lastName,
        email: c.email,
        phone: c.phone,
        locale: c.locale,
        timezone: c.timezone,
        birthdayYear: c.birthdayYear,
        birthdayMonth: c.birthdayMonth,
        birthdayDay: c.birthdayDay,
        tags: c.tags,
      },
      rule: rule ? { id: rule.id, name: rule.name, kind: rule.kind } : undefined,
      order: order ? { id: order.id, externalId: order.externalId, placedAt: order.placedAt, totalMinor: order.totalMinor, currency: order.currency, lines: order.lines } : undefined,
      product: product ? { id: product.id, sku: product.sku, name: product.name, url: product.url } : undefined,
    };
  }
}
