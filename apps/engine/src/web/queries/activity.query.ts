import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ChannelState } from '@touchbase/messaging';
import { Customer, OutboxMessage, Rule, Touch } from '@touchbase/store';

/** How many rows each section of the Activity page shows. */
const LIMIT = 30;

export interface ActivityRow {
  id: number;
  customerId: number | null;
  customerName: string;
  channel: string | null;
  status: string;
  at: Date | null;
  subject: string;
  reason: string;
  attempts?: number;
  ruleName?: string;
}

export interface ActivityPage {
  sent: ActivityRow[];
  queued: ActivityRow[];
  failed: ActivityRow[];
  missed: ActivityRow[];
  counts: { sent: number; queued: number; failed: number; missed: number };
  pausedChannels: Array<{ channel: string; reason: string }>;
}

/**
 * The Activity page's read model: what went out, what is queued, what failed (and why), what
 * was missed or skipped (from the ledger), and paused channels (the messaging area's
 * ChannelState). Read-only and bounded.
 */
@Injectable()
export class ActivityQuery {
  constructor(
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
    @InjectRepository(Touch) private readonly touches: Repository<Touch>,
    @InjectRepository(Customer) private readonly customers: Repository<Customer>,
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    private readonly channels: ChannelState,
  ) {}

  async page(): Promise<ActivityPage> {
    const SENT = ['sent', 'delivered'];
    const QUEUED = ['queued', 'sending'];
    const FAILED = ['failed', 'undelivered'];
    const MISSED = ['missed', 'skipped', 'cancelled', 'deferred'];
    const [sent, queued, failed, missed, counts, paused] = await Promise.all([
      this.messages.find({ where: { status: In(SENT) }, order: { sentAt: 'DESC', id: 'DESC' }, take: LIMIT }),
      this.messages.find({
        where: { status: In(QUEUED) },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
        take: LIMIT,
      }),
      this.messages.find({ where: { status: In(FAILED) }, order: { id: 'DESC' }, take: LIMIT }),
      this.touches.find({
        where: { status: In(MISSED) },
        order: { updatedAt: 'DESC', id: 'DESC' },
        take: LIMIT,
      }),
      Promise.all([
        this.messages.count({ where: { status: In(SENT) } }),
        this.messages.count({ where: { status: In(QUEUED) } }),
        this.messages.count({ where: { status: In(FAILED) } }),
        this.touches.count({ where: { status: In(MISSED) } }),
      ]),
      this.channels.all(),
    ]);
    const customerIds = [
      ...new Set(
        [...sent, ...queued, ...failed, ...missed]
          .map((r) => r.customerId)
          .filter((id): id is number => id != null),
      ),
    ];
    const names = new Map(
      (customerIds.length
        ? await this.customers.find({
            where: { id: In(customerIds) },
            select: { id: true, firstName: true, lastName: true },
          })
        : []
      ).map((c) => [c.id, `${c.firstName} ${c.lastName}`.trim()]),
    );
    const ruleIds = [...new Set(missed.map((t) => t.ruleId))];
    const ruleNames = new Map(
      (ruleIds.length ? await this.rules.find({ where: { id: In(ruleIds) } }) : []).map((r) => [
        r.id,
        r.name,
      ]),
    );
    const message = (m: OutboxMessage, at: Date | null): ActivityRow => ({
      id: m.id,
      customerId: m.customerId,
      customerName: m.customerId ? (names.get(m.customerId) ?? `#${m.customerId}`) : m.recipient,
      channel: m.channel,
      status: m.status,
      at,
      subject: m.subject || m.text.slice(0, 80),
      reason: m.lastError ?? '',
      attempts: m.attempts,
    });
    return {
      sent: sent.map((m) => message(m, m.deliveredAt ?? m.sentAt)),
      queued: queued.map((m) => message(m, m.nextAttemptAt)),
      failed: failed.map((m) => message(m, m.sentAt ?? m.createdAt)),
      missed: missed.map((t) => ({
        id: t.id,
        customerId: t.customerId,
        customerName: names.get(t.customerId) ?? `#${t.customerId}`,
        channel: t.channel,
        status: t.status,
        at: t.dueAt,
        subject: t.occasionKey,
        reason: t.reason,
        ruleName: ruleNames.get(t.ruleId) ?? `#${t.ruleId}`,
      })),
      counts: { sent: counts[0], queued: counts[1], failed: counts[2], missed: counts[3] },
      pausedChannels: paused
        .filter((c) => c.paused)
        .map((c) => ({ channel: c.channel, reason: c.reason ?? '' })),
    };
  }
}
