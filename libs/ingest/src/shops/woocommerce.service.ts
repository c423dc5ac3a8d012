import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, APP_CONFIG, withSettings } from '@touchbase/config';
import { SettingsService } from '@touchbase/store';
import { CustomerInput } from '../normalize/customer';
import { parseInstant } from '../normalize/fields';
import { Problems } from '../normalize/problems';
import { hmacSha256 } from '../webhooks/signatures';
import { WebhookAuthError } from '../webhooks/inventory-webhook.service';
import { WebhookReceiver } from '../webhooks/webhook-receiver.service';
import { lockTiers } from '../tiers/tier-recompute';
import { parseShopPayload } from './payload';
import { emptyReport, ShopReport, ShopWriter, throwNamed } from './shop-writer';

export const WOOCOMMERCE_TOPICS = [
  'order.created',
  'customer.created',
  'customer.updated',
  'product.updated',
] as const;

type Json = Record<string, any>;

export interface WooCommerceHeaders {
  signature?: string;
  topic?: string;
  deliveryId?: string;
}

/** WooCommerce's ids are whole numbers; a guest order's customer_id is 0. */
function wooId(p: Problems, field: string, value: unknown): string | undefined {
  if (/^\d{1,20}$/.test(String(value)) && String(value) !== '0') return String(value);
  p.add(field, 'must be a WooCommerce id (a whole number)');
  return undefined;
}

/** WooCommerce's *_gmt fields are UTC without an offset ("2026-06-15T09:12:00"). */
function gmt(p: Problems, field: string, value: unknown): Date | null {
  if (value === undefined || value === null || value === '') return null;
  return (
    p.check(field, () =>
      parseInstant(/[zZ]|[+-]\d\d:?\d\d$/.test(String(value)) ? String(value) : `${value}Z`),
    ) ?? null
  );
}

const text = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));

/** A WooCommerce customer (REST v3): email, names, billing phone and country. No marketing consent in core. */
function mapCustomer(c: Json, billing: Json | undefined): CustomerInput {
  const input: CustomerInput = {
    firstName: text(c.first_name) ?? text(billing?.first_name) ?? '',
    lastName: text(c.last_name) ?? text(billing?.last_name) ?? '',
    email: text(c.email) ?? text(billing?.email),
    phone: text(billing?.phone),
    country: text(billing?.country),
  };
  for (const k of Object.keys(input) as (keyof CustomerInput)[]) if (input[k] === undefined) delete input[k];
  return input;
}

const CUSTOMER_FIELDS = {
  firstName: 'first_name',
  lastName: 'last_name',
  phone: 'billing.phone',
  country: 'billing.country',
};

/**
 * WooCommerce's webhooks (docs/shops.md#woocommerce): X-WC-Webhook-Signature over the raw body
 * with the woocommerce secret, once per X-WC-Webhook-Delivery-ID, REST v3 payloads mapped onto
 * customers, orders, products and stock.
 */
