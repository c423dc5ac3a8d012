import { publicLabelFor, TouchContext } from '@touchbase/core';
import { MoneyValue } from './liquid-renderer';

/** What a template sees about the business. */
export interface BusinessVars {
  name: string;
  /** The shop's website when set, else Touchbase's public address. */
  url: string;
  /** The shop's website ('' when not set). */
  shop_url: string;
  /** Postal address / imprint, one line per line ('' when not set). */
  address: string;
  /** The logo's address ('' when none). */
  logo_url: string;
  currency: string;
}

/** Links and other per-message extras every template may use. */
export interface ExtraVars {
  unsubscribe_url: string;
  survey_url?: string;
  [key: string]: string | undefined;
}

/**
 * The variables of a template, in Liquid's snake_case:
 *   customer.{id, first_name, last_name, name, email, phone, locale, birthday, tags}
 *   business.{name, url, currency}
 *   order.{id, number, total, placed_at, item_count, lines[].{sku, name, quantity}}
 *   product.{id, sku, name, url}
 *   rule.{id, kind, label} (label: the rule's public label in this locale; `name` is the same,
 *     the internal rule name never reaches a customer)
 *   unsubscribe_url, survey_url, locale
 *   hold_until (back in stock: the last day a unit set aside is held, YYYY-MM-DD, blank when none;
 *     write it with `| date: "ccc d LLL"`)
 * Absent objects (no order for a birthday) are left out.
 */
export function buildScope(
  ctx: TouchContext,
  business: BusinessVars,
  locale: string,
  extra: ExtraVars,
): Record<string, unknown> {
  const c = ctx.customer;
  const scope: Record<string, unknown> = {
    locale,
    customer: {
      id: c.id,
      first_name: c.firstName,
      last_name: c.lastName,
      name: [c.firstName, c.lastName].filter(Boolean).join(' '),
      email: c.email ?? '',
      phone: c.phone ?? '',
      locale: c.locale ?? '',
      birthday: birthdayIso(c.birthdayYear, c.birthdayMonth, c.birthdayDay),
      tags: [...c.tags],
    },
    business: { ...business },
  };
  if (ctx.order) {
    const lines = Array.isArray(ctx.order.lines) ? (ctx.order.lines as Array<Record<string, unknown>>) : [];
    scope.order = {
      id: ctx.order.id,
      number: ctx.order.externalId,
      total: new MoneyValue(ctx.order.totalMinor, ctx.order.currency, locale),
      placed_at: ctx.order.placedAt,
      item_count: lines.reduce((n, l) => n + (Number(l.quantity) || 0), 0),
      lines: lines.map((l) => ({
        sku: String(l.sku ?? ''),
        name: String(l.name ?? l.sku ?? ''),
        quantity: Number(l.quantity) || 0,
      })),
    };
  }
  if (ctx.product)
    scope.product = {
      id: ctx.product.id,
      sku: ctx.product.sku,
      name: ctx.product.name,
      // No known page: empty (templates show the link only `{% if product.url != blank %}`);
      // business.url is Touchbase's own address and would open its sign-in page.
      url: ctx.product.url ?? '',
    };
  if (ctx.rule) {
    const label = publicLabelFor(ctx.rule.publicLabel, locale, locale) ?? '';
    scope.rule = { id: ctx.rule.id, kind: ctx.rule.kind, label, name: label };
  }
  for (const [k, v] of Object.entries({ ...snakeKeys(ctx.extra ?? {}), ...extra }))
    if (v !== undefined) scope[k] = v;
  return scope;
}

/** A complete context with every variable present: templates are validated against it when saved. */
export function sampleTouchContext(currency: string): TouchContext {
  return {
    customer: {
      id: 0,
      firstName: 'Anna',
      lastName: 'Nowak',
      email: 'anna@example.com',
      phone: '+4915112345678',
      locale: null,
      timezone: null,
      birthdayYear: 1990,
      birthdayMonth: 2,
      birthdayDay: 28,
      tags: ['vip'],
    },
    rule: { id: 0, name: 'Sample rule', kind: 'birthday', publicLabel: { en: 'your birthday greeting' } },
    order: {
      id: 0,
      externalId: 'SAMPLE-1001',
      placedAt: new Date(Date.UTC(2026, 5, 1, 10, 0)),
      totalMinor: 24990,
      currency,
      lines: [{ sku: 'SKU-1', name: 'Espresso machine', quantity: 1 }],
    },
    product: { id: 0, sku: 'SKU-1', name: 'Espresso machine', url: 'https://shop.example.com/p/sku-1' },
    touchId: 0,
    extra: { survey_url: 'https://touchbase.example.com/s/sample', hold_until: '2026-06-04' },
  };
}

function birthdayIso(year: number | null, month: number | null, day: number | null): string {
  if (!month || !day) return '';
  // Without a year, a leap year keeps 29 Feb valid; formats without a year are unaffected.
  return `${String(year ?? 2000).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function snakeKeys(extra: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(extra).map(([k, v]) => [k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), v]),
  );
}
