import type { EntityManager } from 'typeorm';
import { customerName, inList, rows } from '@touchbase/store';
import { Page, pageBounds, PageQuery } from './paging';

/** One customer waiting for one product, with their place in that product's line (1 = next). */
export interface WaitlistPlace {
  id: number;
  position: number;
  joinedAt: Date;
  customer: { id: number; name: string; email: string | null; phone: string | null };
  product: { id: number; sku: string; name: string; stock: number };
}

interface PlaceRow {
  id: number;
  position: number | string;
  joined_at: number | string;
  customer_id: number;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  product_id: number;
  sku: string;
  product_name: string;
  stock: number;
}

/**
 * The waiting places in the order the back_in_stock rule tells them (joined_at, then id; erased
 * customers left out, as the rule leaves them out), for one product or every product
 * (by product name). The position counts within the product.
 */
export async function waitlistPlaces(
  db: EntityManager,
  query: PageQuery & { productId?: number },
): Promise<Page<WaitlistPlace>> {
  const { limit, offset } = pageBounds(query);
  const where = `w.status = 'waiting' AND c.erased_at IS NULL${query.productId ? ' AND w.product_id = ?' : ''}`;
  const params = query.productId ? [query.productId] : [];
  const [{ n }] = await rows<{ n: number | string }>(
    db,
    `SELECT COUNT(*) AS n FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id WHERE ${where}`,
    params,
  );
  const found = await rows<PlaceRow>(
    db,
    `SELECT q.*, p.sku, p.name AS product_name, p.stock FROM (
       SELECT w.id, w.joined_at, w.customer_id, w.product_id, c.first_name, c.last_name, c.email, c.phone,
              ROW_NUMBER() OVER (PARTITION BY w.product_id ORDER BY w.joined_at, w.id) AS position
       FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id WHERE ${where}
     ) q JOIN products p ON p.id = q.product_id
     ORDER BY p.name, p.id, q.position LIMIT ? OFFSET ?`,
    [...params, limit, offset],
  );
  return {
    items: found.map((r) => ({
      id: Number(r.id),
      position: Number(r.position),
      joinedAt: new Date(Number(r.joined_at)),
      customer: {
        id: Number(r.customer_id),
        name: customerName({ id: Number(r.customer_id), firstName: r.first_name, lastName: r.last_name }),
        email: r.email,
        phone: r.phone,
      },
      product: { id: Number(r.product_id), sku: r.sku, name: r.product_name, stock: Number(r.stock) },
    })),
    total: Number(n),
    limit,
    offset,
  };
}

/** How many customers wait for each of these products (erased customers left out). */
export async function waitingCounts(db: EntityManager, productIds: number[]): Promise<Map<number, number>> {
  if (!productIds.length) return new Map();
  const found = await rows<{ product_id: number; n: number | string }>(
    db,
    `SELECT w.product_id, COUNT(*) AS n FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id
     WHERE w.status = 'waiting' AND c.erased_at IS NULL AND w.product_id IN (${inList(productIds)})
     GROUP BY w.product_id`,
    productIds,
  );
  return new Map(found.map((r) => [Number(r.product_id), Number(r.n)]));
}
