import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import { Liquid } from 'liquidjs';
import { formatMoney } from '@touchbase/core';
import { CodedProblem, problemText } from '@touchbase/ingest';
import { translate } from '../i18n';

/** Liquid filter arguments: positional values, or `name: value` pairs (liquidjs passes [name, value]). */
function namedParams(args: unknown[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  args.forEach((arg, i) => {
    if (Array.isArray(arg) && arg.length === 2 && typeof arg[0] === 'string') params[arg[0]] = arg[1];
    else params[String(i)] = arg;
  });
  return params;
}

function toDateTime(value: unknown, zone: string): DateTime | null {
  if (value == null || value === '') return null;
  if (value instanceof Date) return DateTime.fromJSDate(value, { zone });
  if (typeof value === 'number') return DateTime.fromMillis(value, { zone });
  if (typeof value === 'string') {
    const dt = /^\d{4}-\d{2}-\d{2}$/.test(value)
      ? DateTime.fromISO(value, { zone: 'UTC' })
      : DateTime.fromISO(value, { zone });
    return dt.isValid ? dt : null;
  }
  return null;
}

/**
 * The web UI's filters. Locale and zone come from the page's own variables (`locale`, `zone`),
 * so a filter never needs them as arguments; a page without `zone` gets the business's effective
 * zone (`defaultZone`, read at render time so a change on the settings page applies at once):
 *   {{ 'today.overdue' | t: n: 3 }}  {{ order.totalMinor | money: order.currency }}
 *   {{ message.sentAt | datetime }}  {{ task.dueDay | day }}  {{ done | percent: total }}
 */
export function registerWebFilters(liquid: Liquid, defaultZone: () => string, phoneRegion = 'DE'): void {
  const localeOf = (ctx: { getSync(p: PropertyKey[]): unknown }) => String(ctx.getSync(['locale']) ?? 'en');
  const zoneOf = (ctx: { getSync(p: PropertyKey[]): unknown }) =>
    String(ctx.getSync(['zone']) ?? defaultZone());

  liquid.registerFilter('t', function (key: unknown, ...args: unknown[]) {
    return translate(localeOf(this.context), String(key), namedParams(args));
  });
  /** An import problem in the page's language: {{ p | problem }} (docs/import.md#problems). */
  liquid.registerFilter('problem', function (p: unknown) {
    return p && typeof p === 'object'
      ? problemText(localeOf(this.context), p as CodedProblem)
      : String(p ?? '');
  });
  /** A stored E.164 number as people write it: national for the business's own country, else international. */
  liquid.registerFilter('phone', (value: unknown) => formatPhone(String(value ?? ''), phoneRegion));
  liquid.registerFilter('money', function (minor: unknown, currency: unknown) {
    if (minor == null || minor === '') return '';
    return formatMoney(Number(minor), String(currency || 'EUR'), localeOf(this.context));
  });
  liquid.registerFilter('datetime', function (value: unknown) {
    const dt = toDateTime(value, zoneOf(this.context));
    return dt ? dt.setLocale(localeOf(this.context)).toLocaleString(DateTime.DATETIME_MED) : '';
  });
  liquid.registerFilter('day', function (value: unknown) {
    const dt = toDateTime(value, zoneOf(this.context));
    return dt
      ? dt
          .setLocale(localeOf(this.context))
          .toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' })
      : '';
  });
  liquid.registerFilter('iso_day', function (value: unknown) {
    const dt = toDateTime(value, zoneOf(this.context));
    return dt ? dt.toISODate() : '';
  });
  liquid.registerFilter('iso', (value: unknown) =>
    value instanceof Date ? value.toISOString() : String(value ?? ''),
  );
  liquid.registerFilter('percent', (part: unknown, whole: unknown) => {
    const w = Number(whole);
    return w > 0 ? Math.round((Number(part) / w) * 100) : 0;
  });
  liquid.registerFilter('bar_width', (part: unknown, max: unknown) => {
    const m = Number(max);
    return m > 0 ? Math.max(1, Math.round((Number(part) / m) * 100)) : 0;
  });
}

/** `+4915112345678` → `01511 2345678` in Germany (region DE), `+48 601 234 567` from elsewhere. */
export function formatPhone(e164: string, region: string): string {
  const parsed = e164 ? parsePhoneNumberFromString(e164) : undefined;
  if (!parsed) return e164;
  return parsed.country === region ? parsed.formatNational() : parsed.formatInternational();
}
