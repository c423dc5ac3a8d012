import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  effectiveZone,
  EmailSender,
  nextAllowedInstant,
  SendError,
  SmsSender,
  Telemetry,
} from '@touchbase/core';
import { OutboxMessage } from '@touchbase/store';
import { UnsubscribeLinks } from '../consent/unsubscribe-links';
import { TWILIO_BAD_NUMBER, TWILIO_UNSUBSCRIBED } from '../channels/failure-classes';
import { backoffMs } from './backoff';
import { ChannelState } from './channel-state';
import { ConsentView, OutboxStore, Outcome } from './outbox-store';

export interface DispatchSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  deferred: number;
  released: number;
  pausedChannels: string[];
}

/** Purposes that go to a customer under the consent and quiet-hour rules (tests and digests do not). */
const CUSTOMER_PURPOSES = new Set(['touch', 'survey']);

/**
 * Sends what is due in the outbox. `dispatchDue(now)` claims batches under a lease until nothing
 * is due, re-checks consent and quiet hours for each message just before sending, sends up to
 * `concurrency` at a time, and writes each batch's outcomes in one transaction.
 */
@Injectable()
export class Dispatcher implements OnApplicationShutdown {
  private readonly log = new Logger('Dispatcher');
  /** This instance's name on the leases it takes (host:pid:random); graceful shutdown releases what it still holds. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private running: Promise<DispatchSummary> | null = null;
  private stopping = false;
  private abandoned = false;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly channels: ChannelState,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    private readonly links: UnsubscribeLinks,
    private readonly telemetry: Telemetry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Sends everything due at `now`. A call while another runs waits for it and returns its summary. */
  dispatchDue(now: Date): Promise<DispatchSummary> {
    if (this.running) return this.running;
    this.running = this.run(now).finally(() => (this.running = null));
    return this.running;
  }

  /** Graceful shutdown: finish the batch in flight, claim no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.abandoned) return;
    await this.running?.catch(() => undefined);
  }

  /**
   * Shutdown gave up waiting for sends that hang (ops' DispatchDrain has put their rows back in
   * the queue): claim no more, and let stop() return without waiting for them.
   */
  abandonInFlight(): void {
    this.stopping = true;
    this.abandoned = true;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
    await Promise.all([this.email.close(), this.sms.close()]);
  }

  /**
   * Claim, send, persist. A batch's outcomes are written while the next batch is being sent
   * (never two database operations at once: the claim waits for the previous write).
   */
  private async run(now: Date): Promise<DispatchSummary> {
    const summary: DispatchSummary = {
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      cancelled: 0,
      deferred: 0,
      released: 0,
      pausedChannels: [],
    };
    const paused = new Set(await this.channels.pausedChannels());
    const { batchSize, leaseSeconds, concurrency } = this.config.dispatch;
    const seen = new Set<number>();
    let previous: Outcome[] | null = null;
    while (!this.stopping) {
      const batch = await this.outbox.claim(now, batchSize, this.owner, leaseSeconds * 1000, [...paused]);
      // Safety net: a row this run already handled is never sent twice in one run.
      if (!batch.length || batch.every((m) => seen.has(m.id))) break;
      for (const m of batch) seen.add(m.id);
      summary.claimed += batch.length;
      const customers = new Map(
        (await this.outbox.customers(batch.flatMap((m) => (m.customerId == null ? [] : [m.customerId])))).map(
          (c) => [c.id, c],
        ),
      );
      const newlyPaused: Array<[string, string]> = [];
      const [outcomes]: [Outcome[], void] = await Promise.all([
        pool(batch, concurrency, (m) =>
          this.deliver(m, customers.get(m.customerId ?? -1) ?? null, now, paused, newlyPaused),
        ),
        previous ? this.persist(previous, now, summary) : Promise.resolve(),
      ]);
      for (const [channel, reason] of newlyPaused) await this.channels.pause(channel, reason);
      previous = outcomes;
    }
    if (previous) await this.persist(previous, now, summary);
    summary.pausedChannels = [...paused];
    if (summary.claimed) this.log.log(`dispatched ${JSON.stringify(summary)}`);
    return summary;
  }

  private async persist(outcomes: Outcome[], now: Date, summary: DispatchSummary): Promise<void> {
    await this.outbox.apply(outcomes, now, this.owner);
    for (const o of outcomes) this.count(o, summary, now);
  }

