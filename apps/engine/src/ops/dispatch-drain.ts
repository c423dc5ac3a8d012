import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { EmailSender, SmsSender } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { OutboxMessage } from '@touchbase/store';

/**
 * Graceful shutdown of the dispatcher role, in onModuleDestroy (before any other shutdown
 * hook, while the database is open): stop claiming, let the sends in flight finish for up to
 * half of SHUTDOWN_TIMEOUT_MS, then hand back every row this instance still holds — status
 * `queued`, lease cleared, the attempt not counted — so another instance sends it at once
 * instead of after the lease. Sends that hang past the drain time are abandoned (the process
 * exits without waiting for them).
 */
@Injectable()
export class DispatchDrain implements OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ds: DataSource,
    private readonly dispatcher: Dispatcher,
    private readonly email: EmailSender,
    private readonly sms: SmsSender,
  ) {}

  async onModuleDestroy(): Promise<void> {
    if (!this.config.roles.includes('dispatcher')) return;
    const drainMs = Math.floor(this.config.ops.shutdownTimeoutMs / 2);
    let timer: NodeJS.Timeout | undefined;
    const drained = await Promise.race([
      this.dispatcher.stop().then(() => true),
      new Promise<boolean>((r) => (timer = setTimeout(() => r(false), drainMs))),
    ]);
    clearTimeout(timer);
    if (!drained)
      this.logger.warn(`sends still in flight after ${drainMs} ms: releasing their leases anyway`);
    const released = await releaseLeases(this.ds, this.dispatcher.owner, !drained);
    this.logger.log(`dispatcher stopped; released ${released} claimed message(s) back to the queue`);
    // The rest of the shutdown does not wait for hung sends; closing the transports drops the
    // sends still queued in them. A late outcome is ignored: the rows are no longer leased to us.
    if (!drained) {
      this.dispatcher.abandonInFlight();
      await Promise.all([this.email.close(), this.sms.close()]).catch(() => undefined);
    }
  }
}

/**
 * Puts every row leased by `owner` and not finished back in the queue, uncounting the claim's
 * attempt. `inDoubt` (sends were still in flight): their outcome is unknown, so the next attempt
 * looks first (SMS) or is the one resend with the same identity (email): see
 * docs/delivery-guarantees.md#crashes.
 */
export async function releaseLeases(ds: DataSource, owner: string, inDoubt = false): Promise<number> {
  const r = await ds
    .createQueryBuilder()
    .update(OutboxMessage)
    .set({
      status: 'queued',
      leaseOwner: null,
      leaseUntil: null,
      attempts: () => 'CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END',
      ...(inDoubt
        ? {
            unknownSince: () => 'COALESCE(unknown_since, attempt_started_at)',
            unknownCount: () => 'unknown_count + 1',
          }
        : {}),
    })
    .where({ status: 'sending', leaseOwner: owner })
    .execute();
  return r.affected ?? 0;
}
