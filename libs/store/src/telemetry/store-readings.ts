import { DataSource } from 'typeorm';
import { OutboxMessage, Task, Touch } from '../entities';
import { ENGINE_STATE } from '../engine-state.keys';
import { readStates } from '../engine-state.store';

/** What the outbox holds right now: the figures behind /health/ready and the scrape-time gauges. */
export interface OutboxReadings {
  /** Rows per status (queued, sending, sent, delivered, failed, …). */
  byStatus: Record<string, number>;
  /** Queued rows whose next attempt is due (the backlog). */
  dueQueued: number;
  /** Age in seconds of the oldest due queued row; 0 when there is none. */
  oldestDueAgeSeconds: number;
  /** Rows claimed by a dispatcher whose lease has run out (a crashed or stuck instance). */
  expiredLeases: number;
}

export interface ChannelState {
  paused: boolean;
  reason?: string;
  at?: string;
}

/** Set-based, indexed reads (ix_outbox_status_next); the same query builder SQL on both databases. */
export async function readOutbox(
  ds: DataSource,
  now: Date,
  opts: { byStatus?: boolean } = {},
): Promise<OutboxReadings> {
  const repo = ds.getRepository(OutboxMessage);
  const byStatus: Record<string, number> = {};
  // Counting every row by status grows with the outbox's history: metrics only, not readiness.
  if (opts.byStatus ?? true) {
    const rows: Array<{ status: string; n: string | number }> = await repo
      .createQueryBuilder('m')
      .select('m.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.status')
      .getRawMany();
    for (const r of rows) byStatus[r.status] = Number(r.n);
  }

  const due: { n: string | number; oldest: string | number | null } | undefined = await repo
    .createQueryBuilder('m')
    .select('COUNT(*)', 'n')
    .addSelect('MIN(m.nextAttemptAt)', 'oldest')
    .where('m.status = :status AND m.nextAttemptAt <= :now', { status: 'queued', now: now.getTime() })
    .getRawOne();
  const oldest = due?.oldest == null ? null : Number(due.oldest);

  const expired: { n: string | number } | undefined = await repo
    .createQueryBuilder('m')
    .select('COUNT(*)', 'n')
    .where('m.status = :status AND m.leaseUntil < :now', { status: 'sending', now: now.getTime() })
    .getRawOne();

  return {
    byStatus,
    dueQueued: Number(due?.n ?? 0),
    oldestDueAgeSeconds: oldest == null ? 0 : Math.max(0, (now.getTime() - oldest) / 1000),
    expiredLeases: Number(expired?.n ?? 0),
  };
}

/** Occasions held as blocked by an owner-fixable problem (ix_touches_status_due). */
export async function countBlockedTouches(ds: DataSource): Promise<number> {
  return ds.getRepository(Touch).count({ where: { status: 'blocked' } });
}

export async function countOpenTasks(ds: DataSource): Promise<number> {
  return ds.getRepository(Task).count({ where: { status: 'open' } });
}

/** The scheduler's progress and the channels' paused state, from engine_state. */
export async function readEngineState(
  ds: DataSource,
  channels: readonly string[],
): Promise<{
  lastTickAt: string | null;
  evaluatedUpTo: string | null;
  channels: Record<string, ChannelState>;
}> {
  const keys = [
    ENGINE_STATE.lastTickAt,
    ENGINE_STATE.evaluatedUpTo,
    ...channels.map((c) => ENGINE_STATE.channel(c)),
  ];
  const values = await readStates(ds, keys);
  const value = (k: string) => values.get(k) ?? null;
  const out: Record<string, ChannelState> = {};
  for (const c of channels) out[c] = parseChannelState(value(ENGINE_STATE.channel(c)));
  return {
    lastTickAt: value(ENGINE_STATE.lastTickAt),
    evaluatedUpTo: value(ENGINE_STATE.evaluatedUpTo),
    channels: out,
  };
}

/** A channel's engine_state value ({ paused, reason, at } as JSON); unset or unreadable is not paused. */
export function parseChannelState(raw: string | null): ChannelState {
  if (!raw) return { paused: false };
  try {
    const v = JSON.parse(raw) as Partial<ChannelState>;
    return { paused: Boolean(v.paused), reason: v.reason ?? undefined, at: v.at ?? undefined };
  } catch {
    return { paused: false, reason: `unreadable state: ${raw.slice(0, 100)}` };
  }
}
