import { AppConfig, parseSetting } from '@touchbase/config';
import { readState } from './engine-state.store';
import { settingStateKey } from './settings.service';
import type { Db } from './sql/dialect';

/** Where demo products live when no shop address is set (a reserved example domain, never Touchbase). */
export const DEMO_SHOP_URL = 'https://shop.example.com';

/**
 * The shop's own web address (the settings page's `shopUrl`, SHOP_URL by default) without a
 * trailing slash, or null when none is set. Read from `db` itself, so a tick or a preview's
 * sandbox sees the value as of its own transaction: a product without its own URL links here
 * in messages, never to Touchbase's sign-in page (docs/ingest.md#products).
 */
export async function shopAddress(db: Db, config: Pick<AppConfig, 'settings'>): Promise<string | null> {
  const own = await readState(db, settingStateKey('shopUrl'));
  const parsed = own === null ? null : parseSetting('shopUrl', own);
  const value = parsed?.ok ? parsed.text : config.settings.shopUrl;
  return value ? value.replace(/\/+$/, '') : null;
}

/** A product's page on the shop: `<shop>/products/<sku in lower case>`. */
export function productPageUrl(shop: string, sku: string): string {
  return `${shop}/products/${encodeURIComponent(sku.toLowerCase())}`;
}
