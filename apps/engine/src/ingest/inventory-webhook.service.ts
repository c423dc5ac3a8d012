import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { IngestNotFoundError, IngestValidationError, ProductService } from '@touchbase/ingest';

export function inventorySignature(secret: string, body: Buffer | string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

interface StockItem {
  sku: string;
  stock: number;
}

/** The shop system's stock webhook: signature check over the raw body, then stock updates. */
@Injectable()
export class InventoryWebhookService {
  constructor(
    private readonly products: ProductService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  verify(raw: Buffer, signature: string | undefined): boolean {
    if (!signature) return false;
    const expected = Buffer.from(inventorySignature(this.config.secret, raw));
    const given = Buffer.from(
      signature.trim().startsWith('sha256=') ? signature.trim() : `sha256=${signature.trim()}`,
    );
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /** Accepts { sku, stock } or { items: [{ sku, stock }, …] }; unknown SKUs are reported, not created. */
  async apply(raw: Buffer) {
    const items = this.parse(raw);
    const updated: { sku: string; stock: number; restocked: boolean }[] = [];
    const unknownSkus: string[] = [];
    for (const item of items) {
      try {
        const r = await this.products.setStock(item.sku, item.stock, 'webhook');
        updated.push({ sku: item.sku, stock: r.product.stock, restocked: !!r.restock });
      } catch (e) {
        if (e instanceof IngestNotFoundError) unknownSkus.push(item.sku);
        else throw e;
      }
    }
    return { updated, unknownSkus };
  }

  private parse(raw: Buffer): StockItem[] {
    let body: unknown;
    try {
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new IngestValidationError([{ field: 'body', problem: 'must be JSON' }]);
    }
    const list = Array.isArray((body as { items?: unknown })?.items)
      ? (body as { items: unknown[] }).items
      : [body];
    const problems: { field: string; problem: string }[] = [];
    list.forEach((it, i) => {
      const o = it as Partial<StockItem>;
      if (typeof o?.sku !== 'string' || !o.sku.trim())
        problems.push({ field: `items[${i}].sku`, problem: 'must be a non-empty string' });
      if (!Number.isInteger(o?.stock))
        problems.push({ field: `items[${i}].stock`, problem: 'must be a whole number' });
    });
    if (!list.length) problems.push({ field: 'items', problem: 'must list at least one { sku, stock }' });
    if (problems.length) throw new IngestValidationError(problems);
    return list as StockItem[];
  }
}
