import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DateTime } from 'luxon';
import { AppConfig, APP_CONFIG } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import {
  applySpendChanges,
  orderSpendChanges,
  Customer,
  DEMO_SHOP_URL,
  Order,
  OrderLine,
  Product,
  productPageUrl,
  shopAddress,
  Tier,
  WaitlistEntry,
} from '@touchbase/store';
import { recomputeTiers } from '../tiers/tier-recompute';
import { DEMO_NAMES, DEMO_PRODUCTS, DEMO_REGIONS, DEMO_TIERS } from './demo-names';

export interface DemoSummary {
  customers: number;
  orders: number;
  products: number;
  waitlistEntries: number;
  /** Customers whose birthday falls in the next 7 days (local to them). */
  birthdaysNextWeek: number;
  /** Service tiers defined (0 when the owner had defined some already). */
  tiers: number;
}

/** mulberry32: a small seeded PRNG, so the demo shop is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ascii(s: string): string {
  return s
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}

const DAY = 86_400_000;
const CUSTOMERS = 200;
const SEED = 20_260_615;

/**
 * The demo shop: ~200 customers in a few timezones and locales, a year of orders (some large),
 * 20 products with some out of stock and waitlists, birthdays spread so several fall in the
 * coming days relative to the Clock, and two service tiers (VIP, Regular) computed from those
 * orders. Deterministic for a given `now`. Creates no rules, templates or users (other areas seed those).
 */
