import { EntityManager, In } from 'typeorm';
import { Customer, Order, Suppression } from '@touchbase/store';
import { planCustomer, WriteOutcome } from '../customer-writer';
import { suppressionLookupHashes } from '../suppression';
import { CustomerPatch, normalizeCustomerInput } from '../normalize/customer';
import { normalizeOrderInput, normalizeProductInput } from '../normalize/order-product';
import { LocalReading } from '../normalize/local-reading';
import { fieldProblem } from '../normalize/problem-texts';
import { planOrder } from '../order.service';
import { writeProduct } from '../product.service';
import { ImportKind } from './columns';
import { FieldProblem, ValidationFailed } from '@touchbase/core';

/** One data row: its physical line in the file and its cells by field name (empty cells left out). */
export interface ImportRow {
  line: number;
  values: Record<string, string>;
  /** The row's cells as read, kept only while a bad-rows file is being written. */
  cells?: string[];
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
  /** How the file's language writes dates, amounts and date-times (docs/import.md#locale). */
  reading?: LocalReading;
}

/** Writes one batch of rows of a kind in the caller's transaction, row by row in file order. */
const INSERT_CHUNK = 50;

export type BatchWriter = (m: EntityManager, rows: ImportRow[], ctx: WriterContext) => Promise<RowResult[]>;

const customers: BatchWriter = async (m, rows, ctx) => {
  const normalized = rows.map((r) => ({
    row: r,
    ...normalizeCustomerInput(r.values, {
      phoneRegion: ctx.phoneRegion,
      now: ctx.now,
      businessZone: ctx.businessZone,
      reading: ctx.reading,
    }),
  }));
  // One lookup per batch for the customers the rows may match (by external id, else by email) …
  const ext = normalized.map((n) => n.patch.externalId).filter((v): v is string => !!v);
  const emails = normalized.map((n) => n.patch.email).filter((v): v is string => !!v);
  const repo = m.getRepository(Customer);
  const found = [
    ...(ext.length ? await repo.find({ where: { externalId: In([...new Set(ext)]) } }) : []),
    ...(emails.length
      ? await repo.find({ where: { email: In([...new Set(emails)]) }, order: { id: 'ASC' } })
      : []),
  ];
  const byExt = new Map<string, Customer>();
  const byEmail = new Map<string, Customer>();
  /** Keeps the maps pointing at the latest state of each customer (`before` = the object it replaces). */
  const remember = (c: Customer, before?: Customer | null) => {
    if (before && before !== c) {
      if (before.externalId && byExt.get(before.externalId) === before) byExt.delete(before.externalId);
      if (before.email && byEmail.get(before.email) === before) byEmail.delete(before.email);
    }
    if (c.externalId) byExt.set(c.externalId, c);
    if (c.email && !byEmail.has(c.email)) byEmail.set(c.email, c);
  };
  found.forEach((c) => remember(c));
  // … and one for the suppression hashes of every email and phone in play.
  // (only needed where a row turns consent on)
  // (only where a row turns consent on; each email/phone hashed once)
  const memo = new Map<string, string[]>();
  const hashesOf = (email?: string | null, phone?: string | null) => {
    const key = `${email ?? ''}|${phone ?? ''}`;
    let h = memo.get(key);
    if (!h) memo.set(key, (h = suppressionLookupHashes(ctx.secret, { email, phone })));
    return h;
  };
  const wantsConsent = normalized
    .filter((n) => n.patch.emailConsent === true || n.patch.smsConsent === true)
    .map((n) => n.patch);
  const people = wantsConsent.length ? [...wantsConsent, ...found] : [];
  const hashes = [...new Set(people.flatMap((p) => hashesOf(p.email, p.phone)))];
  const suppressedSet = new Set(
    hashes.length
      ? (await m.getRepository(Suppression).find({ where: { hash: In(hashes) } })).map((s) => s.hash)
      : [],
  );
  const suppressed = (email: string | null, phone: string | null) =>
    suppressedSet.size > 0 && hashesOf(email, phone).some((h) => suppressedSet.has(h));

  // New customers are inserted together at the end of the batch; a later row of the same batch
  // that matches one of them updates the pending row instead.
  const pending = new Set<Customer>();
  const results: RowResult[] = [];
  for (const n of normalized) {
    if (!n.problems.ok) {
      results.push({ line: n.row.line, problems: n.problems.list });
      continue;
    }
    const patch: CustomerPatch = n.patch;
    if (!patch.externalId && !patch.email) {
      results.push({
        line: n.row.line,
        problems: [fieldProblem('externalId', 'rowKey')],
      });
      continue;
    }
    let existing = patch.externalId ? (byExt.get(patch.externalId) ?? null) : null;
    if (!existing && patch.email) {
      const sameEmail = byEmail.get(patch.email);
      if (sameEmail && (!patch.externalId || !sameEmail.externalId)) existing = sameEmail;
    }
    const plan = planCustomer(existing, patch, { source: 'import', now: ctx.now, suppressed });
    if (plan.outcome !== 'unchanged') {
      if (existing && pending.has(existing)) {
        Object.assign(existing, plan.changes);
        plan.customer = existing;
      } else if (existing) {
        await repo.update({ id: existing.id }, plan.changes);
      } else pending.add(plan.customer);
    }
    if (plan.outcome !== 'unchanged') remember(plan.customer, existing);
    results.push({ line: n.row.line, outcome: plan.outcome, warnings: plan.warnings });
  }
  // Multi-row inserts in chunks (TypeORM's parameter handling grows quadratically with statement size).
  const news = [...pending];
  for (let i = 0; i < news.length; i += INSERT_CHUNK)
    await m
      .createQueryBuilder()
      .insert()
      .into(Customer)
      .values(news.slice(i, i + INSERT_CHUNK))
      .updateEntity(false)
      .execute();
  return results;
};

