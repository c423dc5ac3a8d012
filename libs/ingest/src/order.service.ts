import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, Conflict, NotFound, ValidationFailed } from '@touchbase/core';
import { applySpendChanges, Customer, Order, orderSpendChanges } from '@touchbase/store';
import { WriteOutcome } from './customer-writer';
import { lockTiers, recomputeTiers } from './tiers/tier-recompute';
import { NormalizedOrder, normalizeOrderInput, OrderInput } from './normalize/order-product';
import { Page, pageBounds, PageQuery } from './paging';

export interface OrderWriteResult {
  order: Order;
  outcome: WriteOutcome;
}

/** Finds the order's customer by external id, email (case-insensitive) or id. */
export async function resolveOrderCustomer(
  m: EntityManager,
  ref: NormalizedOrder['customerRef'],
): Promise<Customer | null> {
  const repo = m.getRepository(Customer);
  if (ref.externalId) return repo.findOne({ where: { externalId: ref.externalId } });
  if (ref.email) return repo.findOne({ where: { email: ref.email }, order: { id: 'ASC' } });
  if (ref.id) return repo.findOne({ where: { id: ref.id } });
  return null;
}

function sameLines(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** Pure: the order row after applying `o`, or null when the stored one already says the same. */
export function planOrder(
  existing: Order | null,
  o: NormalizedOrder,
  customerId: number,
  now: Date,
): Order | null {
  if (
    existing &&
    existing.customerId === customerId &&
    existing.placedAt.getTime() === o.placedAt.getTime() &&
    existing.totalMinor === o.totalMinor &&
    existing.currency === o.currency &&
    sameLines(existing.lines, o.lines)
  )
    return null;
  const row = existing
    ? Object.assign(new Order(), existing)
    : Object.assign(new Order(), { externalId: o.externalId, createdAt: now });
  return Object.assign(row, {
    customerId,
    placedAt: o.placedAt,
    totalMinor: o.totalMinor,
    currency: o.currency,
    lines: o.lines,
  });
}

/**
 * Writes an order (insert, update or no-op) in the caller's transaction, and recomputes the
 * service tier of its customer (and of the one it moved from) there and then, set-based
 * (docs/ingest.md#service-tiers); `currency` is the business currency spend tiers count.
 */
export async function writeOrder(
  m: EntityManager,
  o: NormalizedOrder,
  customerId: number,
  now: Date,
  currency: string,
): Promise<OrderWriteResult> {
  const repo = m.getRepository(Order);
  const existing = await repo.findOne({ where: { externalId: o.externalId } });
  const row = planOrder(existing, o, customerId, now);
  if (!row) return { order: existing!, outcome: 'unchanged' };
  const before = existing && { ...existing };
  const order = await repo.save(row);
  await applySpendChanges(m, orderSpendChanges(before, order));
  const moved = before && before.customerId !== customerId ? [before.customerId] : [];
  await recomputeTiers(m, now, currency, [customerId, ...moved]);
  return { order, outcome: existing ? 'updated' : 'created' };
}

/** Orders: create, upsert by external id, read, list per customer, delete. */
@Injectable()
export class OrderService {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  normalize(input: OrderInput): NormalizedOrder {
    const { order, problems } = normalizeOrderInput(input, this.config.business.currency);
    problems.throwIfAny();
    return order!;
  }

  async create(input: OrderInput): Promise<OrderWriteResult> {
    const o = this.normalize(input);
    return this.ds.transaction(async (m) => {
      // the tier lock before any row lock: a concurrent full recompute cannot deadlock with us
      await lockTiers(m);
      if (await m.getRepository(Order).exists({ where: { externalId: o.externalId } }))
        throw new Conflict(
          `an order with externalId "${o.externalId}" already exists (use PUT /api/orders/by-external-id/… to upsert)`,
        );
      return writeOrder(m, o, await this.customerId(m, o), this.clock.now(), this.config.business.currency);
    });
  }

  async upsertByExternalId(externalId: string, input: OrderInput): Promise<OrderWriteResult> {
    const o = this.normalize({ ...input, externalId });
    return this.ds.transaction(async (m) => {
      await lockTiers(m);
      return writeOrder(m, o, await this.customerId(m, o), this.clock.now(), this.config.business.currency);
    });
  }

  private async customerId(m: EntityManager, o: NormalizedOrder): Promise<number> {
    const c = await resolveOrderCustomer(m, o.customerRef);
    if (!c) {
      const [field, value] = Object.entries(o.customerRef)[0] ?? ['customerExternalId', ''];
      const name =
        field === 'externalId' ? 'customerExternalId' : field === 'email' ? 'customerEmail' : 'customerId';
      throw new ValidationFailed([{ field: name, problem: `no customer with ${field} "${value}"` }]);
    }
    return c.id;
  }

  async get(id: number): Promise<Order> {
    const o = await this.orders.findOne({ where: { id } });
    if (!o) throw new NotFound(`no order with id ${id}`);
    return o;
  }

  async getByExternalId(externalId: string): Promise<Order> {
    const o = await this.orders.findOne({ where: { externalId } });
    if (!o) throw new NotFound(`no order with externalId "${externalId}"`);
    return o;
  }

  /** Newest first; optionally one customer's orders, or searched by external id. */
  async list(query: PageQuery & { customerId?: number }): Promise<Page<Order>> {
    const { limit, offset } = pageBounds(query);
    const qb = this.orders
      .createQueryBuilder('o')
      .orderBy('o.placedAt', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .take(limit)
      .skip(offset);
    if (query.customerId) qb.andWhere('o.customer_id = :cid', { cid: query.customerId });
    if (query.q?.trim()) qb.andWhere('o.external_id = :q', { q: query.q.trim() });
    const [items, total] = await qb.getManyAndCount();
    return { items, total, limit, offset };
  }

  /** Deletes the order, its share of the customer's 12-month spend, and recomputes their tier, in one transaction. */
  async delete(id: number): Promise<void> {
    await this.ds.transaction(async (m) => {
      await lockTiers(m);
      const o = await m.getRepository(Order).findOne({ where: { id } });
      if (!o) throw new NotFound(`no order with id ${id}`);
      await m.getRepository(Order).delete({ id });
      await applySpendChanges(m, orderSpendChanges(o, null));
      await recomputeTiers(m, this.clock.now(), this.config.business.currency, [o.customerId]);
    });
  }
}
