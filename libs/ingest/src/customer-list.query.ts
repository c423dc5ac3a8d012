import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock, currencyDigits } from '@touchbase/core';
import { Customer, inList, Tier, NON_CONTACT_KINDS, num, numOrNull, rows } from '@touchbase/store';
import { normalizeTags } from './normalize/fields';
import { likePattern, Page, pageBounds, PageQuery } from './paging';

export const CUSTOMER_SORTS = ['name', 'spend', 'lastContact', 'created'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const CONSENT_FILTERS = ['email', 'sms', 'none'] as const;

/** The customer list's filters (docs/web-ui.md#customers); every one is optional. */
export interface CustomerFilter extends PageQuery {
  tag?: string;
  /** email / sms: has that consent; none: neither. */
  consent?: (typeof CONSENT_FILTERS)[number];
  /** 1–12. */
  birthdayMonth?: number;
  /** Lifetime spend in the business currency, major units (e.g. 100 = 100.00 €), inclusive. */
  spendFrom?: number;
  spendTo?: number;
  /** Last contact within the last N days. */
  contactWithinDays?: number;
  /** No contact for at least N days (including never). */
  noContactDays?: number;
  /** A tier's name (case-insensitive), or `none` for customers without a tier. */
  tier?: string;
  sort?: CustomerSort;
  dir?: 'asc' | 'desc';
}

/** A customer with lifetime figures (orders in the business currency) and the last real contact. */
export type CustomerListItem = Customer & {
  spendMinor: number;
  orderCount: number;
  lastContactAt: Date | null;
  /** The service tier's name, or null. */
  tier: string | null;
};

const DAY = 86_400_000;

/**
 * The customer list: filters, sorting and paging in one set-based statement (never all customers
 * in memory). Spend and last contact are per-row subqueries read through ix_orders_customer_spend
 * and ix_contact_events_customer_at.
 */
@Injectable()
export class CustomerListQuery {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async page(f: CustomerFilter): Promise<Page<CustomerListItem>> {
    const { limit, offset } = pageBounds(f);
    const { where, params } = this.where(f);
    const [count] = await rows<{ n: number }>(
      this.ds,
      `SELECT COUNT(*) AS n FROM customers c WHERE ${where}`,
      params,
    );
    const ids = await rows<{ id: number; spend: number; orders: number; contact: number | null }>(
      this.ds,
      `SELECT id, spend, orders, contact FROM (
         SELECT c.id, c.created_at, LOWER(c.first_name) AS first_name, LOWER(c.last_name) AS last_name,
                ${SPEND} AS spend, ${ORDERS} AS orders, ${CONTACT} AS contact
           FROM customers c WHERE ${where}) x
        ORDER BY ${this.order(f)} LIMIT ? OFFSET ?`,
      [...this.figureParams(), ...params, limit, offset],
    );
    const found = ids.length
      ? await this.ds.getRepository(Customer).findBy({ id: In(ids.map((r) => Number(r.id))) })
      : [];
    const byId = new Map(found.map((c) => [c.id, c]));
    const tierIds = [...new Set(found.map((c) => c.tierId).filter((t): t is number => t !== null))];
    const tierNames = new Map(
      (tierIds.length ? await this.ds.getRepository(Tier).findBy({ id: In(tierIds) }) : []).map((t) => [
        t.id,
        t.name,
      ]),
    );
    const items = ids.flatMap((r) => {
      const c = byId.get(Number(r.id));
      if (!c) return [];
      const contact = numOrNull(r.contact);
      return [
        Object.assign(c, {
          spendMinor: num(r.spend),
          orderCount: num(r.orders),
          lastContactAt: contact === null ? null : new Date(contact),
          tier: c.tierId === null ? null : (tierNames.get(c.tierId) ?? null),
        }),
      ];
    });
    return { items, total: num(count?.n), limit, offset };
  }

  /** Parameters of the SPEND, ORDERS and CONTACT subqueries, in that order. */
  private figureParams(): unknown[] {
    return [this.config.business.currency, this.config.business.currency, ...NON_CONTACT_KINDS];
  }

  private order(f: CustomerFilter): string {
    const dir = f.dir === 'desc' ? 'DESC' : 'ASC';
    switch (f.sort) {
      case 'spend':
        return `spend ${dir}, id ${dir}`;
      case 'lastContact':
        // never contacted counts as longest ago: first when ascending, last when descending
        return `COALESCE(contact, 0) ${dir}, id ${dir}`;
      case 'created':
        return `created_at ${dir}, id ${dir}`;
      case 'name':
        return `last_name ${dir}, first_name ${dir}, id ${dir}`;
      default:
        return `id ${dir}`;
    }
  }

  private where(f: CustomerFilter): { where: string; params: unknown[] } {
    const sql: string[] = ['1 = 1'];
    const params: unknown[] = [];
    if (f.q?.trim()) {
      const digits = f.q.replace(/[^\d+]/g, '');
      // SQLite's LOWER() folds ASCII only, so names are also matched as typed (e.g. "Łucja").
      sql.push(
        `(LOWER(c.first_name) LIKE ? ESCAPE '\\' OR LOWER(c.last_name) LIKE ? ESCAPE '\\' OR LOWER(c.first_name || ' ' || c.last_name) LIKE ? ESCAPE '\\'` +
          ` OR c.first_name LIKE ? ESCAPE '\\' OR c.last_name LIKE ? ESCAPE '\\'` +
          ` OR c.email LIKE ? ESCAPE '\\' OR c.external_id = ?${digits.length >= 4 ? ' OR c.phone LIKE ?' : ''})`,
      );
      const p = likePattern(f.q);
      const asTyped = likePattern(f.q, false);
      params.push(p, p, p, asTyped, asTyped, p, f.q.trim());
      if (digits.length >= 4) params.push(`%${digits.replace(/^0+/, '')}%`);
    }
    if (f.tag?.trim()) {
      const [tag] = normalizeTags(f.tag);
      if (tag) {
        sql.push("c.tags LIKE ? ESCAPE '\\'");
        params.push(`%,${tag.replace(/[\\%_]/g, (ch) => '\\' + ch)},%`);
      }
    }
    if (f.consent === 'email') sql.push('c.email_consent = TRUE');
    if (f.consent === 'sms') sql.push('c.sms_consent = TRUE');
    if (f.consent === 'none') sql.push('c.email_consent = FALSE AND c.sms_consent = FALSE');
    if (f.tier?.trim()) {
      if (f.tier.trim().toLowerCase() === 'none') sql.push('c.tier_id IS NULL');
      else {
        sql.push('c.tier_id IN (SELECT t.id FROM tiers t WHERE LOWER(t.name) = LOWER(?))');
        params.push(f.tier.trim());
      }
    }
    if (f.birthdayMonth) {
      sql.push('c.birthday_month = ?');
      params.push(f.birthdayMonth);
    }
    const scale = 10 ** currencyDigits(this.config.business.currency);
    if (f.spendFrom !== undefined) {
      sql.push(`${SPEND} >= ?`);
      params.push(this.config.business.currency, Math.round(f.spendFrom * scale));
    }
    if (f.spendTo !== undefined) {
      sql.push(`${SPEND} <= ?`);
      params.push(this.config.business.currency, Math.round(f.spendTo * scale));
    }
    const now = this.clock.now().getTime();
    if (f.contactWithinDays !== undefined) {
      sql.push(`${CONTACT} >= ?`);
      params.push(...NON_CONTACT_KINDS, now - f.contactWithinDays * DAY);
    }
    if (f.noContactDays !== undefined) {
      sql.push(`COALESCE(${CONTACT}, 0) < ?`);
      params.push(...NON_CONTACT_KINDS, now - f.noContactDays * DAY);
    }
    return { where: sql.join(' AND '), params };
  }
}

const SPEND = `(SELECT COALESCE(SUM(o.total_minor), 0) FROM orders o WHERE o.customer_id = c.id AND o.currency = ?)`;
const ORDERS = `(SELECT COUNT(*) FROM orders o WHERE o.customer_id = c.id AND o.currency = ?)`;
const CONTACT = `(SELECT MAX(e.occurred_at) FROM contact_events e WHERE e.customer_id = c.id AND e.kind NOT IN (${inList(NON_CONTACT_KINDS)}))`;
