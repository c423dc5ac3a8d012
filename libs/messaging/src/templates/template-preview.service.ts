import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  Clock,
  ComposedMessage,
  invalidField,
  isEmailAddress,
  NotFound,
  TaskTexts,
  TouchContext,
} from '@touchbase/core';
import {
  Customer,
  type NewOutboxMessage,
  Order,
  OutboxMessage,
  Product,
  queueMessages,
  Rule,
  touchCustomerOf,
  SettingsService,
} from '@touchbase/store';
import { UnsubscribeLinks } from '../consent/unsubscribe-links';
import { EmailLayout } from './email-layout.service';
import { TemplateMessageComposer } from './message-composer.service';
import { TemplateTaskComposer } from './task-composer.service';
import { SAMPLE_TASK_FACTS } from './task-scope';
import { sampleTouchContext } from './template-scope';
import { TemplateService } from './template.service';

/** The customer a preview was asked for does not exist (the page falls back to the sample customer). */
export class CustomerNotFoundError extends NotFound {
  constructor(readonly customerId: number) {
    super(`customer ${customerId} does not exist`);
  }
}

/**
 * Preview and test-send for the owner: renders a template for a real customer (their latest
 * order and its first product, the first rule of that kind) or, without one, the sample customer.
 */
@Injectable()
export class TemplatePreviewService {
  constructor(
    private readonly composer: TemplateMessageComposer,
    private readonly tasks: TemplateTaskComposer,
    private readonly templates: TemplateService,
    private readonly layout: EmailLayout,
    private readonly links: UnsubscribeLinks,
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectRepository(Product) private readonly products: Repository<Product>,
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** `layout`: an unsaved email layout to show the message in (the layout editor's preview). */
  async preview(
    key: string,
    channel: 'email' | 'sms',
    opts: { customerId?: number; locale?: string },
    layout?: { html: string; text: string },
  ): Promise<ComposedMessage> {
    const ctx =
      opts.customerId != null ? await this.contextFor(key, opts.customerId) : this.sample(key, channel);
    const m = await this.composer.compose(key, channel, ctx, { locale: opts.locale });
    if (channel === 'sms') return m;
    // as the dispatcher sends it: inside the layout, with this customer's unsubscribe link
    const input = { ...m, unsubscribeUrl: this.links.url(ctx.customer.id, 'email') };
    return { ...m, ...(layout ? this.layout.render(layout, input) : await this.layout.wrap(input)) };
  }

  /**
   * A task template rendered for a customer (or the sample customer) with the sample task's
   * facts, in `locale` when that version exists, else the business's, else any.
   */
  async previewTask(
    key: string,
    opts: { customerId?: number; locale?: string },
  ): Promise<TaskTexts & { locale: string }> {
    const versions = await this.templates.versions(key, 'task');
    const order = [opts.locale, this.ownerSettings.get().defaultLocale];
    const t = order.map((l) => versions.find((v) => v.locale === l)).find(Boolean) ?? versions[0];
    if (!t) throw new NotFound(`No task template "${key}" in any locale`);
    const ctx =
      opts.customerId != null ? await this.contextFor(key, opts.customerId) : this.sample(key, 'email');
    const facts = SAMPLE_TASK_FACTS(this.config.business.currency);
    return { locale: t.locale, ...this.tasks.render(t, t.locale, ctx, facts) };
  }

  /** Queues the rendered template to `to` as a test message (purpose 'test': no consent checks, no history). */
  async testSend(
    key: string,
    channel: 'email' | 'sms',
    to: string,
    opts: { customerId?: number; locale?: string },
  ): Promise<OutboxMessage> {
    if (channel === 'email' && !isEmailAddress(to)) throw invalidField('to', 'must be an email address');
    const ctx =
      opts.customerId != null ? await this.contextFor(key, opts.customerId) : this.sample(key, channel);
    ctx.customer = {
      ...ctx.customer,
      email: channel === 'email' ? to : ctx.customer.email,
      phone: channel === 'sms' ? to : ctx.customer.phone,
    };
    const m = await this.composer.compose(key, channel, ctx, { locale: opts.locale });
    const now = this.clock.now();
    const message: NewOutboxMessage = {
      channel,
      purpose: 'test',
      recipient: to,
      locale: m.locale,
      subject: channel === 'email' ? `[TEST] ${m.subject}` : '',
      html: m.html,
      text: m.text,
      sendAt: now,
    };
    const [{ id }] = await queueMessages(this.ds, [message], now);
    return this.ds.manager.create(OutboxMessage, {
      ...message,
      id,
      customerId: null,
      touchId: null,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      createdAt: now,
    });
  }

  private sample(key: string, channel: 'email' | 'sms'): TouchContext {
    const ctx = sampleTouchContext(this.config.business.currency);
    ctx.rule = { id: 0, name: key, kind: key };
    if (channel === 'sms') ctx.customer.phone = ctx.customer.phone ?? '+4915112345678';
    return ctx;
  }

  /** What a template of `key` would see for this customer: their latest order and its product. */
  async contextFor(key: string, customerId: number): Promise<TouchContext> {
    const c = await this.customers.findOneBy({ id: customerId });
    if (!c) throw new CustomerNotFoundError(customerId);
    const order = await this.orders.findOne({ where: { customerId }, order: { placedAt: 'DESC' } });
    const sku = order?.lines?.[0]?.sku;
    const product = sku ? await this.products.findOneBy({ sku }) : null;
    const rule = await this.rules.findOne({ where: { templateKey: key }, order: { id: 'ASC' } });
    return {
      customer: {
        ...touchCustomerOf(c),
        email: c.email ?? 'preview@example.com',
        phone: c.phone ?? '+4915112345678',
      },
      rule: rule
        ? { id: rule.id, name: rule.name, kind: rule.kind, publicLabel: rule.publicLabel ?? {} }
        : undefined,
      order: order
        ? {
            id: order.id,
            externalId: order.externalId,
            placedAt: order.placedAt,
            totalMinor: order.totalMinor,
            currency: order.currency,
            lines: order.lines,
          }
        : undefined,
      product: product
        ? { id: product.id, sku: product.sku, name: product.name, url: product.url }
        : undefined,
    };
  }
}
