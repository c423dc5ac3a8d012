import { EntityManager, In } from 'typeorm';
import { Customer } from '@touchbase/store';
import { writeCustomer, WriteOutcome } from '../customer-writer';
import { CustomerPatch, normalizeCustomerInput } from '../normalize/customer';
import { normalizeOrderInput, normalizeProductInput } from '../normalize/order-product';
import { FieldProblem } from '../normalize/problems';
import { resolveOrderCustomer, writeOrder } from '../order.service';
import { writeProduct } from '../product.service';
import { ImportKind } from './columns';

/** One data row: its physical line in the file and its cells by field name (empty cells left out). */
export interface ImportRow {
  line: number;
  values: Record<string, string>;
}

export interface RowResult {
  line: number;
  outcome?: WriteOutcome;
  problems?: FieldProblem[];
  warnings?: string[];
}

export interface WriterContext {
  now: Date;
  businessZone: string;
  phoneRegion: string;
  currency: string;
  secret: string;
}

/** Writes one batch of rows of a kind in the caller's transaction, row by row in file order. */
export type BatchWriter = (m: EntityManager, rows: ImportRow[], ctx: WriterContext) => Promise<RowResult[]>;

const customers: BatchWriter = async (m, rows, ctx) => {
  const normalized = rows.map((r) => ({ row: r, ...normalizeCustomerInput(r.values, { phoneRegion: ctx.phoneRegion, now: ctx.now, businessZone: ctx.businessZone }) }));
  // One lookup per batch for the customers the rows may match (by external id, else by email).
  const ext = normalized.map((n) => n.patch.externalId).filter((v): v is string => !!v);
  const emails = normalized.map((n) => n.patch.email).filter((v): v is string => !!v);
  const repo = m.getRepository(Customer);
  const found = [
    ...(ext.length ? await repo.find({ where: { externalId: In([...new Set(ext)]) } }) : []),
    ...(emails.length ? await repo.find({ where: { email: In([...new Set(emails)]) }, order: { id: 'ASC' } }) : []),
  ];
  const byExt = new Map<string, Customer>();
  const byEmail = new Map<string, Customer>();
  const remember = (c: Customer) => {
    if (c.externalId) byExt.set(c.externalId, c);
    if (c.email && (!byEmail.has(c.email) || byEmail.get(c.email)!.id === c.id)) byEmail.set(c.email, c);
  };
  found.forEach(remember);

  const results: RowResult[] = [];
  for (const n of normalized) {
    if (!n.problems.ok) {
      results.push({ line: n.row.line, problems: n.problems.list });
      continue;
    }
    const patch: CustomerPatch = n.patch;
    if (!patch.externalId && !patch.email) {
      results.push({ line: n.row.line, problems: [{ field: 'externalId', problem: 'each row needs an external id or an email so a re-import can find it' }] });
      continue;
    }
    let existing = patch.externalId ? (byExt.get(patch.externalId) ?? null) : null;
    if (!existing && patch.email) {
      const sameEmail = byEmail.get(patch.email);
      if (sameEmail && (!patch.externalId || !sameEmail.externalId)) existing = sameEmail;
    }
    const res = await writeCustomer(m, existing, patch, { source: 'import', now: ctx.now, secret: ctx.secret });
    remember(res.customer);
    results.push({ line: n.row.line, outcome: res.outcome, warnings: res.warnings });
  }
  return results;
};

const orders: BatchWriter = async (m, rows, ctx) => {
  const results: RowResult[] = [];
  for (const r of rows) {
    const { order, problems } = normalizeOrderInput(r.values, ctx.currency);
    if (!order) {
      results.push({ line: r.line, problems: problems.list });
      continue;
    }
    const customer = await resolveOrderCustomer(m, order.customerRef);
    if (!customer) {
      const field = order.customerRef.externalId ? 'customerExternalId' : 'customerEmail';
      results.push({ line: r.line, problems: [{ field, problem: `no customer "${order.customerRef.externalId ?? order.customerRef.email}" (import customers first)` }] });
      continue;
    }
    results.push({ line: r.line, outcome: (await writeOrder(m, order, customer.id, ctx.now)).outcome });
  }
  return results;
};

const products: BatchWriter = async (m, rows, ctx) => {
  const results: RowResult[] = [];
  for (const r of rows) {
    const { patch, problems } = normalizeProductInput(r.values, ctx.currency);
    if (!problems.ok) {
      results.push({ line: r.line, problems: problems.list });
      continue;
    }
    try {
      const res = await writeProduct(m, patch.sku!, patch, { now: ctx.now, source: 'import' });
      results.push({ line: r.line, outcome: res.outcome, warnings: res.restock ? [`back in stock (${res.restock.previousStock} → ${res.restock.newStock})`] : [] });
    } catch (e) {
      const fields = (e as { fields?: FieldProblem[] }).fields;
      if (!fields) throw e;
      results.push({ line: r.line, problems: fields });
    }
  }
  return results;
};

export const BATCH_WRITERS: Record<ImportKind, BatchWriter> = { customers, orders, products };
