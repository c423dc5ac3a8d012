import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, Conflict, NotFound, ValidationFailed } from '@touchbase/core';
import { isPostgres, Product, RestockEvent, WaitlistEntry } from '@touchbase/store';
import { WriteOutcome } from './customer-writer';
import { normalizeIdentifier, parseInteger } from './normalize/fields';
import { normalizeProductInput, ProductInput, ProductPatch } from './normalize/order-product';
import { LocalReading } from './normalize/local-reading';
import { fieldProblem } from './normalize/problem-texts';
import { likePattern, Page, pageBounds, PageQuery } from './paging';

export type RestockSource = 'api' | 'import' | 'webhook' | 'demo' | 'web';

export interface ProductWriteResult {
  product: Product;
  outcome: WriteOutcome;
  /** Set when this write took stock from ≤ 0 to > 0. */
  restock: RestockEvent | null;
}

const FIELDS = ['name', 'priceMinor', 'currency', 'url'] as const;

/** A planned product write: the product as it will be and the columns that change. */
export interface ProductPlan {
  product: Product;
  changed: (keyof Product & string)[];
  /** The stock before this write (0 for a new product). */
  previousStock: number;
}

/**
 * Pure: what applying a normalized patch to a stored product (or a new one) does; null when it
 * changes nothing. A new product needs a name.
 */
export function planProduct(
  existing: Product | null,
  sku: string,
  patch: ProductPatch,
  now: Date,
): ProductPlan | null {
  if (!existing && !patch.name) throw new ValidationFailed([fieldProblem('name', 'newProductName')]);
  const p = existing
    ? Object.assign(new Product(), existing)
    : Object.assign(new Product(), { sku, stock: 0, priceMinor: null, currency: null, url: null });
  const changed: (keyof Product & string)[] = existing
    ? []
    : ['sku', 'stock', 'priceMinor', 'currency', 'url'];
  const set = <K extends keyof Product & string>(k: K, v: Product[K]) => {
    p[k] = v;
    if (!changed.includes(k)) changed.push(k);
  };
  for (const f of FIELDS) if (patch[f] !== undefined && p[f] !== patch[f]) set(f, patch[f] as never);
  const previousStock = existing ? existing.stock : 0;
  if (patch.stock !== undefined && (patch.stock !== p.stock || !existing)) set('stock', patch.stock);
  if (existing && !changed.length) return null;
  set('updatedAt', now);
  if (!existing) set('createdAt', now);
  return { product: p, changed, previousStock };
}

/** True when this write takes stock from ≤ 0 to > 0 (back_in_stock touches are keyed on it). */
export function isRestock(existing: Product | null, plan: ProductPlan): boolean {
  return !!existing && plan.previousStock <= 0 && plan.product.stock > 0;
}

/**
 * Applies a product patch in the caller's transaction. A stock change from ≤ 0 to > 0 records a
 * RestockEvent in the same transaction (back_in_stock touches are keyed on it).
 */
export async function writeProduct(
  m: EntityManager,
  sku: string,
  patch: ProductPatch,
  opts: { now: Date; source: RestockSource; mustExist?: boolean },
): Promise<ProductWriteResult> {
  const repo = m.getRepository(Product);
  const existing = await repo.findOne({
    where: { sku },
    ...(isPostgres(m) ? { lock: { mode: 'pessimistic_write' as const } } : {}),
  });
  if (!existing && opts.mustExist) throw new NotFound(`no product with sku "${sku}"`);
  const plan = planProduct(existing, sku, patch, opts.now);
  if (!plan) return { product: existing!, outcome: 'unchanged', restock: null };
  const saved = await repo.save(plan.product);
  let restock: RestockEvent | null = null;
  if (isRestock(existing, plan)) {
    restock = await m
      .getRepository(RestockEvent)
      .save(m.getRepository(RestockEvent).create(restockOf(saved.id, plan, opts)));
  }
  return { product: saved, outcome: existing ? 'updated' : 'created', restock };
}

/** The restock event of a planned write. */
export function restockOf(
  productId: number,
  plan: ProductPlan,
  opts: { now: Date; source: RestockSource },
): Omit<RestockEvent, 'id'> {
  return {
    productId,
    previousStock: plan.previousStock,
    newStock: plan.product.stock,
    source: opts.source,
    occurredAt: opts.now,
    processedAt: null,
  };
}

