import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { Clock, Telemetry } from '@touchbase/core';
import { countBlockedTouches, countOpenTasks, readEngineState, readOutbox } from './store-readings';

const CHANNELS = ['email', 'sms'] as const;

/**
 * Telemetry backed by prom-client, served at GET /metrics. Each app has its own Registry (not
 * the global one), so several engines in one test process do not clash. Counters and
 * histograms are fed by the rule engine and the dispatcher; the outbox, task and scheduler
 * gauges are read from the database at scrape time, so every instance reports the shared
 * state of the whole deployment.
 */
@Injectable()
export class PromTelemetry extends Telemetry {
  readonly registry = new Registry();

  private readonly ticks = new Counter({
    name: 'touchbase_ticks_total',
    help: 'Scheduler ticks by outcome (ok, skipped: another instance held the lock or a tick was running, failed).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  private readonly tickDuration = new Histogram({
    name: 'touchbase_tick_duration_seconds',
    help: 'Wall time of a scheduler tick.',
    labelNames: ['outcome'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });

  private readonly touches = new Counter({
    name: 'touchbase_touches_total',
    help: 'Touches recorded in the ledger by rule kind and status (queued, task, skipped, deferred, missed, …).',
    labelNames: ['rule_kind', 'status'] as const,
    registers: [this.registry],
  });

  private readonly messages = new Counter({
    name: 'touchbase_messages_total',
    help: 'Send attempts finished by channel and result (sent, failed, retry, cancelled).',
    labelNames: ['channel', 'status'] as const,
    registers: [this.registry],
  });

  private readonly retries = new Counter({
    name: 'touchbase_message_retries_total',
    help: 'Temporary send failures that were scheduled for another attempt.',
    labelNames: ['channel'] as const,
    registers: [this.registry],
  });

  private readonly latency = new Histogram({
    name: 'touchbase_message_latency_seconds',
    help: 'From a message being queued to its send being finished (sent or failed): outbox wait, quiet hours and retries included.',
    labelNames: ['channel', 'status'] as const,
    buckets: [1, 5, 15, 30, 60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
    registers: [this.registry],
  });

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {
    super();
    collectDefaultMetrics({ register: this.registry });
    this.registerStoreGauges();
  }

  tickCompleted(durationMs: number, outcome: 'ok' | 'skipped' | 'failed'): void {
    this.ticks.inc({ outcome });
    this.tickDuration.observe({ outcome }, durationMs / 1000);
  }

  touchRecorded(ruleKind: string, status: string): void {
    this.touches.inc({ rule_kind: ruleKind, status });
  }

  messageFinished(
    channel: string,
    status: 'sent' | 'failed' | 'retry' | 'cancelled',
    latencyMs?: number,
  ): void {
    this.messages.inc({ channel, status });
    if (status === 'retry') this.retries.inc({ channel });
    if (latencyMs != null && Number.isFinite(latencyMs))
      this.latency.observe({ channel, status }, latencyMs / 1000);
  }

  /** The Prometheus text exposition of everything in this app's registry. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  /**
   * Gauges computed from the database when Prometheus scrapes. One read per scrape feeds all
   * of them; if the database cannot be reached, touchbase_store_up is 0 and the rest keep
   * their last values (the scrape itself still succeeds).
   */
  private registerStoreGauges(): void {
    let pending: Promise<void> | null = null;
    // Every gauge's collect() awaits the same read, so a scrape costs one round of queries.
    const collect = async () => {
      pending ??= refresh().finally(() => setImmediate(() => (pending = null)));
      await pending;
    };
    const r = [this.registry];
    const gauge = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Gauge<L>({ name, help, labelNames, registers: r, collect });
    const up = gauge('touchbase_store_up', '1 when the last scrape could read the database.');
    const outbox = gauge('touchbase_outbox_messages', 'Outbox rows by status.', ['status']);
    const due = gauge(
      'touchbase_outbox_due_messages',
      'Queued messages whose next attempt is due (the backlog).',
    );
    const oldest = gauge(
      'touchbase_outbox_oldest_due_age_seconds',
      'Age of the oldest due queued message; 0 when none.',
    );
    const expired = gauge(
      'touchbase_outbox_expired_leases',
      'Messages claimed by a dispatcher whose lease ran out.',
    );
    const tasks = gauge('touchbase_open_tasks', 'Open tasks on the staff follow-up lists.');
    const blocked = gauge(
      'touchbase_blocked_occasions',
      'Occasions held as blocked by a problem the owner can fix (missing or broken template, paused channel).',
    );
    const lastTick = gauge(
      'touchbase_last_tick_age_seconds',
      'Seconds since the last completed scheduler tick (-1: never).',
    );
    const paused = gauge('touchbase_channel_paused', '1 when a channel is paused (e.g. SMTP auth failure).', [
      'channel',
    ]);

    const refresh = async () => {
      const now = this.clock.now();
      try {
        const [o, t, s, b] = await Promise.all([
          readOutbox(this.ds, now),
          countOpenTasks(this.ds),
          readEngineState(this.ds, CHANNELS),
          countBlockedTouches(this.ds),
        ]);
        blocked.set(b);
        outbox.reset();
        for (const [status, n] of Object.entries(o.byStatus)) outbox.set({ status }, n);
        due.set(o.dueQueued);
        oldest.set(o.oldestDueAgeSeconds);
        expired.set(o.expiredLeases);
        tasks.set(t);
        const tickMs = s.lastTickAt ? Date.parse(s.lastTickAt) : NaN;
        lastTick.set(Number.isFinite(tickMs) ? Math.max(0, (now.getTime() - tickMs) / 1000) : -1);
        for (const c of CHANNELS) paused.set({ channel: c }, s.channels[c].paused ? 1 : 0);
        up.set(1);
      } catch {
        up.set(0);
      }
    };
  }
}