@Injectable()
export class WooCommerceWebhookService {
  constructor(
    private readonly receiver: WebhookReceiver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  /** WooCommerce pings a new webhook with `webhook_id=<n>` (form-encoded, unsigned): answered, nothing changes. */
  static isPing(body: unknown, topic: string | undefined): boolean {
    const keys = body && typeof body === 'object' ? Object.keys(body) : [];
    return !topic && keys.length === 1 && keys[0] === 'webhook_id';
  }

  async receive(raw: Buffer | undefined, h: WooCommerceHeaders): Promise<ShopReport | { duplicate: true }> {
    if (
      !raw ||
      !(await this.receiver.verify('woocommerce', h.signature, (s) => hmacSha256(s, raw, 'base64')))
    )
      throw new WebhookAuthError('Missing or wrong X-WC-Webhook-Signature.');
    const p = new Problems();
    const topic = h.topic?.trim() ?? '';
    if (!(WOOCOMMERCE_TOPICS as readonly string[]).includes(topic))
      p.add('X-WC-Webhook-Topic', `must be one of ${WOOCOMMERCE_TOPICS.join(', ')}`);
    if (!h.deliveryId?.trim()) p.add('X-WC-Webhook-Delivery-ID', 'is required');
    throwNamed(p, '');
    const body = parseShopPayload(raw);
    const delivery = await this.receiver.once('woocommerce', h.deliveryId!.trim(), async (m, now) => {
      // the tier lock before any row lock: orders recompute their customer's tier (docs/ingest.md#service-tiers)
      await lockTiers(m);
      const w = new ShopWriter(
        m,
        'woocommerce',
        withSettings(this.config, this.ownerSettings.get()),
        now,
        emptyReport(topic),
      );
      if (topic === 'order.created') await this.order(w, body);
      else if (topic === 'product.updated') await this.product(w, body);
      else await this.customer(w, body);
      return w.report;
    });
    return delivery.duplicate ? { duplicate: true } : delivery.result;
  }

  private async customer(w: ShopWriter, c: Json) {
    const p = new Problems();
    const id = wooId(p, 'id', c.id);
    const versionAt = gmt(p, 'date_modified_gmt', c.date_modified_gmt ?? c.date_created_gmt);
    throwNamed(p, '');
    await w.customer(id!, mapCustomer(c, c.billing), { versionAt, prefix: '', names: CUSTOMER_FIELDS });
  }

  private async order(w: ShopWriter, o: Json) {
    const p = new Problems();
    const id = wooId(p, 'id', o.id);
    const versionAt = gmt(p, 'date_modified_gmt', o.date_modified_gmt);
    const placedAt = gmt(p, 'date_created_gmt', o.date_paid_gmt ?? o.date_created_gmt);
    if (o.date_paid_gmt == null && o.date_created_gmt == null) p.add('date_created_gmt', 'is required');
    if (!Array.isArray(o.line_items)) p.add('line_items', 'must be a list');
    throwNamed(p, '');
    const lines = (o.line_items as Json[]).filter((l) => typeof l?.sku === 'string' && l.sku.trim());
    if (lines.length < o.line_items.length)
      w.report.skipped.push(`${o.line_items.length - lines.length} line(s) without SKU`);
    const customerId = String(o.customer_id ?? '0');
    const customer =
      customerId !== '0'
        ? await w.customer(customerId, mapCustomer({}, o.billing), {
            versionAt: null,
            prefix: 'billing.',
            names: {
              firstName: 'first_name',
              lastName: 'last_name',
              email: 'email',
              phone: 'phone',
              country: 'country',
            },
            createOnly: true,
          })
        : await w.customerByEmail(o.billing?.email);
    if (!customer) return void w.report.unknownCustomers.push(`order:${id}`);
    await w.order(
      id!,
      {
        placedAt: placedAt!.toISOString(),
        total: o.total,
        currency: o.currency,
        lines: lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity })),
      },
      customer.id,
      versionAt,
    );
  }

  /** A product (or a variation, which WooCommerce also sends as product.updated) by its SKU. */
  private async product(w: ShopWriter, prod: Json) {
    const p = new Problems();
    const id = wooId(p, 'id', prod.id);
    const versionAt = gmt(p, 'date_modified_gmt', prod.date_modified_gmt);
    const managed = prod.manage_stock === true;
    if (managed && !Number.isInteger(prod.stock_quantity)) p.add('stock_quantity', 'must be a whole number');
    throwNamed(p, '');
    if (typeof prod.sku !== 'string' || !prod.sku.trim())
      return void w.report.skipped.push(`product:${id} without SKU`);
    if (!(await w.records.isNews(`product:${id}`, versionAt)))
      return void w.report.stale.push(`product:${id}`);
    const product = await w.product(
      { sku: prod.sku, name: prod.name, price: text(prod.price), url: text(prod.permalink) },
      '',
    );
    if (managed) await w.stock(product.sku, prod.stock_quantity);
    await w.records.save(`product:${id}`, { versionAt });
  }
}
