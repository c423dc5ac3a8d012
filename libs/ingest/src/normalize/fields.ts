import { CountryCode, getCountries } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import {
  CHANNELS,
  Channel,
  LOCALES,
  MessageScope,
  Locale,
  currencyDigits,
  isLeapYear,
  isEmailAddress,
  isValidCurrency,
  isValidTimezone,
} from '@touchbase/core';
import { readLanguageName } from './local-reading';
import { readPhone } from './phone';
import { problem } from './problem-texts';

/**
 * Pure normalizers for single fields. Each returns the normalized value or throws an Error whose
 * message says what is wrong in plain words; callers attach the field name (see Problems).
 */

/** C0/C1 control characters (incl. CR, LF, TAB, NUL) and the Unicode line/paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** The same, but allowing line breaks and tabs (free-text notes). */
const CONTROL_EXCEPT_BREAKS = /[^\P{Cc}\t\n\r]/u;

/** The character's short name, the same in every language: CR, LF, TAB, NUL or U+2028. */
function describeControl(ch: string): string {
  const names: Record<string, string> = { '\r': 'CR', '\n': 'LF', '\t': 'TAB', '\u0000': 'NUL' };
  return names[ch] ?? `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A single-line text such as a name: trimmed, NFC, any Unicode (RTL scripts, emoji, `<script>`
 * is kept as plain text; escaping is the renderer's job), but no control characters or line breaks.
 */
export function normalizeSingleLine(value: string, maxLength = 200): string {
  if (typeof value !== 'string') throw problem('text');
  const text = value.normalize('NFC').trim();
  const bad = CONTROL.exec(text);
  if (bad) throw problem('singleLine', { char: describeControl(bad[0]) });
  // code points ≤ UTF-16 units: only a text longer in units can be too long
  if (text.length > maxLength && [...text].length > maxLength) throw problem('maxLength', { max: maxLength });
  return text;
}

/** Free text (notes): line breaks and tabs allowed, other control characters not. */
export function normalizeMultiLine(value: string, maxLength = 5000): string {
  if (typeof value !== 'string') throw problem('text');
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const bad = CONTROL_EXCEPT_BREAKS.exec(text);
  if (bad) throw problem('multiLine', { char: describeControl(bad[0]) });
  // code points ≤ UTF-16 units: only a text longer in units can be too long
  if (text.length > maxLength && [...text].length > maxLength) throw problem('maxLength', { max: maxLength });
  return text;
}

/** An identifier from another system (external id, SKU): a single line, 1–100 characters. */
export function normalizeIdentifier(value: string, maxLength = 100): string {
  const text = normalizeSingleLine(String(value), maxLength);
  if (!text) throw problem('empty');
  return text;
}

/** Lower-cased and checked; Unicode local parts are allowed. */
export function normalizeEmail(value: string): string {
  if (typeof value !== 'string') throw problem('text');
  const email = value.normalize('NFC').trim().toLowerCase();
  if (CONTROL.test(email) || !isEmailAddress(email) || email.length > 320)
    throw problem('email', { value: value.trim().slice(0, 80) });
  return email;
}

const COUNTRIES = new Set<string>(getCountries());

export function normalizeCountry(value: string): CountryCode {
  const code = String(value).trim().toUpperCase();
  if (!COUNTRIES.has(code)) throw problem('country', { value });
  return code as CountryCode;
}

/**
 * `fn` with its answers remembered (at most `limit`, then forgotten all at once): for normalizers
 * an import calls with the same value on many rows (a shop's landline, "Deutsch", "vip;tea", the
 * same file imported again). Errors are not remembered.
 */
function remembered<T>(
  limit: number,
  fn: (value: string, extra: string) => T,
): (value: string, extra: string) => T {
  // one map per `extra` (a region): no key to build per call, the value is the key
  const answers = new Map<string, Map<string, T>>();
  let size = 0;
  return (value, extra) => {
    let of = answers.get(extra);
    if (!of) answers.set(extra, (of = new Map()));
    let v = of.get(value);
    if (v === undefined) {
      v = fn(value, extra);
      if (size >= limit) {
        for (const m of answers.values()) m.clear();
        size = 0;
      }
      of.set(value, v);
      size++;
    }
    return v;
  };
}

const phoneIn = remembered(1_000, (value: string, region: string): string => {
  let raw = value.trim();
  if (CONTROL.test(raw)) throw problem('phoneControl');
  if (/^00[1-9]/.test(raw)) raw = '+' + raw.slice(2);
  const number = readPhone(raw, region);
  if (number === null)
    throw raw.startsWith('+')
      ? problem('phone', { value: value.trim().slice(0, 40) })
      : problem('phoneRegion', { region, value: value.trim().slice(0, 40) });
  return number;
});

/**
 * A phone number in E.164. Local formats ("0151 1234 5678") are read in `region` (the customer's
 * country, else the business's DEFAULT_PHONE_REGION); international ones ("+48 …", "0048 …") as given.
 */
export function normalizePhone(value: string, region: string): string {
  if (typeof value !== 'string') throw problem('text');
  return phoneIn(value, region);
}

export interface Birthday {
  year: number | null;
  month: number;
  day: number;
  /** 'MM-DD', the indexed month-day column. */
  md: string;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A birthday as YYYY-MM-DD, or without a year as --MM-DD or MM-DD. 29 Feb is accepted in a leap
 * year or without a year; impossible dates (30 Feb, 31 Apr) and dates after `today` (a
 * YYYY-MM-DD in the business's zone) are rejected.
 */
export function parseBirthday(value: string, today: string): Birthday {
  const text = String(value).trim();
  let year: number | null = null;
  let month: number;
  let day: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) {
    [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else if ((m = /^(?:--)?(\d{2})-(\d{2})$/.exec(text))) {
    [month, day] = [Number(m[1]), Number(m[2])];
  } else {
    throw problem('birthdayFormat', { value: text.slice(0, 40) });
  }
  if (month < 1 || month > 12) throw problem('noMonth', { month, value: text });
  const maxDay = month === 2 && year !== null && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > maxDay) {
    throw month === 2 && day === 29
      ? problem('notLeapYear', { year: year!, value: text })
      : problem('monthDays', { monthName: month, days: maxDay, value: text });
  }
  if (year !== null) {
    if (year < 1900) throw problem('before1900', { year, value: text });
    if (text > today) throw problem('future', { value: text });
  }
  const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { year, month, day, md };
}

/** An IANA timezone name such as Europe/Berlin (the one check: isValidTimezone in @touchbase/core). */
export function normalizeTimezone(value: string): string {
  const zone = String(value).trim();
  if (!isValidTimezone(zone)) throw problem('timezone', { value: zone.slice(0, 64) });
  return zone;
}

/** en | de | pl; "de-DE", "PL" and names ("Deutsch", "polski", "German") are reduced to the language. */
export function normalizeLocale(value: string): Locale {
  return localeOf(String(value), '');
}

const localeOf = remembered(1_000, (value: string): Locale => {
  const lang = readLanguageName(value).trim().toLowerCase().split(/[-_]/)[0];
  if (!(LOCALES as readonly string[]).includes(lang))
    throw problem('locale', { allowed: LOCALES.join(', '), value });
  return lang as Locale;
});

/** A channel order such as "sms,email"; each channel once. Stored as "email,sms". */
export function normalizeChannels(value: string | string[]): string {
  const parts = (Array.isArray(value) ? value : String(value).split(/[\s,;|>]+/))
    .map((s) => String(s).trim().toLowerCase())
    .filter(Boolean);
  if (!parts.length) throw problem('channelsEmpty', { allowed: CHANNELS.join(', ') });
  for (const p of parts)
    if (!(CHANNELS as readonly string[]).includes(p))
      throw problem('channel', { channel: p, allowed: CHANNELS.join(', ') });
  return [...new Set(parts as Channel[])].join(',');
}

/** A channel's scope: `all` or `personal` ("nothing" is consent off, set by the consent field). */
export function normalizeScope(value: string): MessageScope {
  const v = String(value).trim().toLowerCase();
  if (v === 'all' || v === 'personal') return v;
  throw problem('scope', { value: String(value).slice(0, 20) });
}

/** At most this many tags per customer, each at most 50 characters (docs/security.md). */
export const MAX_TAGS = 30;

/** Tags: lower-case single words/phrases, no commas (they are stored comma-delimited). */
export function normalizeTags(value: string | string[]): string[] {
  return typeof value === 'string' ? [...tagsOf(value, '')] : readTags(value);
}

const tagsOf = remembered(1_000, (value: string) => readTags(value));

function readTags(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value : String(value).split(/[,;|]/);
  if (parts.length > MAX_TAGS * 4) throw problem('tagsMax', { max: MAX_TAGS });
  const tags = parts.map((t) => normalizeSingleLine(String(t), 50).toLowerCase()).filter(Boolean);
  for (const t of tags) if (t.includes(',')) throw problem('tagComma', { tag: t });
  const unique = [...new Set(tags)].sort();
  if (unique.length > MAX_TAGS) throw problem('tagsMax', { max: MAX_TAGS });
  return unique;
}

const YES = new Set([
  '1',
  'true',
  'yes',
  'y',
  'x',
  'ja',
  'j',
  'wahr',
  'tak',
  't',
  'prawda',
  'opt-in',
  'on',
  '✓',
  '✔',
]);
const NO = new Set(['0', 'false', 'no', 'n', 'nein', 'falsch', 'nie', 'fałsz', 'opt-out', 'off', '-']);

/** Yes/no in the words a spreadsheet may use (en, de, pl; `x` or a tick mark for yes). */
export function parseYesNo(value: string | boolean): boolean {
  if (typeof value === 'boolean') return value;
  const v = String(value).trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw problem('yesNo', { value: String(value).slice(0, 20) });
}

/** An instant with an explicit offset (…Z or …+02:00); a bare local time is ambiguous and refused. */
export function parseInstant(value: string): Date {
  const text = String(value).trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text))
    throw problem('instant', { value: text.slice(0, 40) });
  const dt = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
  if (!dt.isValid) throw problem('dateTimeReal', { value: text });
  return dt.toJSDate();
}

export function normalizeCurrency(value: string): string {
  const code = String(value).trim().toUpperCase();
  if (!isValidCurrency(code)) throw problem('currency', { value });
  return code;
}

/**
 * A decimal amount ("1234.50", "1234,50", 1234.5) converted exactly to minor units of the
 * currency (string arithmetic, no floating point). More decimals than the currency has is an error.
 */
export function decimalToMinor(value: string | number, currency: string): number {
  const digits = currencyDigits(currency);
  let text =
    typeof value === 'number'
      ? String(value)
      : String(value)
          .trim()
          .replace(/[\s\u00A0']/g, '');
  if (/^-?\d+,\d+$/.test(text)) text = text.replace(',', '.');
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw problem('amount', { value: String(value).slice(0, 30) });
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > digits) throw problem('decimals', { digits, currency, value });
  const minor = Number(m[2] + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw problem('tooLarge', { value });
  return m[1] === '-' ? -minor : minor;
}

export function parseInteger(
  value: string | number,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw problem('wholeNumber', { value: text.slice(0, 20) });
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max) throw problem('between', { min, max, value: text });
  return n;
}
