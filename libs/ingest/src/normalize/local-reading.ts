import { DateTime } from 'luxon';
import type { Locale } from '@touchbase/core';
import { problem } from './problem-texts';

/**
 * Reading values as a spreadsheet in a given language writes them (see docs/import.md#locale):
 * dates `24.12.1980` / `24.12.` (de, pl) or `24/12/1980` (en, day first unless that is
 * impossible), amounts `1.049,90` / `1 049,90` (de, pl) or `1,049.90` (en), local date-times
 * `27.11.2026 14:30` in the business's time zone. Each reader returns the canonical form the
 * strict normalizers in fields.ts take, or throws an Error saying what is wrong.
 */
export interface LocalReading {
  /** The file's language: decides the decimal separator and how a slash date is read. */
  locale: Locale;
  /** IANA zone for date-times without an offset (BUSINESS_TIMEZONE). */
  zone: string;
}

const pad = (n: number | string) => String(n).padStart(2, '0');

/** `24.12.1980`, `24.12.`, `24.12`, `24/12/1980`, `1980-12-24`, `--12-24` → `1980-12-24` / `--12-24`. */
export function readLocalDate(value: string, locale: Locale): string {
  const text = String(value).trim();
  if (/^(\d{4}-\d{2}-\d{2}|(?:--)?\d{2}-\d{2})$/.test(text)) return text;
  let m = /^(\d{1,2})\.(\d{1,2})\.?(\d{4})?$/.exec(text);
  if (m && (m[3] || text.endsWith('.') || locale !== 'en'))
    return m[3] ? `${m[3]}-${pad(m[2])}-${pad(m[1])}` : `--${pad(m[2])}-${pad(m[1])}`;
  m = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(text);
  if (m) {
    let [day, month] = [Number(m[1]), Number(m[2])];
    // en: day first (as in the UK); a US-style 12/24 (no 24th month) is unambiguous and read so.
    if (month > 12 && day <= 12) [day, month] = [month, day];
    return m[3] ? `${m[3]}-${pad(month)}-${pad(day)}` : `--${pad(month)}-${pad(day)}`;
  }
  m = /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/.exec(text);
  if (m) throw problem('twoDigitYear', { example: `${m[1]}.${m[2]}.19${m[3]}` });
  throw problem('localDate', {
    example: locale === 'en' ? '24/12/1980' : '24.12.1980',
    exampleNoYear: locale === 'en' ? '24/12' : '24.12.',
    value: text.slice(0, 40),
  });
}

/** Grouping characters between thousands: space, no-break space, narrow no-break space, apostrophe. */
const SPACES = /[\s\u00A0\u202F']/g;

/**
 * `1.049,90` / `1 049,90` / `1049,90` (de, pl) or `1,049.90` (en) → `1049.90`. A separator followed
 * by exactly three digits and nothing else is grouping in the file's language (`1.049` is 1049 in
 * German); an unambiguous other separator (`12.5` in a German file) is read as the decimal point.
 */
export function readDecimal(value: string | number, locale: Locale): string {
  if (typeof value === 'number') return String(value);
  // A currency sign around the amount ("1.049,90 €", "zł 12,50") is decoration; the currency column decides.
  let text = String(value)
    .trim()
    .replace(/^(€|\$|£|zł)|(€|\$|£|zł)$/giu, '')
    .replace(SPACES, '');
  const [group, decimal] = locale === 'en' ? [',', '.'] : ['.', ','];
  const grouped = new RegExp(`^-?\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d+)?$`);
  if (grouped.test(text)) text = text.split(group).join('');
  else if (text.includes(group) && text.includes(decimal))
    throw problem('localAmount', { example: locale === 'en' ? '1,049.90' : '1.049,90', value });
  return text.replace(decimal, '.').replace(',', '.');
}

/** A whole number as the file writes it (`1.000` in German, `1,000` in English). */
export function readInteger(value: string | number, locale: Locale): string {
  const text = readDecimal(value, locale);
  return /^-?\d+\.0+$/.test(text) ? text.replace(/\.0+$/, '') : text;
}

/**
 * An instant: ISO 8601 with an offset as it is; a local date-time (`27.11.2026 14:30`,
 * `2026-11-27 14:30`, `27/11/2026 14:30:05`) or a bare date (midnight) in `zone`. A local time
 * that does not exist there (the hour skipped when clocks go forward) is refused; one that
 * happens twice (clocks go back) is the earlier of the two.
 */
export function readLocalInstant(value: string, reading: LocalReading): string {
  const text = String(value).trim();
  if (/(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text) && /^\d{4}-/.test(text)) return text;
  const m = /^(\S+?)(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (!m)
    throw problem('localDateTime', {
      example: reading.locale === 'en' ? '27/11/2026 14:30' : '27.11.2026 14:30',
      value: text.slice(0, 40),
    });
  const date = readLocalDate(m[1], reading.locale);
  if (!/^\d{4}-/.test(date)) throw problem('needsYear', { value: text.slice(0, 40) });
  const [h, min, s] = [Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)];
  if (h > 23 || min > 59 || s > 59) throw problem('timeOfDay', { value: text.slice(0, 40) });
  const [y, mo, d] = date.split('-').map(Number);
  const dt = DateTime.fromObject(
    { year: y, month: mo, day: d, hour: h, minute: min, second: s },
    { zone: reading.zone },
  );
  if (!dt.isValid) throw problem('realDate', { value: text.slice(0, 40) });
  if (dt.hour !== h || dt.minute !== min)
    throw problem('clocksForward', { zone: reading.zone, value: text.slice(0, 40) });
  // A time that happens twice (clocks go back) is read as the first of the two (docs/import.md#locale).
  const earlier = dt.minus({ hours: 1 });
  const first = earlier.hour === h && earlier.minute === min ? earlier : dt;
  return first.toISO({ suppressMilliseconds: true })!;
}

/** Language names and codes as people write them, in en, de and pl. */
const LANGUAGE_NAMES: Record<string, Locale> = {
  english: 'en',
  englisch: 'en',
  angielski: 'en',
  angielsku: 'en',
  german: 'de',
  deutsch: 'de',
  niemiecki: 'de',
  niemiecku: 'de',
  polish: 'pl',
  polnisch: 'pl',
  polski: 'pl',
  polsku: 'pl',
};

/** `Deutsch`, `polski`, `German` → `de`, `pl`, `de`; anything else is returned for the code check. */
export function readLanguageName(value: string): string {
  const key = String(value)
    .trim()
    .toLowerCase()
    .replace(/^po\s+/, '');
  return LANGUAGE_NAMES[key] ?? value;
}
