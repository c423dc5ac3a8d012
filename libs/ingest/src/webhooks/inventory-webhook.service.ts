import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { In } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, Conflict, ValidationFailed } from '@touchbase/core';
import { Product } from '@touchbase/store';
import { writeProduct } from '../product.service';
import { normalizeIdentifier, parseInteger } from '../normalize/fields';
import { Problems } from '../normalize/problems';
import { inventorySignature } from './signatures';
import { WebhookReceiver } from './webhook-receiver.service';

interface StockItem {
  sku: string;
  stock: number;
}

export interface InventoryResult {
  updated: { sku: string; stock: number; restocked: boolean }[];
  unknownSkus: string[];
}

/** A delivery refused before anything is read from it: 401, nothing changes. */
export class WebhookAuthError extends UnauthorizedException {}

/**
 * The shop system's stock webhook (docs/shops.md#inventory-webhook): signed over timestamp and
 * body with the inventory secret, refused when older than WEBHOOK_TOLERANCE_SECONDS or already
 * seen, validated whole and applied in one transaction.
 */
@Injectable()
export class InventoryWebhookService {
  constructor(
    private readonly receiver: WebhookReceiver,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async receive(
    raw: Buffer | undefined,
    headers: { signature?: string; timestamp?: string },
  ): Promise<InventoryResult> {
    const ts = headers.timestamp?.trim() ?? '';
    if (!raw || !/^\d{1,12}$/.test(ts)) throw new WebhookAuthError('Missing X-Touchbase-Timestamp.');
    const signature = headers.signature?.trim().replace(/^(?!sha256=)/, 'sha256=');
    if (!(await this.receiver.verify('inventory', signature, (s) => inventorySignature(s, ts, raw))))
      throw new WebhookAuthError('Missing or wrong X-Touchbase-Signature.');
    const age = this.clock.now().getTime() / 1000 - Number(ts);
    if (Math.abs(age) > this.config.webhooks.toleranceSeconds)
      throw new WebhookAuthError(
        `X-Touchbase-Timestamp is more than ${this.config.webhooks.toleranceSeconds} s away from now.`,
      );
    const { eventId, items } = parseInventory(raw);
    const delivery = await this.receiver.once('inventory', eventId ?? signature!, (m, now) =>
      apply(m, items, now),
    );
    if (delivery.duplicate) throw new Conflict('this delivery was already processed');
    return delivery.result;
  }
}

async function apply(m: import('typeorm').EntityManager, items: StockItem[], now: Date) {
  const known = new Set(
    (
      await m
        .getRepository(Product)
        .find({ where: { sku: In(items.map((i) => i.sku)) }, select: { sku: true } })
    ).map((p) => p.sku),
  );
  const result: InventoryResult = { updated: [], unknownSkus: [] };
  for (const item of items) {
    if (!known.has(item.sku)) {
      result.unknownSkus.push(item.sku);
      continue;
    }
    const r = await writeProduct(
      m,
      item.sku,
      { stock: item.stock },
      { now, source: 'webhook', mustExist: true },
    );
    result.updated.push({ sku: item.sku, stock: r.product.stock, restocked: !!r.restock });
  }
  return result;
}

/** `{ sku, stock }` or `{ eventId?, items: [{ sku, stock }, …] }`; every problem is named at once. */
export function parseInventory(raw: Buffer): { eventId?: string; items: StockItem[] } {
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationFailed([{ field: 'body', problem: 'must be JSON' }]);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new ValidationFailed([{ field: 'body', problem: 'must be a JSON object' }]);
  const o = body as { items?: unknown; eventId?: unknown };
  const p = new Problems();
  const eventId =
    o.eventId === undefined
      ? undefined
      : p.check('eventId', () => normalizeIdentifier(String(o.eventId), 200));
  const list: unknown[] = Array.isArray(o.items) ? o.items : o.items !== undefined ? [] : [body];
  if (!list.length) p.add('items', 'must list at least one { sku, stock }');
  if (list.length > 10_000) p.add('items', 'must list at most 10000 items');
  const items = list.slice(0, 10_000).map((it, i) => {
    const x = (it ?? {}) as { sku?: unknown; stock?: unknown };
    const sku = p.check(`items[${i}].sku`, () => normalizeIdentifier(String(x.sku ?? '')));
    const stock = p.check(`items[${i}].stock`, () => {
      if (!Number.isInteger(x.stock)) throw new Error('must be a whole number');
      return parseInteger(x.stock as number, -1_000_000, 1_000_000_000);
    });
    return { sku: sku!, stock: stock! };
  });
  p.throwIfAny();
  return { eventId, items };
}
