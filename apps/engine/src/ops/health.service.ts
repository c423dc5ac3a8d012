import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { ChannelState, readEngineState, readOutbox } from '@touchbase/store';

/** How long the readiness probe waits for the database before calling it unreachable. */
export const READY_DB_TIMEOUT_MS = 2000;

export interface Liveness {
  status: 'up';
  pid: number;
  roles: string[];
  uptimeSeconds: number;
}

export interface Readiness {
  status: 'ready' | 'not_ready';
  /** Why not ready, in plain words; empty when ready. */
  problems: string[];
  roles: string[];
  /** state: a word, never the driver's message (which can name the host, database and user). */
  database: {
    reachable: boolean;
    type: string;
    latencyMs: number | null;
    state: 'ok' | 'not_connected' | 'timeout' | 'unreachable';
  };
  channels: Record<'email' | 'sms', ChannelState & { transport: string }>;
  scheduler: { lastTickAt: string | null; lastTickAgeSeconds: number | null; evaluatedUpTo: string | null };
  outbox: { dueQueued: number; oldestDueAgeSeconds: number; expiredLeases: number } | null;
}

/**
 * Liveness and readiness. Ready means "this instance can do its work": the database answers
 * within READY_DB_TIMEOUT_MS and the instance is not shutting down. Paused channels, an old last
 * tick and a growing backlog are reported (and alerted on through /metrics) but do not make an
 * instance unready: taking it out of a load balancer would not fix any of them.
 */
@Injectable()
export class HealthService implements OnModuleDestroy {
  private shuttingDown = false;
  private readonly log = new Logger('Health');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  onModuleDestroy(): void {
    this.shuttingDown = true;
  }

  live(): Liveness {
    return {
      status: 'up',
      pid: process.pid,
      roles: this.config.roles,
      uptimeSeconds: Math.round(process.uptime()),
    };
  }

  async ready(): Promise<Readiness> {
    const now = this.clock.now();
    const problems: string[] = [];
    if (this.shuttingDown) problems.push('shutting down');

    const database: Readiness['database'] = {
      reachable: false,
      type: this.config.database.type,
      latencyMs: null,
      state: 'unreachable',
    };
    const started = performance.now();
    try {
      if (!this.ds.isInitialized) throw new Error('not connected');
      await withTimeout(this.ds.query('SELECT 1'), READY_DB_TIMEOUT_MS);
      database.reachable = true;
      database.state = 'ok';
      database.latencyMs = Math.round(performance.now() - started);
    } catch (e) {
      database.state = stateOf(e);
      problems.push(`database unreachable (${database.state})`);
      this.log.warn(e);
    }

    const channels: Readiness['channels'] = {
      email: { transport: this.config.smtp ? 'smtp' : 'file', paused: false },
      sms: { transport: this.config.twilio ? 'twilio' : 'file', paused: false },
    };
    const scheduler: Readiness['scheduler'] = {
      lastTickAt: null,
      lastTickAgeSeconds: null,
      evaluatedUpTo: null,
    };
    let outbox: Readiness['outbox'] = null;
    if (database.reachable) {
      try {
        const [state, o] = await withTimeout(
          Promise.all([
            readEngineState(this.ds, ['email', 'sms']),
            readOutbox(this.ds, now, { byStatus: false }),
          ]),
          READY_DB_TIMEOUT_MS,
        );
        for (const c of ['email', 'sms'] as const) channels[c] = { ...channels[c], ...state.channels[c] };
        scheduler.lastTickAt = state.lastTickAt;
        scheduler.evaluatedUpTo = state.evaluatedUpTo;
        const tickMs = state.lastTickAt ? Date.parse(state.lastTickAt) : NaN;
        if (Number.isFinite(tickMs))
          scheduler.lastTickAgeSeconds = Math.max(0, Math.round((now.getTime() - tickMs) / 1000));
        outbox = {
          dueQueued: o.dueQueued,
          oldestDueAgeSeconds: Math.round(o.oldestDueAgeSeconds),
          expiredLeases: o.expiredLeases,
        };
      } catch (e) {
        problems.push(`database reads failed (${stateOf(e)})`);
        this.log.warn(e);
      }
    }

    return {
      status: problems.length ? 'not_ready' : 'ready',
      problems,
      roles: this.config.roles,
      database,
      channels,
      scheduler,
      outbox,
    };
  }
}

function stateOf(e: unknown): Readiness['database']['state'] {
  const message = e instanceof Error ? e.message : '';
  if (message === 'not connected') return 'not_connected';
  return /no answer within/.test(message) ? 'timeout' : 'unreachable';
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
