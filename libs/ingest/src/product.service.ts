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
  if (!existing && !patch.name) throw new ValidationFailed([fieldProblem('name', 'newProductName')]);
  const p = existing
    ? Object.assign(repo.create(), existing)
    : repo.create({ sku, stock: 0, priceMinor: null, currency: null, url: null });
  let changed = !existing;
  for (const f of FIELDS) {
    if (patch[f] === undefined || (p as any)[f] === patch[f]) continue;
    (p as any)[f] = patch[f];
    changed = true;
  }
  const previousStock = existing ? existing.stock : 0;
  if (patch.stock !== undefined && (patch.stock !== p.stock || !existing)) {
    p.stock = patch.stock;
    changed = true;
  }
  if (!changed) return { product: existing!, outcome: 'unchanged', restock: null };
  p.updatedAt = opts.now;
  if (!existing) p.createdAt = opts.now;
  const saved = await repo.save(p);
  let restock: RestockEvent | null = null;
  if (existing && previousStock <= 0 && saved.stock > 0) {
    restock = await m.getRepository(RestockEvent).save(
      m.getRepository(RestockEvent).create({
        productId: saved.id,
        previousStock,
        newStock: saved.stock,
        source: opts.source,
        occurredAt: opts.now,
        processedAt: null,
      }),
    );
  }
  return { product: saved, outcome: existing ? 'updated' : 'created', restock };
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
