import { DataSource } from 'typeorm';
import { applySpendChanges, Order, orderSpendChanges } from '@touchbase/store';

let orderSeq = 0;

/** An order straight in the store, as the product writes one: with its 12-month spend, in one transaction. */
export async function makeOrder(
  ds: DataSource,
  customerId: number,
  placedAt: Date,
  totalMinor: number,
  currency = 'EUR',
): Promise<Order> {
  return ds.transaction(async (m) => {
    const repo = m.getRepository(Order);
    const order = await repo.save(
      repo.create({
        externalId: `o-${++orderSeq}-${Math.random().toString(36).slice(2, 8)}`,
        customerId,
        placedAt,
        totalMinor,
        currency,
        lines: [],
        createdAt: placedAt,
      }),
    );
    await applySpendChanges(m, orderSpendChanges(null, order));
    return order;
  });
}
