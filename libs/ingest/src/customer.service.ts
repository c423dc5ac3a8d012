import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, Conflict, NotFound } from '@touchbase/core';
import {
  dropCustomerSpend,
  cancelMessagesOf,
  ContactEvent,
  Customer,
  Order,
  skipTasksOf,
  WaitlistEntry,
  SettingsService,
  TierChange,
} from '@touchbase/store';
import { CustomerWriteResult, writeCustomer } from './customer-writer';
import { CustomerInput, CustomerPatch, normalizeCustomerInput } from './normalize/customer';
import { CustomerListQuery } from './customer-list.query';
import { Page, PageQuery } from './paging';
import { TierService } from './tiers/tier.service';
import { lockTiers } from './tiers/tier-recompute';

/**
 * A customer input with the tier the owner sets by hand: a tier's name, or null to give the
 * tier back to the computation (docs/ingest.md#service-tiers); absent leaves it as it is.
 */
export type CustomerWithTierInput = CustomerInput & { tier?: string | null };

function splitTier(input: CustomerWithTierInput): [CustomerInput, string | null | undefined] {
  const { tier, ...rest } = input;
  return [rest, tier];
}

/** Customers: create, upsert by external id, read, list/search and delete. */
@Injectable()
export class CustomerService {
  constructor(
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly lists: CustomerListQuery,
    private readonly ownerSettings: SettingsService,
    private readonly tiers: TierService,
  ) {}

  /** Normalizes and validates; throws ValidationFailed naming every bad field. */
  normalize(input: CustomerInput, now = this.clock.now()): CustomerPatch {
    const { patch, problems } = normalizeCustomerInput(input, {
      phoneRegion: this.config.business.phoneRegion,
      now,
      businessZone: this.ownerSettings.get().timezone,
    });
    problems.throwIfAny();
    return patch;
  }

  /** `source` says how (api, web-form, …) and `userId` who; both go to the consent audit trail. */
  async create(
    withTier: CustomerWithTierInput,
    source = 'api',
    userId: number | null = null,
  ): Promise<CustomerWriteResult> {
    const now = this.clock.now();
    const [input, tier] = splitTier(withTier);
    const patch = this.normalize(input, now);
    return this.ds.transaction(async (m) => {
      await lockTiers(m); // before any row lock, as every writer of tiers (tier-recompute.ts)
      if (
        patch.externalId &&
        (await m.getRepository(Customer).exists({ where: { externalId: patch.externalId } }))
      )
        throw new Conflict(
          `a customer with externalId "${patch.externalId}" already exists (use PUT /api/customers/by-external-id/… to upsert)`,
        );
      const r = await writeCustomer(m, null, patch, { source, now, secret: this.config.secret, userId });
      return this.withTier(m, r, tier, userId, now);
    });
  }

  /**
   * Sets the tier given with a customer, in the customer's transaction (a bad tier name leaves
   * nothing written), then recomputes their computed tier there and then, set-based, recorded as
   * the daily step records it (docs/ingest.md#service-tiers; a no-op for a tier set by hand).
   */
  private async withTier(
    m: EntityManager,
    r: CustomerWriteResult,
    tier: string | null | undefined,
    userId: number | null,
    now: Date,
  ): Promise<CustomerWriteResult> {
    const assigned =
      tier === undefined || (tier === null && r.outcome === 'created')
        ? false
        : await this.tiers.assignIn(m, r.customer.id, tier, userId, now);
    const recomputed = (await this.tiers.recomputeCustomersIn(m, [r.customer.id], now)) > 0;
    if (!assigned && !recomputed) return r;
    const fresh = await m.getRepository(Customer).findOneBy({ id: r.customer.id });
    const outcome = r.outcome === 'unchanged' ? 'updated' : r.outcome;
    return { ...r, outcome, customer: fresh ?? r.customer };
  }

  /** Creates the customer with this external id, or updates the given fields of the existing one. */
  async upsertByExternalId(
    externalId: string,
    withTier: CustomerWithTierInput,
    source = 'api',
    userId: number | null = null,
  ): Promise<CustomerWriteResult> {
    const now = this.clock.now();
    const [input, tier] = splitTier(withTier);
    const patch = this.normalize({ ...input, externalId }, now);
    return this.ds.transaction(async (m) => {
      await lockTiers(m);
      const existing = await m.getRepository(Customer).findOne({ where: { externalId: patch.externalId! } });
      const r = await writeCustomer(m, existing, patch, { source, now, secret: this.config.secret, userId });
      return this.withTier(m, r, tier, userId, now);
    });
  }

  async update(
    id: number,
    withTier: CustomerWithTierInput,
    source = 'api',
    userId: number | null = null,
  ): Promise<CustomerWriteResult> {
    const now = this.clock.now();
    const [input, tier] = splitTier(withTier);
    const patch = this.normalize(input, now);
    return this.ds.transaction(async (m) => {
      await lockTiers(m);
      const existing = await m.getRepository(Customer).findOne({ where: { id } });
      if (!existing) throw new NotFound(`no customer with id ${id}`);
      if (
        patch.externalId &&
        patch.externalId !== existing.externalId &&
        (await m.getRepository(Customer).exists({ where: { externalId: patch.externalId } }))
      )
        throw new Conflict(`externalId "${patch.externalId}" belongs to another customer`);
      const r = await writeCustomer(m, existing, patch, { source, now, secret: this.config.secret, userId });
      return this.withTier(m, r, tier, userId, now);
    });
  }

  async get(id: number): Promise<Customer> {
    const c = await this.customers.findOne({ where: { id } });
    if (!c) throw new NotFound(`no customer with id ${id}`);
    return c;
  }

  async getByExternalId(externalId: string): Promise<Customer> {
    const c = await this.customers.findOne({ where: { externalId } });
    if (!c) throw new NotFound(`no customer with externalId "${externalId}"`);
    return c;
  }

  /** A page of customers, optionally searched by name, email or phone (case-insensitive). */
  list(query: PageQuery): Promise<Page<Customer>> {
    return this.lists.page(query);
  }

  /**
   * Deletes the customer with their orders, waitlist entries and contact history; queued messages
   * to them are cancelled and open tasks skipped. (GDPR erase is the softer alternative that keeps
   * the ledger and a suppression hash.)
   */
  async delete(id: number): Promise<void> {
    await this.ds.transaction(async (m) => {
      const found = await m.getRepository(Customer).exists({ where: { id } });
      if (!found) throw new NotFound(`no customer with id ${id}`);
      const now = this.clock.now();
      await m.getRepository(Order).delete({ customerId: id });
      await dropCustomerSpend(m, id);
      await m.getRepository(WaitlistEntry).delete({ customerId: id });
      await m.getRepository(ContactEvent).delete({ customerId: id });
      await m.getRepository(TierChange).delete({ customerId: id });
      await cancelMessagesOf(m, id, 'customer deleted', now);
      await skipTasksOf(m, id, 'customer deleted', now);
      await m.getRepository(Customer).delete({ id });
    });
  }
}
