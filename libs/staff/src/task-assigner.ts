import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, TaskAssigner } from '@touchbase/core';
import { nextCount, User, SettingsService } from '@touchbase/store';
import { isOffAt } from './availability';

export const ROUND_ROBIN_KEY = 'staff.round_robin';

/** How many holiday covers are followed (a covers for b who covers for c …) before taking turns. */
const MAX_COVER_HOPS = 5;

type Person = Pick<
  User,
  'id' | 'role' | 'locale' | 'timezone' | 'workingDays' | 'awayFrom' | 'awayUntil' | 'coverUserId'
>;

/**
 * Who works a task a rule made, among active people who are not off today (a working day in
 * their own zone and outside their away period):
 * the customer's account owner; if they are off, their holiday cover (following the cover's
 * cover, a few steps at most); else the next free staff member in turn (by id), else the next
 * free owner (a shop with no staff). When everyone is off, the same order ignoring days off,
 * so the task still has somebody. The turn is a counter in engine_state bumped by one atomic
 * upsert … RETURNING, so two engine instances never hand out the same turn.
 */
@Injectable()
export class StaffTaskAssigner extends TaskAssigner {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {
    super();
  }

  async assigneeFor(customer: { id: number; accountOwnerId: number | null }): Promise<number | null> {
    return (await this.assigneesFor([customer]))[0];
  }

  /**
   * Each customer's assignee, the same as assigneeFor one after another: the people read once,
   * the round-robin turns of those without a free owner or cover taken in one statement, in order.
   */
  override async assigneesFor(
    customers: Array<{ id: number; accountOwnerId: number | null }>,
  ): Promise<Array<number | null>> {
    if (!customers.length) return [];
    const people = await this.activePeople();
    const now = this.clock.now();
    const zone = this.ownerSettings.get().timezone;
    const byId = new Map(people.map((p) => [p.id, p]));
    const freeIds = new Set(people.filter((p) => !isOffAt(p, now, zone)).map((p) => p.id));
    const free = (p: Person | undefined): boolean => !!p && freeIds.has(p.id);

    const pick = (list: Person[]) => {
      const staff = list.filter((p) => p.role === 'staff');
      return staff.length ? staff : list.filter((p) => p.role === 'owner');
    };
    let pool = pick(people.filter(free));
    if (!pool.length) pool = pick(people);

    // undefined: takes a round-robin turn
    const chosen = customers.map((customer): number | null | undefined => {
      let candidate = customer.accountOwnerId == null ? undefined : byId.get(customer.accountOwnerId);
      if (candidate && free(candidate)) return candidate.id;
      const seen = new Set<number>();
      for (let hop = 0; candidate && hop < MAX_COVER_HOPS && !seen.has(candidate.id); hop++) {
        seen.add(candidate.id);
        candidate = candidate.coverUserId == null ? undefined : byId.get(candidate.coverUserId);
        if (candidate && free(candidate)) return candidate.id;
      }
      if (customer.accountOwnerId != null && byId.has(customer.accountOwnerId) && !freeIds.size)
        return customer.accountOwnerId; // everyone is off: the account owner keeps their customer
      return pool.length ? undefined : null;
    });
    const turns = chosen.filter((c) => c === undefined).length;
    if (!turns) return chosen as Array<number | null>;
    let turn = (await this.nextTurn(turns)) - turns + 1;
    return chosen.map((c) => (c === undefined ? pool[turn++ % pool.length].id : c));
  }

  /** Each active person's UI language: a rule's tasks get their texts in these (and the business's). */
  override async readingLocales(): Promise<string[]> {
    return [...new Set((await this.activePeople()).map((p) => p.locale))];
  }

  /** Active people, read fresh each time (a small table; a user change applies at once). */
  private async activePeople(): Promise<Person[]> {
    return this.ds.getRepository(User).find({
      select: {
        id: true,
        role: true,
        locale: true,
        timezone: true,
        workingDays: true,
        awayFrom: true,
        awayUntil: true,
        coverUserId: true,
      },
      where: { active: true },
      order: { id: 'ASC' },
    });
  }

  /** 0, 1, 2, … across all engine instances; `count` turns at once: the last of them. */
  async nextTurn(count = 1): Promise<number> {
    return nextCount(this.ds, ROUND_ROBIN_KEY, this.clock.now(), count);
  }
}
