import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  effectiveZone,
  EmailSender,
  nextAllowedInWeek,
  SendOutcome,
  SmsSender,
  Telemetry,
} from '@touchbase/core';
import { OutboxMessage, SettingsService } from '@touchbase/store';
import { UnsubscribeLinks } from '../consent/unsubscribe-links';
import { EmailLayout } from '../templates/email-layout.service';
import { ChannelState } from './channel-state';
import { OutboxStore, Outcome } from './outbox-store';
import { ConsentView, sendProblem } from './send-check';
import { ClaimFeed } from './claim-feed';
import { decide, heldReason, mustHold } from './outcome-policy';
import { OutcomeWriter } from './outcome-writer';

export interface DispatchSummary {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  cancelled: number;
  deferred: number;
  released: number;
  /** Outcome unknown: queued to look (SMS) or resend once (email) later. */
  unknown: number;
  /** Outcome unknown and not to be resent: waiting for the owner's review. */
  held: number;
  pausedChannels: string[];
}

/**
 * How long a finished send's outcome may wait for others to be written with it: a few more sends
 * per write transaction (whose BEGIN/COMMIT and statements cost the same for 3 outcomes as for
 * 25), for a delay that is small beside a provider's answer time (docs/benchmarks.md#npm-run-benchdispatch).
 */
const GROUP_WAIT_MS = 10;

/** Purposes that go to a customer under the consent and quiet-hour rules (tests and digests do not). */
const CUSTOMER_PURPOSES = new Set(['touch', 'survey', 'reply']);

/**
 * Sends what is due in the outbox. `dispatchDue(now)` claims batches under a lease until nothing
 * is due (ClaimFeed claims the next batch while the current one is still being sent), re-checks consent and quiet hours for each message just before sending, sends up to
 * `concurrency` at a time, and records each outcome as it completes (OutcomeWriter), so a
 * crash leaves at most the sends in flight in doubt (see docs/delivery-guarantees.md).
 */
@Injectable()
export class Dispatcher implements OnApplicationShutdown {
  private readonly log = new Logger('Dispatcher');
  /** This instance's name on the leases it takes (host:pid:random); graceful shutdown releases what it still holds. */
  readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private running: Promise<DispatchSummary> | null = null;
  private stopping = false;
  private abandoned = false;
  /** quietHours()'s answers for one `now` and one version of the settings */
  private quiet: {
    settings: unknown;
    now: number;
    by: Map<string, { zone: string; allowed: Date }>;
  } = { settings: null, now: NaN, by: new Map() };

  constructor(
    private readonly outbox: OutboxStore,
    private readonly channels: ChannelState,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
    private readonly links: UnsubscribeLinks,
    private readonly layout: EmailLayout,
    private readonly telemetry: Telemetry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  /** Sends everything due at `now`. A call while another runs waits for it and returns its summary. */
  dispatchDue(now: Date): Promise<DispatchSummary> {
    if (this.running) return this.running;
    this.running = this.run(now).finally(() => (this.running = null));
    return this.running;
  }

  /** Graceful shutdown: claim no more, let the sends in flight finish and write, release the rest. */
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

  /** `concurrency` senders take claimed messages from the feed and record each outcome as it completes. */
  private async run(now: Date): Promise<DispatchSummary> {
    const summary: DispatchSummary = {
      claimed: 0,
      sent: 0,
      retried: 0,
      failed: 0,
      cancelled: 0,
      deferred: 0,
      released: 0,
      unknown: 0,
      held: 0,
      pausedChannels: [],
    };
    // the owner's latest quiet hours, sender and Reply-To (changed in any process): one small read per run
    await this.settings.refresh({ maxAgeMs: 0 });
    const paused = new Set(await this.channels.pausedChannels());
    const { batchSize, leaseSeconds, concurrency } = this.config.dispatch;
    // group commit: a write starts once half the senders wait for it, or the first has waited GROUP_WAIT_MS
    const writer = new OutcomeWriter((outcomes) => this.persist(outcomes, now, summary), {
      parallel: this.outbox.parallelWrites,
      group: Math.max(1, Math.floor(concurrency / 2)),
      waitMs: GROUP_WAIT_MS,
    });
    // claims the next batch while the last `low` of this one are sent (docs/delivery.md#the-outbox-and-the-dispatcher)
    const low = Math.max(concurrency, Math.floor(batchSize / 2));
    const plan = { now, owner: this.owner, batchSize, leaseMs: leaseSeconds * 1000, low, paused };
    const feed = new ClaimFeed(this.outbox, plan);
    const sender = async () => {
      try {
        while (!this.stopping) {
          const c = await feed.next();
          if (!c) break;
          const newlyPaused: Array<[string, string]> = [];
          await writer.record(await this.deliver(c.msg, c.customer, c.ruleKind, now, paused, newlyPaused));
          for (const [channel, reason] of newlyPaused) await this.channels.pause(channel, reason);
        }
      } catch (e) {
        feed.stop();
        throw e;
      }
    };
    const senders = await Promise.allSettled(Array.from({ length: concurrency }, sender));
    // shutdown (or a failed write): what was claimed and not sent goes back to the queue now
    const unsent = await feed.unsent();
    await Promise.all(
      unsent.map((c) =>
        writer.record({ kind: 'released', msg: c.msg, error: 'not sent: the dispatcher stopped' }),
      ),
    );
    summary.claimed = feed.claimed;
    const failed = senders.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed) throw failed.reason;
    if (feed.failure) throw feed.failure;
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
    ruleKind: string | null,
    now: Date,
    paused: Set<string>,
    newlyPaused: Array<[string, string]>,
  ): Promise<Outcome> {
    if (paused.has(m.channel)) return { kind: 'released', msg: m, error: `${m.channel} channel is paused` };
    if (CUSTOMER_PURPOSES.has(m.purpose) && m.customerId != null) {
      const blocked = sendProblem(m, customer, ruleKind);
      if (blocked) return { kind: 'cancelled', msg: m, reason: blocked };
      const { zone, allowed } = this.quietHours(
        now,
        customer!.timezone,
        m.channel === 'sms' ? 'sms' : 'email',
      );
      if (allowed.getTime() > now.getTime())
        return { kind: 'deferred', msg: m, at: allowed, reason: `quiet hours in ${zone}` };
    }
    if (mustHold(m))
      return { kind: 'held', msg: m, error: heldReason(m.unknownCount, 'the sender stopped mid-send') };
    if (m.channel === 'sms' && m.unknownSince) {
      const looked = await this.lookFirst(m, now);
      if (looked) return looked;
    }
    const out = await (m.channel === 'email' ? this.sendEmail(m) : this.sendSms(m)).catch(
      (e: unknown): SendOutcome => ({ kind: 'unknown', reason: e instanceof Error ? e.message : String(e) }),
    );
    if (out.kind === 'sent') return { kind: 'sent', msg: m, providerId: out.providerId };
    if (out.kind === 'permanent' && out.scope === 'account') {
      if (!paused.has(m.channel)) {
        paused.add(m.channel);
        newlyPaused.push([m.channel, out.reason]);
      }
      return { kind: 'released', msg: m, error: out.reason };
    }
    return decide(m, out, now, this.policy);
  }

