import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { PreviewService, TOUCH_OUTCOMES } from '@touchbase/rules';
import { ContactEvent, Customer, num, OutboxMessage, rows, SettingsService } from '@touchbase/store';

/** How far ahead the customer page looks for planned touches. */
export const UPCOMING_DAYS = 14;

export interface UpcomingTouch {
  rule: string;
  /** email | sms | task */
  channel: string;
  /** When it goes out (a message) or is due (a task). */
  at: Date;
  /** The customer's zone: the page shows `at` in it. */
  zone: string;
}

/**
 * The customer page's figures (docs/web-ui.md#customers): lifetime spend and order count in the
 * business currency, the last orders, waitlist places, the consent history, and what is planned.
 */
@Injectable()
export class CustomerProfileQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly previews: PreviewService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(ContactEvent) private readonly contacts: Repository<ContactEvent>,
    @InjectRepository(OutboxMessage) private readonly outbox: Repository<OutboxMessage>,
    private readonly ownerSettings: SettingsService,
  ) {}

  /** The business's own country (DEFAULT_PHONE_REGION): an address there is shown without the country line. */
  homeCountry(): string {
    return this.config.business.phoneRegion;
  }

  /** The business currency: lifetime spend counts orders in it. */
  currency(): string {
    return this.config.business.currency;
  }

  async figures(customerId: number) {
    const currency = this.config.business.currency;
    const [[sum], lastOrders, waitlists] = await Promise.all([
      rows<{ spend: number; n: number }>(
        this.ds,
        'SELECT COALESCE(SUM(total_minor), 0) AS spend, COUNT(*) AS n FROM orders WHERE customer_id = ? AND currency = ?',
        [customerId, currency],
      ),
      rows<{ external_id: string; placed_at: number; total_minor: number; currency: string }>(
        this.ds,
        'SELECT external_id, placed_at, total_minor, currency FROM orders WHERE customer_id = ? ORDER BY placed_at DESC, id DESC LIMIT 5',
        [customerId],
      ),
      // the place in line: waiting entries of the same product that joined earlier (or at once, with a lower id)
      rows<{ name: string; sku: string; place: number }>(
        this.ds,
        `SELECT p.name, p.sku, (SELECT COUNT(*) FROM waitlist_entries o
            WHERE o.product_id = w.product_id AND o.status = 'waiting'
              AND (o.joined_at < w.joined_at OR (o.joined_at = w.joined_at AND o.id <= w.id))) AS place
           FROM waitlist_entries w JOIN products p ON p.id = w.product_id
          WHERE w.customer_id = ? AND w.status = 'waiting' ORDER BY w.joined_at`,
        [customerId],
      ),
    ]);
    return {
      currency,
      spendMinor: num(sum?.spend),
      orderCount: num(sum?.n),
      lastOrders: lastOrders.map((o) => ({
        id: o.external_id,
        at: new Date(num(o.placed_at)),
        totalMinor: num(o.total_minor),
        currency: o.currency,
      })),
      waitlists: waitlists.map((w) => ({ product: w.name || w.sku, place: num(w.place) })),
    };
  }

  /** Consent and scope changes, newest first, with who made them (null: the customer or a system). */
  async consentHistory(customerId: number, userNames: Map<number, string>) {
    const events = await this.contacts.find({
      where: { customerId, kind: In(['opt_in', 'opt_out', 'preference']) },
      order: { occurredAt: 'DESC', id: 'DESC' },
      take: 30,
    });
    return events.map((e) => ({
      at: e.occurredAt,
      kind: e.kind,
      summary: e.summary,
      by: e.userId ? (userNames.get(e.userId) ?? null) : null,
    }));
  }

  /**
   * What is planned for the customer in the next UPCOMING_DAYS: messages already queued, and what
   * the preview (the scheduler's own planning, all rules together) will make, in their time zone.
   */
  async upcoming(c: Customer): Promise<UpcomingTouch[]> {
    const zone = c.timezone ?? this.ownerSettings.get().timezone;
    const now = this.clock.now();
    const [queued, report] = await Promise.all([
      this.outbox.find({
        where: { customerId: c.id, status: 'queued' },
        order: { nextAttemptAt: 'ASC' },
        take: 10,
      }),
      this.previews.preview({ at: now, days: UPCOMING_DAYS, customerId: c.id }),
    ]);
    const planned = report.lines
      .filter((l) => (TOUCH_OUTCOMES as readonly string[]).includes(l.outcome))
      .map((l) => ({
        rule: l.ruleName,
        channel: l.outcome === 'task' ? 'task' : (l.channel ?? ''),
        at: new Date(l.sendAt ?? l.dueAt),
        zone: l.zone,
      }));
    const waiting = queued.map((m) => ({
      rule: m.subject || m.purpose,
      channel: m.channel,
      at: m.nextAttemptAt,
      zone,
    }));
    return [...waiting, ...planned].sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}
