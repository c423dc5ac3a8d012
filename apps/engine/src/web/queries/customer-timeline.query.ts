import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ContactEvent, Order, OutboxMessage, Rule, Task, TierChange, Touch } from '@touchbase/store';

export interface TimelineEntry {
  kind: 'order' | 'touch' | 'message' | 'contact' | 'task' | 'tier';
  at: Date;
  /** Message key and parameters for the entry's one-line title. */
  titleKey: string;
  params: Record<string, unknown>;
  status?: string;
  detail?: string;
  by?: string | null;
}

/** How many of each kind the customer page shows (newest first); older history is in the export. */
const PER_KIND = 50;

/**
 * The customer page's timeline: orders, touches, messages (with delivery status), calls and
 * notes (contact history) and tasks, newest first. Read-only, a bounded number per kind.
 */
@Injectable()
export class CustomerTimelineQuery {
  constructor(
    @InjectRepository(Order) private readonly orders: Repository<Order>,
    @InjectRepository(Touch) private readonly touches: Repository<Touch>,
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
    @InjectRepository(ContactEvent) private readonly contacts: Repository<ContactEvent>,
    @InjectRepository(Task) private readonly tasks: Repository<Task>,
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    @InjectRepository(TierChange) private readonly tierChanges: Repository<TierChange>,
  ) {}

  async forCustomer(customerId: number, userNames: Map<number, string>): Promise<TimelineEntry[]> {
    const recent = { where: { customerId }, order: { id: 'DESC' as const }, take: PER_KIND };
    const [orders, touches, messages, contacts, tasks, tierChanges] = await Promise.all([
      this.orders.find({ where: { customerId }, order: { placedAt: 'DESC' }, take: PER_KIND }),
      this.touches.find(recent),
      this.messages.find(recent),
      this.contacts.find({ where: { customerId }, order: { occurredAt: 'DESC' }, take: PER_KIND }),
      this.tasks.find(recent),
      this.tierChanges.find(recent),
    ]);
    const ruleIds = [...new Set(touches.map((t) => t.ruleId))];
    const ruleNames = new Map(
      (ruleIds.length ? await this.rules.find({ where: { id: In(ruleIds) } }) : []).map((r) => [
        r.id,
        r.name,
      ]),
    );
    const entries: TimelineEntry[] = [
      ...orders.map((o) => ({
        kind: 'order' as const,
        at: o.placedAt,
        titleKey: 'timeline.order',
        params: { id: o.externalId, totalMinor: o.totalMinor, currency: o.currency },
        detail: (o.lines ?? []).map((l) => `${l.quantity} × ${l.name ?? l.sku}`).join(', '),
      })),
      ...touches.map((t) => ({
        kind: 'touch' as const,
        at: t.dueAt,
        titleKey: 'timeline.touch',
        params: { rule: ruleNames.get(t.ruleId) ?? `#${t.ruleId}`, status: t.status },
        status: t.status,
        detail: [t.channel, t.reason].filter(Boolean).join(' · '),
      })),
      ...messages.map((m) => ({
        kind: 'message' as const,
        at: m.sentAt ?? m.createdAt,
        titleKey: 'timeline.message',
        params: { channel: m.channel, recipient: m.recipient, status: m.status },
        status: m.status,
        detail: [m.subject || m.text.slice(0, 120), m.lastError].filter(Boolean).join(' · '),
      })),
      ...contacts
        // messages already appear with their delivery status; show calls, cards, notes, replies, opt-outs
        .filter((c) => !(c.messageId && (c.kind === 'email' || c.kind === 'sms')))
        .map((c) => ({
          kind: 'contact' as const,
          at: c.occurredAt,
          titleKey: 'timeline.contact',
          params: { kind: c.kind, direction: c.direction },
          detail: c.summary,
          by: c.userId ? (userNames.get(c.userId) ?? null) : null,
        })),
      ...tasks.map((t) => ({
        kind: 'task' as const,
        at: t.completedAt ?? t.createdAt,
        titleKey: 'timeline.task',
        params: { title: t.title, status: t.status },
        status: t.status,
        detail: [t.outcome, t.outcomeNote, t.skipReason, t.snoozedUntil].filter(Boolean).join(' · '),
      })),
      // service tiers (docs/ingest.md#service-tiers): from → to, why, and who when set by hand
      ...tierChanges.map((t) => ({
        kind: 'tier' as const,
        at: t.changedAt,
        titleKey: 'tiers.timeline',
        params: { from: t.fromName, to: t.toName, reason: t.reason },
        by: t.userId ? (userNames.get(t.userId) ?? null) : null,
      })),
    ];
    return entries.sort((a, b) => b.at.getTime() - a.at.getTime());
  }
}
