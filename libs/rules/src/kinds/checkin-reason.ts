const formats = new Map<string, { digits: number; money: Intl.NumberFormat }>();

function currencyFormat(currency: string, locale: string) {
  const key = `${currency}|${locale}`;
  let f = formats.get(key);
  if (!f) {
    const digits =
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    f = {
      digits,
      money: new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      }),
    };
    formats.set(key, f);
  }
  return f;
}

/** "Spent €4,230 in the last 12 months, 14 orders, last contact 94 days ago" — in the business's currency and locale. */
export function checkinReason(opts: {
  spendMinor: number;
  orders: number;
  currency: string;
  locale: string;
  windowDays: number;
  daysSinceContact: number | null;
}): string {
  const f = currencyFormat(opts.currency, opts.locale);
  const money = f.money.format(Math.round(opts.spendMinor / 10 ** f.digits));
  const span =
    opts.windowDays % 365 === 0 ? `${(opts.windowDays / 365) * 12} months` : `${opts.windowDays} days`;
  const orders = `${opts.orders} order${opts.orders === 1 ? '' : 's'}`;
  const contact =
    opts.daysSinceContact === null
      ? 'no contact on record'
      : `last contact ${opts.daysSinceContact} day${opts.daysSinceContact === 1 ? '' : 's'} ago`;
  return `Spent ${money} in the last ${span}, ${orders}, ${contact}`;
}
