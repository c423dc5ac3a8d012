import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock, TaskAssigner } from '@touchbase/core';
import { nextCount, User } from '@touchbase/store';

export const ROUND_ROBIN_KEY = 'staff.round_robin';

/**
 * Who works a task a rule made: the customer's account owner when that user is active, else
 * the next active staff member in turn (by id), else the next active owner (a shop with no
 * staff). The turn is a counter in engine_state bumped by one atomic upsert … RETURNING, so
 * two engine instances never hand out the same turn.
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
    const { staff, owners } = await this.activePeople();
    if (
      customer.accountOwnerId != null &&
      (staff.includes(customer.accountOwnerId) || owners.includes(customer.accountOwnerId))
    )
      return customer.accountOwnerId;
    const pool = staff.length ? staff : owners;
    if (!pool.length) return null;
    return pool[(await this.nextTurn()) % pool.length];
  }

  /** Active people by role, read fresh each time (a small table; a user change applies at once). */
  private async activePeople(): Promise<{ staff: number[]; owners: number[] }> {
    const rows = await this.ds
      .getRepository(User)
      .find({ select: { id: true, role: true }, where: { active: true }, order: { id: 'ASC' } });
    return {
      staff: rows.filter((r) => r.role === 'staff').map((r) => r.id),
      owners: rows.filter((r) => r.role === 'owner').map((r) => r.id),
    };
  }

  /** 0, 1, 2, … across all engine instances. */
  async nextTurn(): Promise<number> {
    return nextCount(this.ds, ROUND_ROBIN_KEY, this.clock.now());
  }
}
