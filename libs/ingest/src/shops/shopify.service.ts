import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG, withSettings } from '@touchbase/config';
import { ContactEvent, Customer, SettingsService } from '@touchbase/store';
import { ErasedCopies, GdprService } from '../gdpr.service';
import { Problems } from '../normalize/problems';
import { hmacSha256 } from '../webhooks/signatures';
import { WebhookAuthError } from '../webhooks/inventory-webhook.service';
import { WebhookReceiver } from '../webhooks/webhook-receiver.service';
import { lockTiers } from '../tiers/tier-recompute';
import { parseShopPayload } from './payload';
import { emptyReport, ShopReport, ShopWriter, throwNamed } from './shop-writer';
import {
  mapShopifyCustomer,
  mapShopifyOrder,
  mapShopifyProduct,
  SHOPIFY_CUSTOMER_FIELDS,
  shopifyId,
  versionOf,
} from './shopify.mapping';

export const SHOPIFY_TOPICS = [
  'orders/create',
  'orders/paid',
  'customers/create',
  'customers/update',
  'products/update',
  'inventory_levels/update',
  'customers/data_request',
  'customers/redact',
  'shop/redact',
] as const;

export interface ShopifyHeaders {
  hmac?: string;
  topic?: string;
  webhookId?: string;
}

/**
 * Shopify's webhooks (docs/shops.md#shopify): X-Shopify-Hmac-Sha256 over the raw body with the
 * shopify secret, once per X-Shopify-Webhook-Id, each topic mapped onto customers, orders,
 * products and stock; the privacy topics onto the GDPR export and erasure.
 */
