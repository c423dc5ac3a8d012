import { parsePhoneNumberFromString, CountryCode, getCountries } from 'libphonenumber-js';
import { DateTime } from 'luxon';
import {
  CHANNELS,
  Channel,
  LOCALES,
  Locale,
  currencyDigits,
  isLeapYear,
  isEmailAddress,
  isValidCurrency,
  isValidTimezone,
} from '@touchbase/core';
import { readLanguageName } from './local-reading';

/**
 * Pure normalizers for single fields. Each returns the normalized value or throws an Error whose
 * message says what is wrong in plain words; callers attach the field name (see Problems).
 */

/** C0/C1 control characters (incl. CR, LF, TAB, NUL) and the Unicode line/paragraph separators. */
const CONTROL = /[\p{Cc}\u2028\u2029]/u;
/** The same, but allowing line breaks and tabs (free-text notes). */
const CONTROL_EXCEPT_BREAKS = /[^\P{Cc}\t\n\r]/u;

function describeControl(ch: string): string {
  const names: Record<string, string> = {
    '\r': 'a carriage return (CR)',
    '\n': 'a line feed (LF)',
    '\t': 'a tab',
    '\u0000': 'a NUL byte',
  };
  return (
    names[ch] ?? `a control character (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`
  );
}

/**
 * A single-line text such as a name: trimmed, NFC, any Unicode (RTL scripts, emoji, `<script>`
 * is kept as plain text; escaping is the renderer's job), but no control characters or line breaks.
 */
export function normalizeSingleLine(value: string, maxLength = 200): string {
  if (typeof value !== 'string') throw new Error('must be text');
  const text = value.normalize('NFC').trim();
  const bad = CONTROL.exec(text);
  if (bad)
    throw new Error(`must be a single line without control characters (contains ${describeControl(bad[0])})`);
  if ([...text].length > maxLength) throw new Error(`must be at most ${maxLength} characters`);
  return text;
}

/** Free text (notes): line breaks and tabs allowed, other control characters not. */
export function normalizeMultiLine(value: string, maxLength = 5000): string {
  if (typeof value !== 'string') throw new Error('must be text');
  const text = value.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  const bad = CONTROL_EXCEPT_BREAKS.exec(text);
  if (bad) throw new Error(`must not contain ${describeControl(bad[0])}`);
  if ([...text].length > maxLength) throw new Error(`must be at most ${maxLength} characters`);
  return text;
}

/** An identifier from another system (external id, SKU): a single line, 1–100 characters. */
export function normalizeIdentifier(value: string, maxLength = 100): string {
  const text = normalizeSingleLine(String(value), maxLength);
  if (!text) throw new Error('must not be empty');
  return text;
}

/** Lower-cased and checked; Unicode local parts are allowed. */
export function normalizeEmail(value: string): string {
  if (typeof value !== 'string') throw new Error('must be text');
  const email = value.normalize('NFC').trim().toLowerCase();
  if (CONTROL.test(email) || !isEmailAddress(email) || email.length > 320)
    throw new Error(`is not a valid email address ("${value.trim().slice(0, 80)}")`);
  return email;
}

const COUNTRIES = new Set<string>(getCountries());

export function normalizeCountry(value: string): CountryCode {
  const code = String(value).trim().toUpperCase();
  if (!COUNTRIES.has(code))
    throw new Error(`is not a two-letter country code such as DE, PL or GB ("${value}")`);
  return code as CountryCode;
}

/**
 * A phone number in E.164. Local formats ("0151 1234 5678") are read in `region` (the customer's
 * country, else the business's DEFAULT_PHONE_REGION); international ones ("+48 …", "0048 …") as given.
 */
