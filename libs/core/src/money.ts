/** Money is held in minor units (cents) with an ISO 4217 currency code. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return formatter(locale, currency, digits === 0 ? 0 : undefined).format(minor / 10 ** digits);
}

/** "€4,230": a sum in minor units rounded to whole units (a task's "spent …", a check-in's reason). */
export function formatWholeMoney(minor: number, currency: string, locale: string): string {
  return formatter(locale, currency, 0).format(Math.round(minor / 10 ** currencyDigits(currency)));
}

/**
 * Formatters and digit counts, remembered: building an Intl.NumberFormat costs far more than
 * formatting with one, and a tick formats a sum for every big order and every check-in task.
 */
const formatters = new Map<string, Intl.NumberFormat>();
const digitsOf = new Map<string, number>();
const REMEMBERED = 1000;

/** A currency formatter with the currency's own fraction digits, or exactly `fractionDigits`. */
function formatter(locale: string, currency: string, fractionDigits: number | undefined): Intl.NumberFormat {
  const key = `${locale}|${currency}|${fractionDigits ?? ''}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    if (formatters.size >= REMEMBERED) formatters.clear();
    formatters.set(key, f);
  }
  return f;
}

export function currencyDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    try {
      digits =
        new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
          .maximumFractionDigits ?? 2;
    } catch {
      digits = 2;
    }
    if (digitsOf.size >= REMEMBERED) digitsOf.clear();
    digitsOf.set(currency, digits);
  }
  return digits;
}

export function isValidCurrency(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  try {
    new Intl.NumberFormat('en', { style: 'currency', currency: code });
    return true;
  } catch {
    return false;
  }
}
