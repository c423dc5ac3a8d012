/** Money is held in minor units (cents) with an ISO 4217 currency code. */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  return formatter(locale, currency, digits).format(minor / 10 ** digits);
}

/** "€4,230": a sum in minor units rounded to whole units (a task's "spent …", a check-in's reason). */
export function formatWholeMoney(minor: number, currency: string, locale: string): string {
  const digits = currencyDigits(currency);
  const key = `${locale}|${currency}`;
  let f = wholeFormatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    });
    if (wholeFormatters.size >= REMEMBERED) wholeFormatters.clear();
    wholeFormatters.set(key, f);
  }
  return f.format(Math.round(minor / 10 ** digits));
}

/**
 * Formatters and digit counts, remembered: building an Intl.NumberFormat costs far more than
 * formatting with one, and a tick formats a sum for every big order (two formatters each).
 */
const formatters = new Map<string, Intl.NumberFormat>();
const wholeFormatters = new Map<string, Intl.NumberFormat>();
const digitsOf = new Map<string, number>();
const REMEMBERED = 1000;

function formatter(locale: string, currency: string, digits: number): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      maximumFractionDigits: digits === 0 ? 0 : undefined,
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
