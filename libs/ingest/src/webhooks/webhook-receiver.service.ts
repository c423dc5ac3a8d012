import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Clock, ValidationFailed } from '@touchbase/core';
import { purgeWebhookReceipts, recordWebhookReceipt } from '@touchbase/store';
import { matchesAny } from './signatures';
import { WebhookSecretsService, WebhookSource } from './webhook-secrets.service';

/** Receipts are kept this long: senders stop retrying long before (Shopify: 48 h). */
const RECEIPT_RETENTION_MS = 7 * 24 * 3_600_000;
const PURGE_EVERY_MS = 3_600_000;

export type Delivery<T> = { duplicate: true } | { duplicate: false; result: T };

/**
 * The one webhook mechanism (docs/shops.md#webhooks): a signature checked against the source's
 * accepted secrets, then the change applied once per delivery id, in one transaction with its
 * receipt, so a retry, a replay or a failure half-way changes nothing.
 */
@Injectable()
export class WebhookReceiver {
  private readonly log = new Logger('Webhooks');
  private lastPurge = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly secrets: WebhookSecretsService,
  ) {}

  async verify(source: WebhookSource, given: string | undefined, sign: (secret: string) => string) {
    return matchesAny(await this.secrets.accepted(source), given, sign);
  }

  /** Runs `apply` in one transaction with the receipt of (source, deliveryId); a seen id changes nothing. */
  async once<T>(
    source: WebhookSource,
    deliveryId: string,
    apply: (m: EntityManager, now: Date) => Promise<T>,
  ): Promise<Delivery<T>> {
    const now = this.clock.now();
    try {
      const out = await this.ds.transaction(async (m): Promise<Delivery<T>> => {
        if (!(await recordWebhookReceipt(m, source, deliveryId, now))) return { duplicate: true };
        return { duplicate: false, result: await apply(m, now) };
      });
      await this.purge(source, now);
      return out;
    } catch (e) {
      // Field names only: payloads carry names, emails and phones (docs/security.md#webhooks).
      if (e instanceof ValidationFailed)
        this.log.warn(`${source} delivery refused (400): ${e.fields.map((f) => f.field).join(', ')}`);
      throw e;
    }
  }

  private async purge(source: WebhookSource, now: Date): Promise<void> {
    if (now.getTime() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now.getTime();
    await purgeWebhookReceipts(this.ds.manager, source, new Date(now.getTime() - RECEIPT_RETENTION_MS));
  }
}
