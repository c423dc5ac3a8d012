import { OutboxMessage } from '@touchbase/store';
import { OutboxStore } from './outbox-store';
import { ConsentView, scopeFor } from './send-check';

/** A claimed message with what its send-time check needs. */
export interface Claimed {
  msg: OutboxMessage;
  customer: ConsentView | null;
  /** The rule kind of its touch, looked up only where the customer narrowed the channel to personal messages. */
  ruleKind: string | null;
}

export interface ClaimPlan {
  now: Date;
  owner: string;
  batchSize: number;
  leaseMs: number;
  /** Claim the next batch when this many or fewer claimed messages are left unsent. */
  low: number;
  /** Channels not to claim; read at each claim, so a channel paused mid-run is left alone from then on. */
  paused: ReadonlySet<string>;
}

/**
 * The one owner of claiming in a dispatch run (a sliding window): senders take claimed messages
 * one at a time with `next()`, and the next batch is claimed while the current one is still being
 * sent (when `low` or fewer are left unsent), so the senders do not wait at batch boundaries for a
 * claim's round trips. One claim at a time. `stop()` claims no more; `unsent()` returns what was
 * claimed and not handed out, for the dispatcher to release (see docs/delivery.md#the-outbox-and-the-dispatcher).
 */
export class ClaimFeed {
  private readonly queue: Claimed[] = [];
  private readonly seen = new Set<number>();
  private claiming: Promise<void> | null = null;
  private done = false;
  /** A claim's error, rethrown by the dispatcher once the messages already claimed are handled. */
  failure: unknown = null;
  claimed = 0;

  constructor(
    private readonly outbox: OutboxStore,
    private readonly plan: ClaimPlan,
  ) {}

  /** The next claimed message to send, or null when nothing more is due (or claiming stopped). */
  async next(): Promise<Claimed | null> {
    for (;;) {
      if (!this.done && this.queue.length <= this.plan.low) this.refill();
      const item = this.queue.shift();
      if (item) return item;
      if (!this.claiming) return null;
      await this.claiming;
    }
  }

  /** Claim no more. */
  stop(): void {
    this.done = true;
  }

  /** Stops claiming, waits for a claim in flight, and returns the claimed messages not handed out. */
  async unsent(): Promise<Claimed[]> {
    this.done = true;
    await this.claiming;
    return this.queue.splice(0);
  }

  private refill(): void {
    this.claiming ??= this.claimBatch()
      .then(
        (batch) => {
          // Safety net: a row this run already handled is never sent twice in one run.
          if (!batch.length || batch.every((c) => this.seen.has(c.msg.id))) {
            this.done = true;
            return;
          }
          for (const c of batch) this.seen.add(c.msg.id);
          // kept even when stop() came meanwhile: unsent() hands them back to be released
          this.claimed += batch.length;
          this.queue.push(...batch);
        },
        (e: unknown) => {
          this.done = true;
          this.failure = e ?? new Error('claim failed');
        },
      )
      .finally(() => (this.claiming = null));
  }

  private async claimBatch(): Promise<Claimed[]> {
    const { now, owner, batchSize, leaseMs, paused } = this.plan;
    const batch = await this.outbox.claim(now, batchSize, owner, leaseMs, [...paused]);
    if (!batch.length) return [];
    const customers = new Map(
      (await this.outbox.customers(batch.flatMap((m) => (m.customerId == null ? [] : [m.customerId])))).map(
        (c) => [c.id, c],
      ),
    );
    const customerOf = (m: OutboxMessage) => customers.get(m.customerId ?? -1) ?? null;
    const kinds = await this.outbox.ruleKinds(
      batch.flatMap((m) =>
        m.touchId != null && scopeFor(m, customerOf(m)) === 'personal' ? [m.touchId] : [],
      ),
    );
    return batch.map((msg) => ({
      msg,
      customer: customerOf(msg),
      ruleKind: msg.touchId == null ? null : (kinds.get(msg.touchId) ?? null),
    }));
  }
}