@Injectable()
export class DemoDataService {
  private readonly log = new Logger('DemoData');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Seeds only when the customers table is empty (the embedded default's first start). */
  async seedIfEmpty(now: Date = this.clock.now()): Promise<DemoSummary | null> {
    if ((await this.ds.getRepository(Customer).count()) > 0) return null;
    const summary = await this.seed(now);
    this.log.log(
      `Demo shop created: ${summary.customers} customers, ${summary.orders} orders, ${summary.products} products.`,
    );
    return summary;
  }

  async seed(now: Date = this.clock.now()): Promise<DemoSummary> {
    return this.ds.transaction(async (m) => {
      if ((await m.getRepository(Customer).count()) > 0)
        throw new Error('the store already has customers; demo data goes into an empty store only');
      const rnd = seededRandom(SEED);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
      const products = await this.products(m, now);
      const customers = await this.customers(m, now, rnd, pick);
      const orders = await this.orders(m, now, rnd, pick, customers, products);
      const waitlist = await this.waitlists(m, now, rnd, customers, products);
      const tiers = await this.tiers(m, now);
      const soon = customers.filter((c) => c.birthdaySoon).length;
      return {
        customers: customers.length,
        orders,
        products: products.length,
        waitlistEntries: waitlist,
        birthdaysNextWeek: soon,
        tiers,
      };
    });
  }

  /** The demo tiers (only when the owner has defined none), recomputed set-based like the daily step. */
  private async tiers(m: EntityManager, now: Date): Promise<number> {
    if ((await m.getRepository(Tier).count()) > 0) return 0;
    await m
      .getRepository(Tier)
      .insert(DEMO_TIERS.map((t) => ({ ...t, match: 'any' as const, createdAt: now, updatedAt: now })));
    await recomputeTiers(m, now, this.config.business.currency);
    return DEMO_TIERS.length;
  }

  private async products(m: EntityManager, now: Date): Promise<Product[]> {
    // Product pages on the shop's address (a reserved example domain until one is set), so a
    // back-in-stock message links to the product, not to Touchbase.
    const shop = (await shopAddress(m, this.config)) ?? DEMO_SHOP_URL;
    const rows = DEMO_PRODUCTS.map((p) =>
      m.getRepository(Product).create({
        sku: p.sku,
        name: p.name,
        stock: p.stock,
        priceMinor: p.price,
        currency: this.config.business.currency,
        url: productPageUrl(shop, p.sku),
        createdAt: new Date(now.getTime() - 400 * DAY),
        updatedAt: now,
      }),
    );
    return m.getRepository(Product).save(rows, { chunk: 50 });
  }

  private async customers(m: EntityManager, now: Date, rnd: () => number, pick: <T>(xs: readonly T[]) => T) {
    const totalWeight = DEMO_REGIONS.reduce((s, r) => s + r.weight, 0);
    const rows: Customer[] = [];
    const soon: boolean[] = [];
    for (let i = 0; i < CUSTOMERS; i++) {
      let w = rnd() * totalWeight;
      const region = DEMO_REGIONS.find((r) => (w -= r.weight) < 0) ?? DEMO_REGIONS[0];
      const names = DEMO_NAMES[region.locale];
      const first = pick(names.first);
      const last = pick(names.last);
      const localNow = DateTime.fromJSDate(now, { zone: region.zone });
      let year: number | null = localNow.year - 18 - Math.floor(rnd() * 60);
      let date: DateTime;
      const isSoon = i % 12 === 0; // ~17 customers with a birthday 1–7 days ahead in their own zone
      if (isSoon) date = localNow.plus({ days: 1 + (i % 7) });
      else if (i === 7) date = DateTime.fromObject({ year: 2000, month: 2, day: 29 });
      else
        date = DateTime.fromObject({ year: 2001, month: 1, day: 1 }).plus({ days: Math.floor(rnd() * 365) });
      if (i === 7) year = 1996;
      else if (rnd() < 0.15) year = null;
      if (year !== null && date.month === 2 && date.day === 29 && !DateTime.fromObject({ year }).isInLeapYear)
        year = null;
      const hasBirthday = isSoon || i === 7 || rnd() < 0.85;
      const phone =
        region.phone && rnd() < 0.8 ? region.phone.replace(/#/g, () => String(Math.floor(rnd() * 10))) : null;
      const createdAt = new Date(now.getTime() - Math.floor((30 + rnd() * 700) * DAY));
      const emailConsent = rnd() < 0.8;
      const smsConsent = !!phone && rnd() < 0.45;
      const tags = [
        rnd() < 0.08 ? 'vip' : '',
        rnd() < 0.06 ? 'wholesale' : '',
        rnd() < 0.2 ? (rnd() < 0.5 ? 'tea' : 'coffee') : '',
      ].filter(Boolean);
      rows.push(
        m.getRepository(Customer).create({
          externalId: `demo-c-${String(i + 1).padStart(4, '0')}`,
          firstName: first,
          lastName: last,
          email: `${ascii(first)}.${ascii(last)}${i + 1}@${pick(['example.com', 'example.net', 'example.org'])}`,
          phone,
          phoneProblem: null,
          birthdayYear: hasBirthday ? year : null,
          birthdayMonth: hasBirthday ? date.month : null,
          birthdayDay: hasBirthday ? date.day : null,
          birthdayMd: hasBirthday ? date.toFormat('MM-dd') : null,
          timezone: region.zone,
          locale: region.locale,
          preferredChannels: smsConsent && rnd() < 0.3 ? 'sms,email' : 'email,sms',
          emailConsent,
          emailConsentAt: emailConsent ? createdAt : null,
          emailConsentSource: emailConsent ? pick(['checkout', 'newsletter-form', 'in-store']) : null,
          smsConsent,
          smsConsentAt: smsConsent ? createdAt : null,
          smsConsentSource: smsConsent ? 'checkout' : null,
          tags,
          notes: '',
          accountOwnerId: null,
          erasedAt: null,
          createdAt,
          updatedAt: createdAt,
        }),
      );
      soon.push(isSoon);
    }
    const saved = await m.getRepository(Customer).save(rows, { chunk: 50 });
    return saved.map((c, i) => Object.assign(c, { birthdaySoon: soon[i] }));
  }

  private async orders(
    m: EntityManager,
    now: Date,
    rnd: () => number,
    pick: <T>(xs: readonly T[]) => T,
    customers: Customer[],
    products: Product[],
  ): Promise<number> {
    const everyday = products.filter((p) => (p.priceMinor ?? 0) < 10_000 && p.sku !== 'GFT-CARD');
    const big = products.filter((p) => (p.priceMinor ?? 0) >= 20_000);
    let n = 0;
    let batch: Order[] = [];
    for (const c of customers) {
      const count = Math.floor(rnd() ** 2 * 10); // many buy once or twice, a few are regulars
      for (let k = 0; k < count; k++) {
        const placedAt = new Date(
          now.getTime() - Math.floor((1 + rnd() * 364) * DAY) - Math.floor(rnd() * DAY),
        );
        const lines: OrderLine[] = [];
        const items = 1 + Math.floor(rnd() * 3);
        for (let j = 0; j < items; j++) {
          const p = pick(everyday);
          lines.push({
            sku: p.sku,
            name: p.name,
            quantity: 1 + Math.floor(rnd() * 3),
            unitPriceMinor: p.priceMinor ?? 0,
          });
        }
        if (rnd() < 0.05) {
          const p = pick(big);
          lines.push({ sku: p.sku, name: p.name, quantity: 1, unitPriceMinor: p.priceMinor ?? 0 });
        }
        n++;
        batch.push(
          m.getRepository(Order).create({
            externalId: `demo-o-${String(n).padStart(5, '0')}`,
            customerId: c.id,
            placedAt,
            totalMinor: lines.reduce((s, l) => s + l.quantity * (l.unitPriceMinor ?? 0), 0),
            currency: this.config.business.currency,
            lines,
            createdAt: placedAt,
          }),
        );
        if (batch.length >= 100) {
          await this.insertOrders(m, batch);
          batch = [];
        }
      }
    }
    if (batch.length) await this.insertOrders(m, batch);
    return n;
  }

  /** The orders and their 12-month spend, in the demo's transaction. */
  private async insertOrders(m: EntityManager, batch: Order[]): Promise<void> {
    await m.getRepository(Order).insert(batch);
    await applySpendChanges(
      m,
      batch.flatMap((o) => orderSpendChanges(null, o)),
    );
  }

  private async waitlists(
    m: EntityManager,
    now: Date,
    rnd: () => number,
    customers: Customer[],
    products: Product[],
  ): Promise<number> {
    const rows: WaitlistEntry[] = [];
    for (const p of products.filter((x) => x.stock <= 0)) {
      const size = 3 + Math.floor(rnd() * 6);
      const chosen = new Set<number>();
      while (chosen.size < size) chosen.add(customers[Math.floor(rnd() * customers.length)].id);
      [...chosen].forEach((customerId, k) =>
        rows.push(
          m.getRepository(WaitlistEntry).create({
            customerId,
            productId: p.id,
            joinedAt: new Date(now.getTime() - (60 - k * 5) * DAY),
            status: 'waiting',
            notifiedRestockId: null,
          }),
        ),
      );
    }
    await m.getRepository(WaitlistEntry).insert(rows);
    return rows.length;
  }
}
