import { And, EntityManager, Like, MoreThan } from 'typeorm';
import { ShopRecord } from '@touchbase/store';

export type ShopSource = 'shopify' | 'woocommerce';

/**
 * The per-object state a shop webhook leaves (table shop_records, owned here): the sender's
 * `updated_at` of the last applied payload, links to local records, stock per location.
 */
export class ShopRecords {
  constructor(
    private readonly m: EntityManager,
    private readonly source: ShopSource,
  ) {}

  get(key: string): Promise<ShopRecord | null> {
    return this.m.getRepository(ShopRecord).findOneBy({ source: this.source, recordKey: key });
  }

  /**
   * True when a payload of this version is news: none seen yet, or newer than the last applied.
   * An equal or older one is a retry, a replay or arrived out of order, and changes nothing.
   */
  async isNews(key: string, versionAt: Date | null): Promise<boolean> {
    const r = await this.get(key);
    return !r?.versionAt || !versionAt || versionAt > r.versionAt;
  }

  async save(
    key: string,
    values: Partial<Pick<ShopRecord, 'ref' | 'quantity' | 'versionAt'>>,
  ): Promise<void> {
    const repo = this.m.getRepository(ShopRecord);
    const r =
      (await this.get(key)) ??
      repo.create({ source: this.source, recordKey: key, ref: null, quantity: null, versionAt: null });
    for (const [k, v] of Object.entries(values)) if (v !== undefined) (r as any)[k] = v;
    await repo.save(r);
  }

  /** How many keys start with `prefix` and the sum of their quantities (stock over all locations). */
  async total(prefix: string): Promise<{ count: number; sum: number }> {
    const rows = await this.m
      .getRepository(ShopRecord)
      .find({ where: { source: this.source, recordKey: Like(`${prefix}%`) }, select: { quantity: true } });
    return { count: rows.length, sum: rows.reduce((sum, r) => sum + (r.quantity ?? 0), 0) };
  }

  /** The local ids linked to the shop's customers, a page at a time (shop/redact). */
  async customerRefs(afterKey: string, limit: number): Promise<{ key: string; ref: string | null }[]> {
    const rows = await this.m.getRepository(ShopRecord).find({
      where: { source: this.source, recordKey: And(Like('customer:%'), MoreThan(afterKey)) },
      order: { recordKey: 'ASC' },
      take: limit,
      select: { recordKey: true, ref: true },
    });
    return rows.map((r) => ({ key: r.recordKey, ref: r.ref }));
  }
}
