import { ValidationFailed } from '@touchbase/core';
import {
  applySpendChanges,
  Customer,
  Order,
  orderSpendChanges,
  Product,
  RestockEvent,
  RowUpdate,
  tableRows,
} from '@touchbase/store';
import { normalizeOrderInput, normalizeProductInput } from '../normalize/order-product';
import { fieldProblem } from '../normalize/problem-texts';
import { planOrder } from '../order.service';
import { isRestock, planProduct, ProductPlan, restockOf } from '../product.service';
import type { BatchWriter, RowResult } from './row-writers';

const ORDER_COLUMNS = ['customerId', 'placedAt', 'totalMinor', 'currency', 'lines'] as const;

/**
 * Orders of one batch, in file order (docs/import.md#speed): one lookup for the customers named
 * (by external id or email) and one for the orders already stored; then updates and new rows.
 */
export const writeOrderRows: BatchWriter = async (m, rows, ctx) => {
  const normalized = rows.map((r) => ({
    row: r,
    ...normalizeOrderInput(r.values, ctx.currency, ctx.reading),
  }));
  const ok = normalized.filter((n) => n.order).map((n) => n.order!);
  const custExt = [...new Set(ok.map((o) => o.customerRef.externalId).filter((v): v is string => !!v))];
  const custEmail = [...new Set(ok.map((o) => o.customerRef.email).filter((v): v is string => !!v))];
  const customers = tableRows(m, Customer);
  const byExt = new Map(
    (await customers.whereIn('externalId', custExt, { pick: ['id', 'externalId'] })).map((c) => [
      c.externalId!,
      c.id,
    ]),
  );
  // the oldest customer with the email, as the API resolves it
  const byEmail = new Map<string, number>();
  for (const c of await customers.whereIn('email', custEmail, { pick: ['id', 'email'] }))
    if (!byEmail.has(c.email!)) byEmail.set(c.email!, c.id);
  const orders = tableRows(m, Order);
  const ids = [...new Set(ok.map((o) => o.externalId))];
  const stored = new Map((await orders.whereIn('externalId', ids)).map((o) => [o.externalId, o]));
  const before = new Map(stored);

  const pending = new Map<string, Order>();
  const updates = new Map<number, RowUpdate<Order>>();
  const results: RowResult[] = [];
  for (const n of normalized) {
    const order = n.order;
    if (!order) {
      results.push({ line: n.row.line, problems: n.problems.list });
      continue;
    }
    const ref = order.customerRef;
    const customerId = ref.externalId
      ? byExt.get(ref.externalId)
      : ref.email
        ? byEmail.get(ref.email)
        : undefined;
    if (!customerId) {
      const field = ref.externalId ? 'customerExternalId' : 'customerEmail';
      results.push({
        line: n.row.line,
        problems: [fieldProblem(field, 'noCustomer', { ref: String(ref.externalId ?? ref.email) })],
      });
      continue;
    }
    const existing = pending.get(order.externalId) ?? stored.get(order.externalId) ?? null;
    const row = planOrder(existing, order, customerId, ctx.now);
    if (!row) results.push({ line: n.row.line, outcome: 'unchanged' });
    else {
      if (existing && !pending.has(order.externalId)) {
        updates.set(existing.id, { row, changed: ORDER_COLUMNS });
        stored.set(order.externalId, row);
      } else pending.set(order.externalId, row);
      results.push({ line: n.row.line, outcome: existing ? 'updated' : 'created' });
    }
  }
  await orders.update([...updates.values()]);
  await orders.insert([...pending.values()], { ids: false });
  await applySpendChanges(m, [
    ...[...updates.values()].flatMap((u) => orderSpendChanges(before.get(u.row.externalId)!, u.row)),
    ...[...pending.values()].flatMap((o) => orderSpendChanges(null, o)),
  ]);
  return results;
};

/**
 * Products of one batch, in file order (docs/import.md#speed): one locking lookup by SKU, then
 * the updates, the new products and the restock events (stock from ≤ 0 to > 0), in that order.
 */
export const writeProductRows: BatchWriter = async (m, rows, ctx) => {
  const normalized = rows.map((r) => ({
    row: r,
    ...normalizeProductInput(r.values, ctx.currency, ctx.reading),
  }));
  const products = tableRows(m, Product);
  const skus = [...new Set(normalized.filter((n) => n.problems.ok).map((n) => n.patch.sku!))];
  const bySku = new Map((await products.whereIn('sku', skus, { lock: true })).map((p) => [p.sku, p]));
  const pending = new Map<string, Product>();
  const updates = new Map<number, RowUpdate<Product>>();
  const restocks: { product: Product; plan: ProductPlan }[] = [];
  const results: RowResult[] = [];
  for (const { row, patch, problems } of normalized) {
    if (!problems.ok) {
      results.push({ line: row.line, problems: problems.list });
      continue;
    }
    const sku = patch.sku!;
    const existing = pending.get(sku) ?? bySku.get(sku) ?? null;
    let plan: ProductPlan | null;
    try {
      plan = planProduct(existing, sku, patch, ctx.now);
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      results.push({ line: row.line, problems: e.fields });
      continue;
    }
    if (!plan) {
      results.push({ line: row.line, outcome: 'unchanged', warnings: [] });
      continue;
    }
    let product = plan.product;
    if (!existing) pending.set(sku, product);
    else if (pending.get(sku) === existing) product = Object.assign(existing, plan.product);
    else {
      const before = updates.get(existing.id);
      updates.set(existing.id, {
        row: product,
        changed: before ? [...new Set([...before.changed, ...plan.changed])] : plan.changed,
      });
      bySku.set(sku, product);
    }
    const restock = isRestock(existing, plan);
    if (restock) restocks.push({ product, plan });
    results.push({
      line: row.line,
      outcome: existing ? 'updated' : 'created',
      warnings: restock ? [`back in stock (${plan.previousStock} → ${plan.product.stock})`] : [],
    });
  }
  await products.update([...updates.values()]);
  const news = [...pending.values()];
  (await products.insert(news)).forEach((id, i) => (news[i].id = id));
  await tableRows(m, RestockEvent).insert(
    restocks.map(({ product, plan }) =>
      Object.assign(new RestockEvent(), restockOf(product.id, plan, { now: ctx.now, source: 'import' })),
    ),
    { ids: false },
  );
  return results;
};