  private async deliver(
    m: OutboxMessage,
    customer: ConsentView | null,
    now: Date,
    paused: Set<string>,
    newlyPaused: Array<[string, string]>,
  ): Promise<Outcome> {
    if (paused.has(m.channel)) return { kind: 'released', msg: m, error: `${m.channel} channel is paused` };
    if (CUSTOMER_PURPOSES.has(m.purpose) && m.customerId != null) {
      const blocked = this.consentProblem(m, customer);
      if (blocked) return { kind: 'cancelled', msg: m, reason: blocked };
      const zone = effectiveZone(customer!.timezone, this.config.business.timezone);
      const allowed = nextAllowedInstant(
        now,
        zone,
        this.config.policy.quietHoursStart,
        this.config.policy.quietHoursEnd,
      );
      if (allowed.getTime() > now.getTime())
        return { kind: 'deferred', msg: m, at: allowed, reason: `quiet hours in ${zone}` };
    }
    try {
      const { providerId } = m.channel === 'email' ? await this.sendEmail(m) : await this.sendSms(m);
      return { kind: 'sent', msg: m, providerId };
    } catch (e) {
      const err =
        e instanceof SendError ? e : new SendError(e instanceof Error ? e.message : String(e), 'temporary');
      if (err.kind === 'configuration') {
        if (!paused.has(m.channel)) {
          paused.add(m.channel);
          newlyPaused.push([m.channel, err.message]);
        }
        return { kind: 'released', msg: m, error: err.message };
      }
      if (err.kind === 'permanent') {
        const code = Number(err.code);
        const customerEffect =
          m.channel !== 'sms'
            ? undefined
            : code === TWILIO_UNSUBSCRIBED
              ? 'sms_opt_out'
              : TWILIO_BAD_NUMBER.includes(code)
                ? 'phone_problem'
                : undefined;
        return { kind: 'failed', msg: m, error: err.message, customerEffect };
      }
      if (m.attempts >= this.config.dispatch.maxAttempts)
        return { kind: 'failed', msg: m, error: `gave up after ${m.attempts} attempts: ${err.message}` };
      return {
        kind: 'retry',
        msg: m,
        error: err.message,
        at: new Date(now.getTime() + backoffMs(m.attempts)),
      };
    }
  }

  private consentProblem(m: OutboxMessage, c: ConsentView | null): string | null {
    if (!c || c.erasedAt) return 'customer erased';
    if (m.channel === 'email') return c.emailConsent ? null : 'no email consent (withdrawn after queueing)';
    if (!c.smsConsent) return 'no SMS consent (withdrawn after queueing)';
    if (c.phoneProblem) return `phone number problem: ${c.phoneProblem}`;
    return null;
  }

  private sendEmail(m: OutboxMessage) {
    const headers =
      m.customerId != null && CUSTOMER_PURPOSES.has(m.purpose) ? this.links.headers(m.customerId) : undefined;
    return this.email.send({
      to: m.recipient,
      subject: m.subject,
      html: m.html,
      text: m.text,
      headers,
      messageId: m.id,
    });
  }

  private sendSms(m: OutboxMessage) {
    const statusCallbackUrl = `${this.config.http.publicBaseUrl}/webhooks/twilio/status`;
    return this.sms.send({ to: m.recipient, body: m.text, statusCallbackUrl, messageId: m.id });
  }

  private count(o: Outcome, s: DispatchSummary, now: Date): void {
    const latency = now.getTime() - o.msg.createdAt.getTime();
    if (o.kind === 'sent') {
      s.sent++;
      this.telemetry.messageFinished(o.msg.channel, 'sent', latency);
    } else if (o.kind === 'retry') {
      s.retried++;
      this.telemetry.messageFinished(o.msg.channel, 'retry');
    } else if (o.kind === 'failed') {
      s.failed++;
      this.telemetry.messageFinished(o.msg.channel, 'failed', latency);
      this.log.warn(`message ${o.msg.id} (${o.msg.channel}) failed: ${o.error}`);
    } else if (o.kind === 'cancelled') {
      s.cancelled++;
      this.telemetry.messageFinished(o.msg.channel, 'cancelled');
    } else if (o.kind === 'deferred') s.deferred++;
    else s.released++;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results keep the items' order. */
export async function pool<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
