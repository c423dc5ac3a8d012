import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, Conflict, localDate, NotFound, ValidationFailed } from '@touchbase/core';
import {
  Customer,
  num,
  readState,
  Rule,
  rows,
  SettingsService,
  Tier,
  TierChange,
  writeState,
} from '@touchbase/store';
import { lockTiers, recomputeTiers } from './tier-recompute';
import { TierInput, tierProblem, TierProblem, validateTier } from './tier-input';

/** A rename or delete refused because rules' audiences name the tier (a Conflict, 409). */
export class TierInUse extends Conflict {
  constructor(
    readonly tier: string,
    readonly what: 'rename' | 'delete',
    readonly rules: string[],
  ) {
    super(
      `cannot ${what} tier "${tier}": the audience of ${rules.map((r) => `"${r}"`).join(', ')} names it; change those rules first`,
    );
    this.name = 'TierInUse';
  }
}

/** A tier with how many customers hold it now. */
export type TierWithCount = Tier & { customers: number };

/** engine_state key: the business-local day of the last daily recompute. */
export const TIERS_RECOMPUTED_ON = 'tiers.recomputed_on';

export interface RecomputeRun {
  at: string;
  /** Customers whose tier changed. */
  changed: number;
  /** false when the daily step found today done already. */
  ran: boolean;
}

/**
 * Service tiers (docs/ingest.md#service-tiers): the owner's tier definitions, a customer's tier
 * set by hand, and the recompute (set-based, see tier-recompute.ts) after every change of a
 * definition and once a day. Every change of a customer's tier is recorded in tier_changes.
 */
@Injectable()
export class TierService {
  private readonly log = new Logger('Tiers');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  /** Every tier, best first, with its number of customers (read through ix_customers_tier). */
  async list(): Promise<TierWithCount[]> {
    const tiers = await this.ds.getRepository(Tier).find({ order: { rank: 'ASC', id: 'ASC' } });
    const counts = await rows<{ tier_id: unknown; n: unknown }>(
      this.ds,
      'SELECT tier_id, COUNT(*) AS n FROM customers WHERE tier_id IS NOT NULL AND erased_at IS NULL GROUP BY tier_id',
    );
    const byId = new Map(counts.map((r) => [num(r.tier_id), num(r.n)]));
    return tiers.map((t) => Object.assign(t, { customers: byId.get(t.id) ?? 0 }));
  }

  async get(id: number): Promise<Tier> {
    const tier = await this.ds.getRepository(Tier).findOneBy({ id });
    if (!tier) throw new NotFound(`no tier with id ${id}`);
    return tier;
  }

  /** Tier names in rank order (the rule form's choices and the audience check). */
  async names(): Promise<string[]> {
    return (await this.ds.getRepository(Tier).find({ order: { rank: 'ASC', id: 'ASC' } })).map((t) => t.name);
  }