@Injectable()
export class ShopifyWebhookService {
  constructor(
    private readonly receiver: WebhookReceiver,
    private readonly gdpr: GdprService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  async receive(raw: Buffer | undefined, h: ShopifyHeaders): Promise<ShopReport | { duplicate: true }> {
    if (!raw || !(await this.receiver.verify('shopify', h.hmac, (s) => hmacSha256(s, raw, 'base64'))))
      throw new WebhookAuthError('Missing or wrong X-Shopify-Hmac-Sha256.');
    const p = new Problems();
    const topic = h.topic?.trim() ?? '';
    if (!(SHOPIFY_TOPICS as readonly string[]).includes(topic))
      p.add('X-Shopify-Topic', `must be one of ${SHOPIFY_TOPICS.join(', ')}`);
    if (!h.webhookId?.trim()) p.add('X-Shopify-Webhook-Id', 'is required');
    throwNamed(p, '');
    const body = parseShopPayload(raw);
    const erased = new ErasedCopies();
    const delivery = await this.receiver.once('shopify', h.webhookId!.trim(), async (m, now) => {
      // the tier lock before any row lock: orders recompute their customer's tier (docs/ingest.md#service-tiers)
      await lockTiers(m);
      const w = new ShopWriter(
        m,
        'shopify',
        withSettings(this.config, this.ownerSettings.get()),
        now,
        emptyReport(topic),
      );
      await this.apply(m, w, topic, body, erased);
      return w.report;
    });
    // a redact's erasure has committed: now its file-outbox copies and the WAL go, as for any erasure
    await this.gdpr.removeCopies(erased);
    return delivery.duplicate ? { duplicate: true } : delivery.result;
  }

  private async apply(
    m: EntityManager,
    w: ShopWriter,
    topic: string,
    body: Record<string, any>,
    erased: ErasedCopies,
  ) {
    switch (topic) {
      case 'customers/create':
      case 'customers/update':
        return this.customer(w, body, '');
      case 'orders/create':
      case 'orders/paid':
        return this.order(w, body);
      case 'products/update':
        return this.product(w, body);
      case 'inventory_levels/update':
        return this.level(w, body);
      case 'customers/data_request':
        return this.dataRequest(m, w, body);
      case 'customers/redact':
        return this.redact(m, w, body, erased);
      case 'shop/redact':
        return this.shopRedact(m, w, erased);
    }
  }

  private async customer(w: ShopWriter, c: Record<string, any>, prefix: string): Promise<Customer | null> {
    const p = new Problems();
    const id = shopifyId(p, `${prefix}id`, c?.id);
    const versionAt = versionOf(p, `${prefix}updated_at`, c?.updated_at);
    throwNamed(p, '');
    return w.customer(id!, mapShopifyCustomer(c), { versionAt, prefix, names: SHOPIFY_CUSTOMER_FIELDS });
  }

  private async order(w: ShopWriter, o: Record<string, any>) {
    const p = new Problems();
    const id = shopifyId(p, 'id', o.id);
    const versionAt = versionOf(p, 'updated_at', o.updated_at);
    const { input, linesWithoutSku } = mapShopifyOrder(o, p);
    throwNamed(p, '');
    if (linesWithoutSku) w.report.skipped.push(`${linesWithoutSku} line(s) without SKU`);
    const customer = o.customer
      ? await this.customer(w, o.customer, 'customer.')
      : await w.customerByEmail(o.email);
    if (!customer) return void w.report.unknownCustomers.push(`order:${id}`);
    await w.order(id!, input, customer.id, versionAt);
  }

  private async product(w: ShopWriter, prod: Record<string, any>) {
    const p = new Problems();
    const id = shopifyId(p, 'id', prod.id);
    const versionAt = versionOf(p, 'updated_at', prod.updated_at);
    const { variants, withoutSku } = mapShopifyProduct(prod, p);
    throwNamed(p, '');
    if (withoutSku) w.report.skipped.push(`${withoutSku} variant(s) without SKU`);
    if (!(await w.records.isNews(`product:${id}`, versionAt)))
      return void w.report.stale.push(`product:${id}`);
    for (const [i, v] of variants.entries()) {
      await w.product(v.input, `variants[${i}].`);
      if (!v.inventoryItemId) continue;
      await w.records.save(`inventory_item:${v.inventoryItemId}`, { ref: v.sku });
      // Stock levels that arrived before the product (out of order) apply now.
      const levels = await w.records.total(`level:${v.inventoryItemId}:`);
      if (levels.count) await w.stock(v.sku, levels.sum);
    }
    await w.records.save(`product:${id}`, { versionAt });
  }

  /** Stock per location; the product's stock is the sum over its locations. */
  private async level(w: ShopWriter, body: Record<string, any>) {
    const p = new Problems();
    const item = shopifyId(p, 'inventory_item_id', body.inventory_item_id);
    const location = shopifyId(p, 'location_id', body.location_id);
    const versionAt = versionOf(p, 'updated_at', body.updated_at);
    if (!Number.isInteger(body.available)) p.add('available', 'must be a whole number');
    throwNamed(p, '');
    const key = `level:${item}:${location}`;
    if (!(await w.records.isNews(key, versionAt))) return void w.report.stale.push(key);
    await w.records.save(key, { quantity: body.available, versionAt });
    const sku = (await w.records.get(`inventory_item:${item}`))?.ref;
    if (!sku) return void w.report.unknownSkus.push(`inventory_item:${item}`);
    await w.stock(sku, (await w.records.total(`level:${item}:`)).sum);
  }

  private async dataRequest(m: EntityManager, w: ShopWriter, body: Record<string, any>) {
    const c = await this.privacyCustomer(w, body);
    if (!c) return;
    await m.getRepository(ContactEvent).insert({
      customerId: c.id,
      occurredAt: w.now,
      direction: 'in',
      kind: 'data_request',
      summary: '',
      touchId: null,
      messageId: null,
      taskId: null,
      userId: null,
    });
  }

  private async redact(m: EntityManager, w: ShopWriter, body: Record<string, any>, erased: ErasedCopies) {
    const c = await this.privacyCustomer(w, body);
    if (c) await this.gdpr.eraseIn(m, c.id, erased);
  }

  /** 48 hours after the shop uninstalled: every customer received from Shopify is erased. */
  private async shopRedact(m: EntityManager, w: ShopWriter, erased: ErasedCopies) {
    let after = '';
    for (;;) {
      const page = await w.records.customerRefs(after, 500);
      if (!page.length) return;
      for (const r of page) {
        const customer = r.ref ? await m.getRepository(Customer).findOneBy({ id: Number(r.ref) }) : null;
        if (customer && !customer.erasedAt) await this.gdpr.eraseIn(m, customer.id, erased);
        w.report.applied.push(r.key);
      }
      after = page[page.length - 1].key;
    }
  }

  private async privacyCustomer(w: ShopWriter, body: Record<string, any>): Promise<Customer | null> {
    const p = new Problems();
    const id = shopifyId(p, 'customer.id', body.customer?.id);
    throwNamed(p, '');
    const c = await w.linkedCustomer(id!);
    if (c) w.report.applied.push(`customer:${id}`);
    else w.report.unknownCustomers.push(`customer:${id}`);
    return c;
  }
}
