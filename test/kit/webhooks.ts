import { createHmac } from 'node:crypto';
import type { TestEngine } from './engine';

export const INVENTORY_TEST_SECRET = 'inventory-test-secret-0123456789';
export const SHOPIFY_TEST_SECRET = 'shopify-test-secret-0123456789ab';
export const WOOCOMMERCE_TEST_SECRET = 'woocommerce-test-secret-01234567';

/** Engine env with a default secret per webhook source (the owner may replace them in the app). */
export const WEBHOOK_TEST_ENV = {
  INVENTORY_WEBHOOK_SECRET: INVENTORY_TEST_SECRET,
  SHOPIFY_WEBHOOK_SECRET: SHOPIFY_TEST_SECRET,
  WOOCOMMERCE_WEBHOOK_SECRET: WOOCOMMERCE_TEST_SECRET,
};

export interface Sent {
  status: number;
  body: any;
}

async function post(engine: TestEngine, path: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${engine.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed } as Sent;
}

/** POST /webhooks/inventory signed as docs/shops.md#inventory-webhook says (timestamp = the engine's clock). */
export function postInventory(
  engine: TestEngine,
  payload: unknown,
  opts: { secret?: string; timestamp?: number; signature?: string } = {},
): Promise<Sent> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const ts = String(opts.timestamp ?? Math.floor(engine.clock.now().getTime() / 1000));
  const sig =
    opts.signature ??
    'sha256=' +
      createHmac('sha256', opts.secret ?? INVENTORY_TEST_SECRET)
        .update(`${ts}.${body}`)
        .digest('hex');
  return post(engine, '/webhooks/inventory', body, {
    'x-touchbase-timestamp': ts,
    'x-touchbase-signature': sig,
  });
}

const base64Hmac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(body).digest('base64');

/** A Shopify delivery: X-Shopify-Hmac-Sha256 over the raw body, topic and webhook id headers. */
export function postShopify(
  engine: TestEngine,
  topic: string,
  payload: unknown,
  opts: { webhookId?: string; secret?: string; hmac?: string } = {},
): Promise<Sent> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return post(engine, '/webhooks/shopify', body, {
    'x-shopify-topic': topic,
    'x-shopify-hmac-sha256': opts.hmac ?? base64Hmac(opts.secret ?? SHOPIFY_TEST_SECRET, body),
    'x-shopify-shop-domain': 'touchbase-test.myshopify.com',
    'x-shopify-api-version': '2025-07',
    'x-shopify-webhook-id': opts.webhookId ?? `wh-${Math.random().toString(36).slice(2)}`,
    'x-shopify-triggered-at': engine.clock.now().toISOString(),
  });
}

/** A WooCommerce delivery: X-WC-Webhook-Signature over the raw body, topic and delivery id headers. */
export function postWooCommerce(
  engine: TestEngine,
  topic: string,
  payload: unknown,
  opts: { deliveryId?: string; secret?: string; signature?: string } = {},
): Promise<Sent> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const [resource, event] = topic.split('.');
  return post(engine, '/webhooks/woocommerce', body, {
    'x-wc-webhook-source': 'https://shop.example.test/',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-resource': resource,
    'x-wc-webhook-event': event,
    'x-wc-webhook-signature': opts.signature ?? base64Hmac(opts.secret ?? WOOCOMMERCE_TEST_SECRET, body),
    'x-wc-webhook-id': '7',
    'x-wc-webhook-delivery-id': opts.deliveryId ?? String(Math.floor(Math.random() * 1e9)),
  });
}