  /** Creates a tier and recomputes every customer's tier in the same transaction. */
  async create(input: TierInput): Promise<Tier> {
    const { tier, problems } = validateTier(input);
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      await lockTiers(m);
      await this.checkName(m, tier.name, null, problems);
      const saved = await m.getRepository(Tier).save({ ...tier, createdAt: now, updatedAt: now });
      await this.recomputeIn(m, now);
      return saved;
    });
  }

  /**
   * Changes a tier (checked as the whole tier it makes) and recomputes. A rename is refused while
   * a rule's audience names the tier: the rule would silently reach nobody (docs/ingest.md#service-tiers).
   */
  async update(id: number, change: TierInput): Promise<Tier> {
    const now = this.clock.now();
    return this.ds.transaction(async (m) => {
      await lockTiers(m);
      const existing = await m.getRepository(Tier).findOneBy({ id });
      if (!existing) throw new NotFound(`no tier with id ${id}`);
      const merged: TierInput = { ...stored(existing), ...defined(change) };
      const { tier, problems } = validateTier(merged);
      await this.checkName(m, tier.name, id, problems);
      if (tier.name !== existing.name) await this.refuseIfUsed(m, existing.name, 'rename');
      await m.getRepository(Tier).update({ id }, { ...tier, updatedAt: now });
      await this.recomputeIn(m, now);
      return (await m.getRepository(Tier).findOneBy({ id }))!;
    });
  }

  /**
   * Deletes a tier: its customers lose it (recorded as `tier_deleted`, a hand-set tier goes back to
   * computed) and are recomputed. Refused while a rule's audience names it.
   */
  async remove(id: number, userId: number | null = null): Promise<void> {
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      await lockTiers(m);
      const existing = await m.getRepository(Tier).findOneBy({ id });
      if (!existing) throw new NotFound(`no tier with id ${id}`);
      await this.refuseIfUsed(m, existing.name, 'delete');
      await rows(
        m,
        `INSERT INTO tier_changes (customer_id, from_tier_id, from_name, to_tier_id, to_name, reason, user_id, changed_at)
         SELECT c.id, c.tier_id, ?, NULL, NULL, 'tier_deleted', ?, ? FROM customers c WHERE c.tier_id = ?`,
        [existing.name, userId, now.getTime(), id],
      );
      await m.getRepository(Customer).update({ tierId: id }, { tierId: null, tierManual: false });
      await m.getRepository(Tier).delete({ id });
      await this.recomputeIn(m, now);
    });
  }

  /**
   * Sets a customer's tier by hand (`tierName`), or gives it back to the computation (null), in
   * the caller's transaction; the change is recorded with who made it. An unknown name is a
   * ValidationFailed on field `tier`. True when something changed.
   */
  async assignIn(
    m: EntityManager,
    customerId: number,
    tierName: string | null,
    userId: number | null,
    now: Date,
  ): Promise<boolean> {
    await lockTiers(m);
    const customer = await m.getRepository(Customer).findOneBy({ id: customerId });
    if (!customer) throw new NotFound(`no customer with id ${customerId}`);
    if (tierName === null) {
      if (!customer.tierManual) return false;
      await m.getRepository(Customer).update({ id: customerId }, { tierManual: false });
      await recomputeTiers(m, now, this.config.business.currency, [customerId]);
      return true;
    }
    const tier = await this.byName(m, tierName);
    if (customer.tierId !== tier.id) {
      const from = customer.tierId ? await m.getRepository(Tier).findOneBy({ id: customer.tierId }) : null;
      await m.getRepository(TierChange).insert({
        customerId,
        fromTierId: customer.tierId,
        fromName: from?.name ?? null,
        toTierId: tier.id,
        toName: tier.name,
        reason: 'manual',
        userId,
        changedAt: now,
      });
    }
    if (customer.tierId === tier.id && customer.tierManual) return false;
    await m.getRepository(Customer).update({ id: customerId }, { tierId: tier.id, tierManual: true });
    return true;
  }

  /** A tier by its name (case-insensitive); an unknown one is a ValidationFailed naming the known ones. */
  async byName(m: EntityManager, name: string): Promise<Tier> {
    const tiers = await m.getRepository(Tier).find({ order: { rank: 'ASC' } });
    const found = tiers.find((t) => t.name.toLowerCase() === name.trim().toLowerCase());
    if (!found)
      throw new ValidationFailed([
        {
          field: 'tier',
          problem: `no tier named "${name}" (tiers: ${tiers.map((t) => t.name).join(', ') || 'none defined'})`,
        },
      ]);
    return found;
  }

  /** The customer with their tier's name (`tier`, null for none), as the API answers it. */
  async named<T extends Customer>(c: T): Promise<T & { tier: string | null }> {
    const tier = c.tierId ? await this.ds.getRepository(Tier).findOneBy({ id: c.tierId }) : null;
    return Object.assign(c, { tier: tier?.name ?? null });
  }

  /** A customer's tier changes, newest first. */
  history(customerId: number, take = 50): Promise<TierChange[]> {
    return this.ds.getRepository(TierChange).find({ where: { customerId }, order: { id: 'DESC' }, take });
  }

  /**
   * Recomputes these customers' tiers in the caller's transaction (a customer saved, an order
   * written): the per-customer variant of the daily step's SQL, recorded the same way.
   */
  recomputeCustomersIn(m: EntityManager, customerIds: readonly number[], now: Date): Promise<number> {
    return recomputeTiers(m, now, this.config.business.currency, customerIds);
  }

  /** Recomputes every customer's tier now (the CLI's `tiers recompute` and the API). */
  async recompute(now = this.clock.now()): Promise<RecomputeRun> {
    const changed = await this.ds.transaction((m) => this.recomputeIn(m, now));
    return { at: now.toISOString(), changed, ran: true };
  }

  /**
   * The daily step (cron only calls this): once per business-local day, recompute every tier,
   * so windows move on and orders that aged out count no more.
   */
  async dailyRecompute(now: Date): Promise<RecomputeRun> {
    const day = localDate(now, this.settings.get().timezone);
    if ((await readState(this.ds, TIERS_RECOMPUTED_ON)) === day)
      return { at: now.toISOString(), changed: 0, ran: false };
    const changed = await this.ds.transaction(async (m) => {
      const n = await this.recomputeIn(m, now);
      await writeState(m, TIERS_RECOMPUTED_ON, day, now);
      return n;
    });
    if (changed) this.log.log(`Daily tier recompute: ${changed} customer(s) changed tier`);
    return { at: now.toISOString(), changed, ran: true };
  }

  private recomputeIn(m: EntityManager, now: Date): Promise<number> {
    return recomputeTiers(m, now, this.config.business.currency);
  }

  private async checkName(m: EntityManager, name: string, id: number | null, problems: TierProblem[]) {
    if (name && !problems.some((p) => p.field === 'name')) {
      const same = await rows<{ id: unknown }>(m, 'SELECT id FROM tiers WHERE LOWER(name) = LOWER(?)', [
        name,
      ]);
      if (same.some((r) => num(r.id) !== id)) problems.push(tierProblem('name', 'nameTaken'));
    }
    if (problems.length) throw new ValidationFailed(problems);
  }

  /** Rules whose audience names this tier: a rename or delete would make them reach nobody. */
  private async refuseIfUsed(m: EntityManager, name: string, what: 'rename' | 'delete') {
    const users = (await m.getRepository(Rule).find({ order: { id: 'ASC' } })).filter((r) =>
      (r.audience?.tiers ?? []).some((t) => t.toLowerCase() === name.toLowerCase()),
    );
    if (users.length)
      throw new TierInUse(
        name,
        what,
        users.map((r) => r.name),
      );
  }
}

function stored(t: Tier): TierInput {
  return {
    name: t.name,
    rank: t.rank,
    basis: t.basis,
    minSpendMinor: t.minSpendMinor,
    minOrders: t.minOrders,
    windowDays: t.windowDays,
    match: t.match,
  };
}

function defined(o: TierInput): TierInput {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as TierInput;
}