const orders: BatchWriter = async (m, rows, ctx) => {
  const normalized = rows.map((r) => ({
    row: r,
    ...normalizeOrderInput(r.values, ctx.currency, ctx.reading),
  }));
  const ok = normalized.filter((n) => n.order).map((n) => n.order!);
  // One lookup per batch for the customers named (by external id or email) and the orders already stored.
  const custExt = [...new Set(ok.map((o) => o.customerRef.externalId).filter((v): v is string => !!v))];
  const custEmail = [...new Set(ok.map((o) => o.customerRef.email).filter((v): v is string => !!v))];
  const crepo = m.getRepository(Customer);
  const byExt = new Map(
    (custExt.length
      ? await crepo.find({ where: { externalId: In(custExt) }, select: { id: true, externalId: true } })
      : []
    ).map((c) => [c.externalId!, c.id]),
  );
  const byEmail = new Map<string, number>();
  for (const c of custEmail.length
    ? await crepo.find({
        where: { email: In(custEmail) },
        select: { id: true, email: true },
        order: { id: 'DESC' },
      })
    : [])
    byEmail.set(c.email!, c.id);
  const orepo = m.getRepository(Order);
  const ids = [...new Set(ok.map((o) => o.externalId))];
  const stored = new Map(
    (ids.length ? await orepo.find({ where: { externalId: In(ids) } }) : []).map((o) => [o.externalId, o]),
  );

  const pending = new Map<string, Order>();
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
        await orepo.update(
          { id: existing.id },
          {
            customerId: row.customerId,
            placedAt: row.placedAt,
            totalMinor: row.totalMinor,
            currency: row.currency,
            lines: row.lines,
          },
        );
        stored.set(order.externalId, row);
      } else pending.set(order.externalId, row);
      results.push({ line: n.row.line, outcome: existing ? 'updated' : 'created' });
    }
  }
  const news = [...pending.values()];
  for (let i = 0; i < news.length; i += INSERT_CHUNK)
    await m
      .createQueryBuilder()
      .insert()
      .into(Order)
      .values(news.slice(i, i + INSERT_CHUNK))
      .updateEntity(false)
      .execute();
  return results;
};

const products: BatchWriter = async (m, rows, ctx) => {
  const results: RowResult[] = [];
  for (const r of rows) {
    const { patch, problems } = normalizeProductInput(r.values, ctx.currency, ctx.reading);
    if (!problems.ok) {
      results.push({ line: r.line, problems: problems.list });
      continue;
    }
    try {
      const res = await writeProduct(m, patch.sku!, patch, { now: ctx.now, source: 'import' });
      results.push({
        line: r.line,
        outcome: res.outcome,
        warnings: res.restock
          ? [`back in stock (${res.restock.previousStock} → ${res.restock.newStock})`]
          : [],
      });
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      results.push({ line: r.line, problems: e.fields });
    }
  }
  return results;
};

export const BATCH_WRITERS: Record<ImportKind, BatchWriter> = { customers, orders, products };
