import { EntityManager, IsNull } from 'typeorm';
import { AppConfig } from '@touchbase/config';
import { Customer, Product } from '@touchbase/store';
import { writeCustomer } from '../customer-writer';
import { writeOrder } from '../order.service';
import { recomputeTiers } from '../tiers/tier-recompute';
import { writeProduct } from '../product.service';
import { CustomerInput, normalizeCustomerInput } from '../normalize/customer';
import {
  normalizeOrderInput,
  normalizeProductInput,
  OrderInput,
  ProductInput,
} from '../normalize/order-product';
import { Problems } from '../normalize/problems';
import { ShopRecords, ShopSource } from './shop-records';
import { ValidationFailed } from '@touchbase/core';

/** What one delivery did, reported to the shop's log (and the tests): nothing is invented. */
export interface ShopReport {
  topic: string;
  applied: string[];
  stale: string[];
  unknownSkus: string[];
  unknownCustomers: string[];
  skipped: string[];
}

export function emptyReport(topic: string): ShopReport {
  return { topic, applied: [], stale: [], unknownSkus: [], unknownCustomers: [], skipped: [] };
}

/** Field problems named by the shop's own path (`customer.email`), so the shop's log says which. */
export function throwNamed(problems: Problems, prefix: string, names: Record<string, string> = {}): void {
  if (!problems.ok)
    throw new ValidationFailed(
      problems.list.map((p) => ({ field: `${prefix}${names[p.field] ?? p.field}`, problem: p.problem })),
    );
}

/**
 * Writes what a shop's webhooks say, in the caller's (the delivery's) transaction, through the
 * same writers as the API and the CSV import. Every object is applied only when its version is
 * newer than the last one applied, so retries, replays and out-of-order deliveries leave one
 * correct record.
 */
export class ShopWriter {
  readonly records: ShopRecords;

  constructor(
    private readonly m: EntityManager,
    readonly source: ShopSource,
    private readonly config: AppConfig,
    readonly now: Date,
    readonly report: ShopReport,
  ) {
    this.records = new ShopRecords(m, source);
  }

  /** The local customer linked to the shop's customer id (null when never seen). */
  async linkedCustomer(shopId: string): Promise<Customer | null> {
    const link = await this.records.get(`customer:${shopId}`);
    return link?.ref ? this.m.getRepository(Customer).findOneBy({ id: Number(link.ref) }) : null;
  }

  /**
   * Creates or updates the customer the shop calls `shopId`: linked before, else the customer with
   * the same email, else a new one with external id `<source>:<id>`. `createOnly`: an existing
   * customer is left as it is (an order's billing address is not the customer's newest data).
   */
  async customer(
    shopId: string,
    input: CustomerInput,
    opts: { versionAt: Date | null; prefix: string; names?: Record<string, string>; createOnly?: boolean },
  ): Promise<Customer | null> {
    const key = `customer:${shopId}`;
    const existing = await this.linkedCustomer(shopId);
    if (existing && (opts.createOnly || !(await this.records.isNews(key, opts.versionAt)))) {
      if (!opts.createOnly) this.report.stale.push(key);
      return existing;
    }
    const { patch, problems } = normalizeCustomerInput(input, {
      phoneRegion: this.config.business.phoneRegion,
      now: this.now,
      businessZone: this.config.business.timezone,
    });
    throwNamed(problems, opts.prefix, opts.names);
    const repo = this.m.getRepository(Customer);
    let target = existing;
    if (!target && patch.email)
      target = await repo.findOne({
        where: { email: patch.email, erasedAt: IsNull() },
        order: { id: 'ASC' },
      });
    if (target && opts.createOnly) {
      await this.records.save(key, { ref: String(target.id) });
      return target;
    }
    if (!target) patch.externalId = `${this.source}:${shopId}`;
    const r = await writeCustomer(this.m, target, patch, {
      source: this.source,
      now: this.now,
      secret: this.config.secret,
    });
    // their computed tier follows at once (the delivery took the tier lock first)
    await recomputeTiers(this.m, this.now, this.config.business.currency, [r.customer.id]);
    await this.records.save(key, { ref: String(r.customer.id), versionAt: opts.versionAt });
    this.report.applied.push(key);
    return r.customer;
  }

  /** A guest checkout's customer: only an existing one with this email (none is invented). */
  async customerByEmail(email: unknown): Promise<Customer | null> {
    if (typeof email !== 'string' || !email.trim()) return null;
    return this.m
      .getRepository(Customer)
      .findOne({ where: { email: email.trim().toLowerCase(), erasedAt: IsNull() }, order: { id: 'ASC' } });
  }

  /** Creates or updates the order; lines name SKUs as they are, unknown ones are reported. */
  async order(shopId: string, input: OrderInput, customerId: number, versionAt: Date | null): Promise<void> {
    const key = `order:${shopId}`;
    if (!(await this.records.isNews(key, versionAt))) return void this.report.stale.push(key);
    const { order, problems } = normalizeOrderInput(
      { ...input, externalId: `${this.source}:${shopId}`, customerId },
      this.config.business.currency,
    );
    throwNamed(problems, 'order.');
    const skus = [...new Set(order!.lines.map((l) => l.sku))];
    for (const sku of skus)
      if (!(await this.m.getRepository(Product).existsBy({ sku }))) this.report.unknownSkus.push(sku);
    await writeOrder(this.m, order!, customerId, this.now, this.config.business.currency);
    await this.records.save(key, { versionAt });
    this.report.applied.push(key);
  }

  /** Creates or updates a product by SKU (the shop's catalogue is the source of products). */
  async product(input: ProductInput, prefix: string): Promise<Product> {
    const { patch, problems } = normalizeProductInput(input, this.config.business.currency);
    throwNamed(problems, prefix);
    const r = await writeProduct(this.m, patch.sku!, patch, { now: this.now, source: 'webhook' });
    this.report.applied.push(`product:${patch.sku}`);
    return r.product;
  }

  /** Sets a known product's stock (a restock is recorded as for every source); unknown SKUs are reported. */
  async stock(sku: string, stock: number): Promise<void> {
    if (!(await this.m.getRepository(Product).existsBy({ sku })))
      return void this.report.unknownSkus.push(sku);
    await writeProduct(this.m, sku, { stock }, { now: this.now, source: 'webhook', mustExist: true });
    this.report.applied.push(`stock:${sku}`);
  }
}