export function normalizePhone(value: string, region: string): string {
  if (typeof value !== 'string') throw new Error('must be text');
  let raw = value.trim();
  if (CONTROL.test(raw)) throw new Error('must not contain control characters');
  if (/^00[1-9]/.test(raw)) raw = '+' + raw.slice(2);
  const parsed = parsePhoneNumberFromString(raw, region as CountryCode);
  if (!parsed || !parsed.isValid())
    throw new Error(
      `is not a valid phone number${raw.startsWith('+') ? '' : ` for region ${region}`} ("${value.trim().slice(0, 40)}")`,
    );
  return parsed.number;
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
    throw new Error(`must be YYYY-MM-DD, or --MM-DD / MM-DD without a year ("${text.slice(0, 40)}")`);
  }
  if (month < 1 || month > 12) throw new Error(`has no month ${month} ("${text}")`);
  const maxDay = month === 2 && year !== null && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month - 1];
  if (day < 1 || day > maxDay) {
    const monthName = DateTime.utc(2000, month, 1).toFormat('LLLL');
    const why = month === 2 && day === 29 ? `${year} is not a leap year` : `${monthName} has ${maxDay} days`;
    throw new Error(`is not a real date: ${why} ("${text}")`);
  }
  if (year !== null) {
    if (year < 1900) throw new Error(`year ${year} is before 1900 ("${text}")`);
    if (text > today) throw new Error(`is in the future ("${text}")`);
  }
  const md = `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return { year, month, day, md };
}

/** An IANA timezone name such as Europe/Berlin (the one check: isValidTimezone in @touchbase/core). */
export function normalizeTimezone(value: string): string {
  const zone = String(value).trim();
  if (!isValidTimezone(zone))
    throw new Error(`is not an IANA timezone name such as Europe/Berlin ("${zone.slice(0, 64)}")`);
  return zone;
}

/** en | de | pl; "de-DE", "PL" and names ("Deutsch", "polski", "German") are reduced to the language. */
export function normalizeLocale(value: string): Locale {
  const lang = readLanguageName(value).trim().toLowerCase().split(/[-_]/)[0];
  if (!(LOCALES as readonly string[]).includes(lang))
    throw new Error(`must be one of ${LOCALES.join(', ')} ("${value}")`);
  return lang as Locale;
}

/** A channel order such as "sms,email"; each channel once. Stored as "email,sms". */
export function normalizeChannels(value: string | string[]): string {
  const parts = (Array.isArray(value) ? value : String(value).split(/[\s,;|>]+/))
    .map((s) => String(s).trim().toLowerCase())
    .filter(Boolean);
  if (!parts.length) throw new Error(`must name at least one of ${CHANNELS.join(', ')}`);
  for (const p of parts)
    if (!(CHANNELS as readonly string[]).includes(p))
      throw new Error(`"${p}" is not a channel (use ${CHANNELS.join(', ')})`);
  return [...new Set(parts as Channel[])].join(',');
}

/** At most this many tags per customer, each at most 50 characters (docs/security.md). */
export const MAX_TAGS = 30;

/** Tags: lower-case single words/phrases, no commas (they are stored comma-delimited). */
export function normalizeTags(value: string | string[]): string[] {
  const parts = Array.isArray(value) ? value : String(value).split(/[,;|]/);
  if (parts.length > MAX_TAGS * 4) throw new Error(`must be at most ${MAX_TAGS} tags`);
  const tags = parts.map((t) => normalizeSingleLine(String(t), 50).toLowerCase()).filter(Boolean);
  for (const t of tags) if (t.includes(',')) throw new Error(`tag "${t}" must not contain a comma`);
  const unique = [...new Set(tags)].sort();
  if (unique.length > MAX_TAGS) throw new Error(`must be at most ${MAX_TAGS} tags`);
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
  throw new Error(`must be yes or no ("${String(value).slice(0, 20)}")`);
}

/** An instant with an explicit offset (…Z or …+02:00); a bare local time is ambiguous and refused. */
export function parseInstant(value: string): Date {
  const text = String(value).trim();
  if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i.test(text))
    throw new Error(
      `must be an ISO 8601 instant with an offset, e.g. 2026-03-01T14:30:00+01:00 or …Z ("${text.slice(0, 40)}")`,
    );
  const dt = DateTime.fromISO(text.replace(' ', 'T'), { setZone: true });
  if (!dt.isValid) throw new Error(`is not a real date and time ("${text}")`);
  return dt.toJSDate();
}

export function normalizeCurrency(value: string): string {
  const code = String(value).trim().toUpperCase();
  if (!isValidCurrency(code)) throw new Error(`is not an ISO 4217 currency code such as EUR ("${value}")`);
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
  if (!m) throw new Error(`must be an amount such as 1234.50 ("${String(value).slice(0, 30)}")`);
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > digits)
    throw new Error(`has more than ${digits} decimal places for ${currency} ("${value}")`);
  const minor = Number(m[2] + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw new Error(`is too large ("${value}")`);
  return m[1] === '-' ? -minor : minor;
}

export function parseInteger(
  value: string | number,
  min = Number.MIN_SAFE_INTEGER,
  max = Number.MAX_SAFE_INTEGER,
): number {
  const text = String(value).trim();
  if (!/^-?\d+$/.test(text)) throw new Error(`must be a whole number ("${text.slice(0, 20)}")`);
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < min || n > max)
    throw new Error(`must be between ${min} and ${max} ("${text}")`);
  return n;
}
