import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { Clock, Conflict, NotFound } from '@touchbase/core';
import { OutboxMessage, touchesFollowMessages } from '@touchbase/store';

/**
 * The owner's "retry" on a failed message, or on one held because its outcome is unknown (see
 * docs/delivery-guarantees.md#email): it goes back into the outbox as due now, with a fresh set
 * of attempts (a held one keeps its Message-ID and its count of unknown outcomes). The dispatcher re-checks consent and quiet hours as for any message,
 * so a retry never reaches a customer who has opted out since.
 */
@Injectable()
export class MessageRetry {
  constructor(
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    private readonly clock: Clock,
  ) {}

  async retry(messageId: number): Promise<OutboxMessage> {
    const now = this.clock.now();
    // conditional update: two clicks (or two owners) re-queue it once; its touch follows
    const affected = await this.outbox.manager.transaction(async (em) => {
      const r = await em.update(
        OutboxMessage,
        { id: messageId, status: In(['failed', 'held']) },
        {
          status: 'queued',
          attempts: 0,
          nextAttemptAt: now,
          leaseOwner: null,
          leaseUntil: null,
          // the owner's decision allows exactly one more send of a held message
          unknownCount: () => 'CASE WHEN unknown_count > 1 THEN 1 ELSE unknown_count END',
        },
      );
      if (r.affected) await touchesFollowMessages(em, [messageId], now);
      return r.affected ?? 0;
    });
    const message = await this.outbox.findOneBy({ id: messageId });
    if (!message) throw new NotFound(`No message ${messageId}`);
    if (!affected)
      throw new Conflict(
        `Message ${messageId} is ${message.status}; only a failed or held message can be retried`,
      );
    return message;
  }
}