/** Products and their stock levels. */
@Injectable()
export class ProductService {
  constructor(
    @InjectRepository(Product) private readonly products: Repository<Product>,
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `reading`: a form in the user's language (a price written `12,90` in German). */
  normalize(input: ProductInput, reading?: LocalReading): ProductPatch {
    const { patch, problems } = normalizeProductInput(input, this.config.business.currency, reading);
    problems.throwIfAny();
    return patch;
  }

  async create(
    input: ProductInput,
    source: RestockSource = 'api',
    reading?: LocalReading,
  ): Promise<ProductWriteResult> {
    const patch = this.normalize(input, reading);
    if (!patch.sku) throw new ValidationFailed([fieldProblem('sku', 'required')]);
    return this.ds.transaction(async (m) => {
      if (await m.getRepository(Product).exists({ where: { sku: patch.sku! } }))
        throw new Conflict(
          `a product with sku "${patch.sku}" already exists (use PUT /api/products/${encodeURIComponent(patch.sku!)} to upsert)`,
        );
      return writeProduct(m, patch.sku!, patch, { now: this.clock.now(), source });
    });
  }

  /** Creates or updates the product with this SKU (the SKU is its external id). */
  async upsertBySku(
    sku: string,
    input: ProductInput,
    source: RestockSource = 'api',
    reading?: LocalReading,
  ): Promise<ProductWriteResult> {
    const patch = this.normalize({ ...input, sku }, reading);
    return this.ds.transaction((m) => writeProduct(m, patch.sku!, patch, { now: this.clock.now(), source }));
  }

  /** Changes an existing product (404 when there is none; the web form edits, never creates). */
  async update(
    sku: string,
    input: ProductInput,
    source: RestockSource = 'web',
    reading?: LocalReading,
  ): Promise<ProductWriteResult> {
    const patch = this.normalize({ ...input, sku }, reading);
    return this.ds.transaction((m) =>
      writeProduct(m, patch.sku!, patch, { now: this.clock.now(), source, mustExist: true }),
    );
  }

  /** Sets the stock level; crossing from ≤ 0 to > 0 records a restock in the same transaction. */
  async setStock(
    sku: string,
    stock: number | string,
    source: RestockSource = 'api',
  ): Promise<ProductWriteResult> {
    let value: number;
    try {
      value = parseInteger(stock, -1_000_000, 1_000_000_000);
    } catch (e) {
      throw new ValidationFailed([{ field: 'stock', problem: (e as Error).message }]);
    }
    const key = normalizeIdentifier(sku);
    return this.ds.transaction((m) =>
      writeProduct(m, key, { stock: value }, { now: this.clock.now(), source, mustExist: true }),
    );
  }

  async get(sku: string): Promise<Product> {
    const p = await this.products.findOne({ where: { sku } });
    if (!p) throw new NotFound(`no product with sku "${sku}"`);
    return p;
  }

  async list(query: PageQuery & { outOfStock?: boolean }): Promise<Page<Product>> {
    const { limit, offset } = pageBounds(query);
    const qb = this.products.createQueryBuilder('p').orderBy('p.sku', 'ASC').take(limit).skip(offset);
    if (query.q?.trim())
      qb.andWhere(`(LOWER(p.name) LIKE :p ESCAPE '\\' OR LOWER(p.sku) LIKE :p ESCAPE '\\')`, {
        p: likePattern(query.q),
      });
    if (query.outOfStock) qb.andWhere('p.stock <= 0');
    const [items, total] = await qb.getManyAndCount();
    return { items, total, limit, offset };
  }

  /** Restock events of a product, newest first. */
  async restocks(sku: string): Promise<RestockEvent[]> {
    const p = await this.get(sku);
    return this.ds
      .getRepository(RestockEvent)
      .find({ where: { productId: p.id }, order: { occurredAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  async delete(sku: string): Promise<void> {
    await this.ds.transaction(async (m) => {
      const p = await m.getRepository(Product).findOne({ where: { sku } });
      if (!p) throw new NotFound(`no product with sku "${sku}"`);
      await m.getRepository(WaitlistEntry).delete({ productId: p.id });
      await m.getRepository(Product).delete({ id: p.id });
    });
  }
}
