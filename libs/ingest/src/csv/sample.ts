import { currencyDigits } from '@touchbase/core';
import { normalizeCustomerInput } from '../normalize/customer';
import { normalizeOrderInput, normalizeProductInput } from '../normalize/order-product';
import { ImportKind } from './columns';
import { WriterContext } from './row-writers';

const yesNo = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');
const money = (minor: number | null | undefined, currency: string | null | undefined) => {
  if (minor == null || !currency) return undefined;
  const d = currencyDigits(currency);
  return `${(minor / 10 ** d).toFixed(d)} ${currency}`;
};

/**
 * A row as the import would store it, as readable strings (field → value), so the owner sees
 * before confirming that `24.12.` became a birthday on 24 Dec and `ja` became consent.
 * Null when the row has problems (those are listed separately).
 */
export function sampleValues(
  kind: ImportKind,
  values: Record<string, string>,
  ctx: WriterContext,
): Record<string, string> | null {
  let out: Record<string, string | number | undefined | null>;
  if (kind === 'customers') {
    const { patch: c, problems } = normalizeCustomerInput(values, ctx);
    if (!problems.ok) return null;
    out = {
      externalId: c.externalId,
      firstName: c.firstName,
      lastName: c.lastName,
      email: c.email,
      phone: c.phone,
      birthday: c.birthdayMd
        ? c.birthdayYear
          ? `${c.birthdayYear}-${c.birthdayMd}`
          : `--${c.birthdayMd}`
        : null,
      timezone: c.timezone,
      locale: c.locale,
      preferredChannels: c.preferredChannels,
      emailConsent: yesNo(c.emailConsent),
      smsConsent: yesNo(c.smsConsent),
      tags: c.tags?.join(', '),
      notes: c.notes,
    };
  } else if (kind === 'orders') {
    const { order: o } = normalizeOrderInput(values, ctx.currency, ctx.reading);
    if (!o) return null;
    out = {
      externalId: o.externalId,
      customer: o.customerRef.externalId ?? o.customerRef.email,
      placedAt: o.placedAt.toISOString(),
      total: money(o.totalMinor, o.currency),
      lines: o.lines.map((l) => `${l.sku} ×${l.quantity}`).join(', '),
    };
  } else {
    const { patch: p, problems } = normalizeProductInput(values, ctx.currency, ctx.reading);
    if (!problems.ok) return null;
    out = { sku: p.sku, name: p.name, stock: p.stock, price: money(p.priceMinor, p.currency), url: p.url };
  }
  const clean: Record<string, string> = {};
  for (const [k, v] of Object.entries(out)) if (v != null && v !== '') clean[k] = String(v);
  return clean;
}
