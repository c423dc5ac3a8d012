import { Customer, RowUpdate, Suppression, tableRows } from '@touchbase/store';
import { planCustomer } from '../customer-writer';
import { suppressionLookupHashes } from '../suppression';
import { CustomerPatch, normalizeCustomerInput } from '../normalize/customer';
import { fieldProblem } from '../normalize/problem-texts';
import type { BatchWriter, RowResult } from './row-writers';

/**
 * Customers of one batch, in file order, with the project's own statements (docs/import.md#speed):
 * one lookup by external id, one by email for the rows the first did not match, one for the
 * suppression hashes of the rows that turn consent on; then the updates and the new rows.
 */
export const writeCustomerRows: BatchWriter = async (m, rows, ctx) => {
  const normalizing = {
    phoneRegion: ctx.phoneRegion,
    now: ctx.now,
    businessZone: ctx.businessZone,
    reading: ctx.reading,
  };
  const normalized = rows.map((row) => {
    const { patch, problems } = normalizeCustomerInput(row.values, normalizing);
    return { row, patch, problems };
  });
  const table = tableRows(m, Customer);
  const ext = new Set(normalized.map((n) => n.patch.externalId).filter((v): v is string => !!v));
  const byExtFound = await table.whereIn('externalId', [...ext]);
  const foundExt = new Set(byExtFound.map((c) => c.externalId));
  // Only a row its external id did not match is matched by email (a row with a matched external
  // id never reads the email map, and every email a row may read is looked up).
  const emails = new Set(
    normalized
      .filter((n) => n.patch.email && !(n.patch.externalId && foundExt.has(n.patch.externalId)))
      .map((n) => n.patch.email!),
  );
  const byEmailFound = await table.whereIn('email', [...emails]);

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
  byExtFound.forEach((c) => remember(c));
  byEmailFound.forEach((c) => remember(c));
  const matchOf = (patch: CustomerPatch): Customer | null => {
    const byId = patch.externalId ? byExt.get(patch.externalId) : undefined;
    if (byId) return byId;
    const sameEmail = patch.email ? byEmail.get(patch.email) : undefined;
    return sameEmail && (!patch.externalId || !sameEmail.externalId) ? sameEmail : null;
  };

  // Suppression hashes only for the rows that turn consent on (a re-import turns nothing on), and
  // none while nobody is suppressed (asked once per batch: an erasure may commit meanwhile).
  const suppression = new SuppressionCheck(ctx.secret, await tableRows(m, Suppression).any());
  const turningOn = suppression.none
    ? []
    : normalized.flatMap((n) => {
        const p = n.patch;
        const c = n.problems.ok ? matchOf(p) : null;
        if (!((p.emailConsent === true && !c?.emailConsent) || (p.smsConsent === true && !c?.smsConsent)))
          return [];
        return [
          {
            email: p.email !== undefined ? p.email : (c?.email ?? null),
            phone: p.phone !== undefined ? p.phone : (c?.phone ?? null),
          },
        ];
      });
  await suppression.load(m, turningOn);

  const pending = new Set<Customer>();
  const updates = new Map<number, RowUpdate<Customer>>();
  const results: RowResult[] = [];
  const opts = { source: 'import', now: ctx.now, suppressed: suppression.answer };
  for (const n of normalized) {
    if (!n.problems.ok) {
      results.push({ line: n.row.line, problems: n.problems.list });
      continue;
    }
    const patch: CustomerPatch = n.patch;
    if (!patch.externalId && !patch.email) {
      results.push({ line: n.row.line, problems: [fieldProblem('externalId', 'rowKey')] });
      continue;
    }
    const existing = matchOf(patch);
    let plan = planCustomer(existing, patch, opts);
    // a row that turns on consent an earlier row of this batch turned off: look its hashes up now
    if (suppression.missing.length) {
      await suppression.load(m, suppression.missing.splice(0));
      plan = planCustomer(existing, patch, opts);
    }
    if (plan.outcome !== 'unchanged') {
      if (existing && pending.has(existing)) {
        Object.assign(existing, plan.changes);
        plan.customer = existing;
      } else if (existing) {
        const before = updates.get(existing.id);
        const changed = Object.keys(plan.changes) as (keyof Customer & string)[];
        updates.set(existing.id, {
          row: plan.customer,
          changed: before ? [...new Set([...before.changed, ...changed])] : changed,
        });
      } else pending.add(plan.customer);
      remember(plan.customer, existing);
    }
    results.push({ line: n.row.line, outcome: plan.outcome, warnings: plan.warnings });
  }
  await table.update([...updates.values()]);
  await table.insert([...pending], { ids: false });
  return results;
};

interface Person {
  email: string | null;
  phone: string | null;
}

/** Which people were erased or opted out, from their suppression hashes (each hashed once). */
class SuppressionCheck {
  private readonly hashes = new Map<string, string[]>();
  private readonly suppressed = new Set<string>();
  /** People asked about whose hashes were not looked up yet. */
  readonly missing: Person[] = [];

  /** `any`: whether the suppression list has any entry at all (if not, nobody is suppressed). */
  constructor(
    private readonly secret: string,
    private readonly any: boolean,
  ) {}

  private hashesOf(p: Person): string[] {
    const key = `${p.email ?? ''}|${p.phone ?? ''}`;
    let h = this.hashes.get(key);
    if (!h) this.hashes.set(key, (h = suppressionLookupHashes(this.secret, p)));
    return h;
  }

  /** True while the suppression list is empty: nobody needs hashing. */
  get none(): boolean {
    return !this.any;
  }

  async load(m: Parameters<BatchWriter>[0], people: Person[]): Promise<void> {
    if (!this.any) return;
    const fresh = people.filter((p) => !this.hashes.has(`${p.email ?? ''}|${p.phone ?? ''}`));
    const all = [...new Set(fresh.flatMap((p) => this.hashesOf(p)))];
    for (const s of await tableRows(m, Suppression).whereIn('hash', all, { pick: ['hash'] }))
      this.suppressed.add(s.hash);
  }

  readonly answer = (email: string | null, phone: string | null): boolean => {
    if (!this.any) return false;
    const key = `${email ?? ''}|${phone ?? ''}`;
    const h = this.hashes.get(key);
    if (!h) {
      this.missing.push({ email, phone });
      return false;
    }
    return this.suppressed.size > 0 && h.some((x) => this.suppressed.has(x));
  };
}
