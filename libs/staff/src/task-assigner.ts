import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Clock, TaskAssigner } from '@touchbase/core';
import { User } from '@touchbase/store';

export const ROUND_ROBIN_KEY = 'staff.round_robin';

/**
 * Who works a task a rule made: the customer's account owner when that user is active, else
 * the next active staff member in turn (by id), else the next active owner (a shop with no
 * staff). The turn is a counter in engine_state bumped with one atomic
 * UPDATE … RETURNING, so two engine instances never hand out the same turn.
 */
@Injectable()
export class StaffTaskAssigner extends TaskAssigner {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async assigneeFor(customer: { id: number; accountOwnerId: number | null }): Promise<number | null> {
    if (customer.accountOwnerId != null) {
      const owner = await this.ds.getRepository(User).findOne({ where: { id: customer.accountOwnerId, active: true, role: In(['staff', 'owner']) } });
      if (owner) return owner.id;
    }
    let pool = await this.activeIds('staff');
    if (!pool.length) pool = await this.activeIds('owner');
    if (!pool.length) return null;
    const turn = await this.nextTurn();
    return pool[turn % pool.length];
  }

  private async activeIds(role: string): Promise<number[]> {
    const rows = await this.ds.getRepository(User).find({ select: { id: true }, where: { role, active: true }, order: { id: 'ASC' } });
    return rows.map((r) => r.id);
  }

  /** 0, 1, 2, … across all engine instances. */
  async nextTurn(): Promise<number> {
    const now = this.clock.now().getTime();
    const pg = this.ds.options.type === 'postgres';
    const p = (i: number) => (pg ? `$${i}` : '?');
    const qr = this.ds.createQueryRunner();
    try {
      await qr.query(`INSERT INTO engine_state (key, value, updated_at) VALUES (${p(1)}, '-1', ${p(2)}) ON CONFLICT (key) DO NOTHING`, [ROUND_ROBIN_KEY, now]);
      const result = await qr.query(
        `UPDATE engine_state SET value = CAST(CAST(value AS integer) + 1 AS varchar(20)), updated_at = ${p(1)} WHERE key = ${p(2)} RETURNING value`,
        [now, ROUND_ROBIN_KEY],
        true,
      );
      const rows = (result.records ?? []) as Array<{ value: string | number }>;
      return Number(rows[0]?.value ?? 0);
    } finally {
      await qr.release();
    }
  }
}
