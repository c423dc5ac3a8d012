import { CustomerInput } from '../normalize/customer';
import { OrderInput, ProductInput } from '../normalize/order-product';
import { parseInstant } from '../normalize/fields';
import { Problems } from '../normalize/problems';

/**
 * Shopify's webhook payloads (REST Admin API shapes, see test/fixtures/shopify) mapped onto
 * Touchbase's inputs. Pure; every problem is named by Shopify's own field path.
 */

type Json = Record<string, any>;

export interface ShopifyAddress {
  phone?: string | null;
  country_code?: string | null;
}

export interface ShopifyCustomer {
  id?: number | string;
  email?: string | null;
  phone?: string | null;
  first_name?: string | null;
  last_name?: string | null;
  updated_at?: string | null;
  accepts_marketing?: boolean | null;
  email_marketing_consent?: { state?: string | null } | null;
  sms_marketing_consent?: { state?: string | null } | null;
  default_address?: ShopifyAddress | null;
  addresses?: ShopifyAddress[] | null;
}

/** Shopify's ids are 64-bit integers: kept as their decimal text, never as a JS number. */
export function shopifyId(p: Problems, field: string, value: unknown): string | undefined {
  if ((typeof value === 'number' && Number.isInteger(value) && value > 0) || /^\d{1,20}$/.test(String(value)))
    return String(typeof value === 'number' ? BigInt(value) : value);
  p.add(field, 'must be a Shopify id (a whole number)');
  return undefined;
}

export function versionOf(p: Problems, field: string, value: unknown): Date | null {
  if (value === undefined || value === null) return null;
  return p.check(field, () => parseInstant(String(value))) ?? null;
}

/** subscribed → yes; not_subscribed, unsubscribed, pending (double opt-in not confirmed), redacted → no. */
function consent(state: unknown, legacy?: unknown): boolean | undefined {
  if (typeof state === 'string') return state === 'subscribed';
  return typeof legacy === 'boolean' ? legacy : undefined;
}

const text = (v: unknown) => (v === undefined ? undefined : v === null ? null : String(v));

export function mapShopifyCustomer(c: ShopifyCustomer): CustomerInput {
  const address = c.default_address ?? c.addresses?.[0] ?? null;
  const input: CustomerInput = {
    firstName: text(c.first_name) ?? '',
    lastName: text(c.last_name) ?? '',
    email: text(c.email),
    phone: text(c.phone) ?? text(address?.phone) ?? undefined,
    country: address?.country_code ? String(address.country_code) : undefined,
    emailConsent: consent(c.email_marketing_consent?.state, c.accepts_marketing),
    smsConsent: consent(c.sms_marketing_consent?.state),
  };
  for (const k of Object.keys(input) as (keyof CustomerInput)[]) if (input[k] === undefined) delete input[k];
  return input;
}

/** Field names of CustomerInput as Shopify calls them (for 400s). */
export const SHOPIFY_CUSTOMER_FIELDS: Record<string, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  country: 'default_address.country_code',
  emailConsent: 'email_marketing_consent',
  smsConsent: 'sms_marketing_consent',
};

/** The order: shop money (total_price_set.shop_money, else total_price + currency), lines by SKU. */
export function mapShopifyOrder(o: Json, p: Problems): { input: OrderInput; linesWithoutSku: number } {
  const money = o.total_price_set?.shop_money;
  const lines = Array.isArray(o.line_items) ? o.line_items : [];
  if (!Array.isArray(o.line_items)) p.add('line_items', 'must be a list');
  const withSku = lines.filter((l: Json) => typeof l?.sku === 'string' && l.sku.trim());
  return {
    input: {
      placedAt: o.processed_at ?? o.created_at,
      total: money?.amount ?? o.total_price,
      currency: money?.currency_code ?? o.currency,
      lines: withSku.map((l: Json) => ({ sku: l.sku, name: l.name ?? l.title, quantity: l.quantity })),
    },
    linesWithoutSku: lines.length - withSku.length,
  };
}

export interface ShopifyVariant {
  sku: string;
  inventoryItemId: string | undefined;
  input: ProductInput;
}

/** One product per variant with a SKU ("Example T-Shirt – Small"); variants without one are counted. */
export function mapShopifyProduct(
  prod: Json,
  p: Problems,
): { variants: ShopifyVariant[]; withoutSku: number } {
  if (!Array.isArray(prod.variants)) {
    p.add('variants', 'must be a list');
    return { variants: [], withoutSku: 0 };
  }
  const variants: ShopifyVariant[] = [];
  let withoutSku = 0;
  prod.variants.forEach((v: Json, i: number) => {
    if (typeof v?.sku !== 'string' || !v.sku.trim()) return void withoutSku++;
    const title = String(prod.title ?? '').trim();
    const vt = typeof v.title === 'string' && v.title !== 'Default Title' ? v.title.trim() : '';
    variants.push({
      sku: v.sku,
      inventoryItemId:
        v.inventory_item_id == null
          ? undefined
          : shopifyId(p, `variants[${i}].inventory_item_id`, v.inventory_item_id),
      input: {
        sku: v.sku,
        name: vt && title ? `${title} – ${vt}` : title || vt,
        price: v.price ?? undefined,
      },
    });
  });
  return { variants, withoutSku };
}
