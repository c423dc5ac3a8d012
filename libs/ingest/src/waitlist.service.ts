import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Clock, NotFound, ValidationFailed } from '@touchbase/core';
import { Customer, Product, WaitlistEntry } from '@touchbase/store';
import { Page, pageBounds, PageQuery } from './paging';
import { WaitlistPlace, waitingCounts, waitlistPlaces } from './waitlist-places';

export interface WaitlistInput {
  customerId?: number;
  customerExternalId?: string;
  productId?: number;
  sku?: string;
}

export const WAITLIST_STATUSES = ['waiting', 'notified', 'removed'] as const;

/** Customers who asked to be told when a product is back in stock, in the order they asked. */
@Injectable()
export class WaitlistService {
  constructor(
    @InjectRepository(WaitlistEntry) private readonly entries: Repository<WaitlistEntry>,
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  /** Adds the customer to the product's waitlist; asking again keeps their original place. */
  async add(input: WaitlistInput): Promise<{ entry: WaitlistEntry; created: boolean }> {
    return this.ds.transaction(async (m) => {
      const customer = input.customerId
        ? await m.getRepository(Customer).findOne({ where: { id: input.customerId } })
        : input.customerExternalId
          ? await m.getRepository(Customer).findOne({ where: { externalId: input.customerExternalId } })
          : undefined;
      const product = input.productId
        ? await m.getRepository(Product).findOne({ where: { id: input.productId } })
        : input.sku
          ? await m.getRepository(Product).findOne({ where: { sku: input.sku } })
          : undefined;
      const problems = [];
      if (customer === undefined)
        problems.push({
          field: 'customerId',
          problem: 'name the customer by customerId or customerExternalId',
        });
      else if (!customer)
        problems.push({
          field: input.customerId ? 'customerId' : 'customerExternalId',
          problem: 'no such customer',
        });
      if (product === undefined)
        problems.push({ field: 'sku', problem: 'name the product by sku or productId' });
      else if (!product)
        problems.push({ field: input.productId ? 'productId' : 'sku', problem: 'no such product' });
      if (problems.length) throw new ValidationFailed(problems);
      const repo = m.getRepository(WaitlistEntry);
      const existing = await repo.findOne({ where: { customerId: customer!.id, productId: product!.id } });
      if (existing) {
        if (existing.status === 'removed') {
          existing.status = 'waiting';
          existing.notifiedRestockId = null;
          existing.joinedAt = this.clock.now();
          return { entry: await repo.save(existing), created: true };
        }
        return { entry: existing, created: false };
      }
      const entry = await repo.save(
        repo.create({
          customerId: customer!.id,
          productId: product!.id,
          joinedAt: this.clock.now(),
          status: 'waiting',
          notifiedRestockId: null,
        }),
      );
      return { entry, created: true };
    });
  }

  async get(id: number): Promise<WaitlistEntry> {
    const e = await this.entries.findOne({ where: { id } });
    if (!e) throw new NotFound(`no waitlist entry with id ${id}`);
    return e;
  }

  /** Entries in waitlist order (who asked first), filtered by product, customer or status. */
  async list(
    query: PageQuery & { sku?: string; customerId?: number; status?: string },
  ): Promise<Page<WaitlistEntry>> {
    const { limit, offset } = pageBounds(query);
    const qb = this.entries
      .createQueryBuilder('w')
      .orderBy('w.joinedAt', 'ASC')
      .addOrderBy('w.id', 'ASC')
      .take(limit)
      .skip(offset);
    if (query.sku) {
      const p = await this.ds.getRepository(Product).findOne({ where: { sku: query.sku } });
      if (!p) throw new NotFound(`no product with sku "${query.sku}"`);
      qb.andWhere('w.product_id = :pid', { pid: p.id });
    }
    if (query.customerId) qb.andWhere('w.customer_id = :cid', { cid: query.customerId });
    if (query.status) qb.andWhere('w.status = :st', { st: query.status });
    const [items, total] = await qb.getManyAndCount();
    return { items, total, limit, offset };
  }

  /** The waiting places in the order the rule tells them, for one product (by SKU) or all. */
  async places(query: PageQuery & { sku?: string }): Promise<Page<WaitlistPlace>> {
    let productId: number | undefined;
    if (query.sku) {
      const p = await this.ds.getRepository(Product).findOne({ where: { sku: query.sku } });
      if (!p) throw new NotFound(`no product with sku "${query.sku}"`);
      productId = p.id;
    }
    return waitlistPlaces(this.ds.manager, { ...query, productId });
  }

  /** How many customers wait for each of these products. */
  waitingCounts(productIds: number[]): Promise<Map<number, number>> {
    return waitingCounts(this.ds.manager, productIds);
  }

  async delete(id: number): Promise<void> {
    const res = await this.entries.delete({ id });
    if (!res.affected) throw new NotFound(`no waitlist entry with id ${id}`);
  }
}