  /**
   * The next instant a message may go out in the customer's zone (now when not in quiet hours).
   * A run's `now` is fixed, so it is worked out once per zone and channel (luxon's zone
   * arithmetic per message was 3 % of the engine's CPU per SMS), and again when the settings change.
   */
  private quietHours(
    now: Date,
    customerZone: string | null,
    channel: 'sms' | 'email',
  ): { zone: string; allowed: Date } {
    const settings = this.settings.get();
    if (this.quiet.settings !== settings || this.quiet.now !== now.getTime())
      this.quiet = { settings, now: now.getTime(), by: new Map() };
    const key = `${channel} ${customerZone ?? ''}`;
    let found = this.quiet.by.get(key);
    if (!found) {
      const zone = effectiveZone(customerZone, settings.timezone);
      found = { zone, allowed: nextAllowedInWeek(now, zone, settings.quietHours[channel]) };
      this.quiet.by.set(key, found);
    }
    return found;
  }

  private get policy() {
    const d = this.config.dispatch;
    return { maxAttempts: d.maxAttempts, unknownDelayMs: d.unknownDelaySeconds * 1000 };
  }

  /**
   * An earlier attempt of this SMS may have been accepted: adopt its SID when Twilio lists it;
   * send again only when it does not. If Twilio cannot be asked, nothing is sent now.
   */
  private async lookFirst(m: OutboxMessage, now: Date): Promise<Outcome | null> {
    try {
      const q = { to: m.recipient, body: m.text, since: m.unknownSince!, messageId: m.id };
      const sid = await this.sms.findSent(q);
      return sid ? { kind: 'sent', msg: m, providerId: sid } : null;
    } catch (e) {
      const reason = `could not look for an earlier attempt: ${e instanceof Error ? e.message : String(e)}`;
      return decide(m, { kind: 'temporary', reason }, now, this.policy);
    }
  }

  /** An email in the owner's layout (docs/delivery.md#email-layout), a customer's with their own unsubscribe link. */
  private async sendEmail(m: OutboxMessage) {
    const toCustomer = m.customerId != null && CUSTOMER_PURPOSES.has(m.purpose);
    // one signature per email: the visible link and the List-Unsubscribe header are the same URL
    const customerLink = toCustomer ? this.links.url(m.customerId!, 'email') : null;
    const headers = customerLink ? this.links.headers(m.customerId!, customerLink) : undefined;
    const unsubscribeUrl =
      customerLink ?? (m.purpose === 'test' ? `${this.settings.get().publicBaseUrl}/u/sample` : null);
    // every email goes into the layout, the staff's too (digest, password reset): the shop's
    // name, logo and imprint; only a customer's email carries an unsubscribe link
    const body = await this.layout.wrap({
      locale: m.locale,
      subject: m.subject,
      html: m.html,
      text: m.text,
      unsubscribeUrl,
    });
    const s = this.settings.get();
    return this.email.send({
      to: m.recipient,
      subject: m.subject,
      html: body.html,
      text: body.text,
      headers,
      messageId: m.id,
      from: { name: s.senderName, address: s.senderAddress },
      replyTo: s.replyTo || undefined,
    });
  }

  private sendSms(m: OutboxMessage) {
    // the outbox id in the URL matches a callback that arrives before the SID is recorded
    const statusCallbackUrl = `${this.settings.get().publicBaseUrl}/webhooks/twilio/status?outbox=${m.id}`;
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
    } else if (o.kind === 'unknown') {
      s.unknown++;
      this.telemetry.messageFinished(o.msg.channel, 'retry');
      this.log.warn(`message ${o.msg.id} (${o.msg.channel}): ${o.error}`);
    } else if (o.kind === 'held') {
      s.held++;
      this.log.warn(`message ${o.msg.id} (${o.msg.channel}) held for review: ${o.error}`);
    } else if (o.kind === 'deferred') s.deferred++;
    else s.released++;
  }
}
