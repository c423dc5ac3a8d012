import { formatWholeMoney } from '@touchbase/core';

/** "Spent €4,230 in the last 12 months, 14 orders, last contact 94 days ago" — in the business's currency and locale. */
export function checkinReason(opts: {
  spendMinor: number;
  orders: number;
  currency: string;
  locale: string;
  windowDays: number;
  daysSinceContact: number | null;
}): string {
  const money = formatWholeMoney(opts.spendMinor, opts.currency, opts.locale);
  const span =
    opts.windowDays % 365 === 0 ? `${(opts.windowDays / 365) * 12} months` : `${opts.windowDays} days`;
  const orders = `${opts.orders} order${opts.orders === 1 ? '' : 's'}`;
  const contact =
    opts.daysSinceContact === null
      ? 'no contact on record'
      : `last contact ${opts.daysSinceContact} day${opts.daysSinceContact === 1 ? '' : 's'} ago`;
  return `Spent ${money} in the last ${span}, ${orders}, ${contact}`;
}
