import { z } from 'zod';
import { DayWindow, FieldProblem, isEmailAddress, isValidTimezone, Locale, LOCALES } from '@touchbase/core';
import { hhmm, HHMM, int, isUrlWith, url } from './schema-pieces';

/**
 * The settings an owner may change on the settings page (docs/configuration.md#settings-page).
 * The environment gives the defaults (AppConfig.settings, checked by these same schemas); the
 * owner's values are stored in the database and win. Every value has a text form (a form field,
 * `touchbase settings set key=value`, the stored row), read by one schema per key.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const HOURS_CHANNELS = ['email', 'sms'] as const;
export type HoursChannel = (typeof HOURS_CHANNELS)[number];
export type QuietHoursKey = `quietHours.${HoursChannel}.${Weekday}`;

export const QUIET_HOURS_KEYS = HOURS_CHANNELS.flatMap((c) =>
  WEEKDAYS.map((d) => `quietHours.${c}.${d}` as QuietHoursKey),
);

export const SETTING_KEYS = [
  'businessName',
  'postalAddress',
  'logo',
  'shopUrl',
  'publicBaseUrl',
  'timezone',
  'defaultLocale',
  'senderName',
  'senderAddress',
  'replyTo',
  ...QUIET_HOURS_KEYS,
  'budgetMax',
  'budgetDays',
  'digestTime',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

export interface BusinessSettings {
  businessName: string;
  /** Postal address / imprint, one line per line; '' when none is set. */
  postalAddress: string;
  /** '' (none), an http(s) image URL, or an uploaded image as a data: URL (see logoHref). */
  logo: string;
  /** The shop's public website; '' when none is set. */
  shopUrl: string;
  /** Where customers reach Touchbase: every link in a message starts with it (no trailing slash). */
  publicBaseUrl: string;
  timezone: string;
  defaultLocale: Locale;
  senderName: string;
  senderAddress: string;
  /** The Reply-To of every email; '' → none. */
  replyTo: string;
  /** Sending windows per channel, Monday first; outside them are the quiet hours. */
  quietHours: Record<HoursChannel, readonly (DayWindow | null)[]>;
  budgetMax: number;
  budgetDays: number;
  /** The morning digest time new staff accounts start with (each person may change theirs). */
  digestTime: string;
}

/** An uploaded logo is kept in the database: small raster images only (no SVG: it can carry script). */
export const LOGO_MAX_BYTES = 100 * 1024;
const LOGO_DATA = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;
const LOGO_PROBLEM = `expected an http(s) image URL, or a PNG, JPEG, GIF or WebP image of at most ${LOGO_MAX_BYTES / 1024} KB`;

const optional = (inner: z.ZodType<string, z.ZodTypeDef, string>) =>
  z
    .string()
    .trim()
    .pipe(z.union([z.literal(''), inner]));

const dayWindow = z
  .string()
  .trim()
  .toLowerCase()
  .transform((v, ctx): DayWindow | null => {
    if (v === 'off' || v === '') return null;
    const m = /^(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/.exec(v);
    if (!m || !HHMM.test(m[1]) || !HHMM.test(m[2])) {
      ctx.addIssue({ code: 'custom', message: 'expected HH:MM-HH:MM (e.g. 08:00-21:00) or off' });
      return z.NEVER;
    }
    if (m[1] >= m[2]) {
      ctx.addIssue({ code: 'custom', message: 'the end must be later than the start' });
      return z.NEVER;
    }
    return { start: m[1], end: m[2] };
  });

/** One schema per key, from the text form to the typed value. */
export const SETTING_SCHEMAS = {
  businessName: z.string().trim().min(1, 'is required').max(200, 'at most 200 characters'),
  postalAddress: z
    .string()
    .transform((v) =>
      v
        .replace(/\\n/g, '\n')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .join('\n')
        .trim(),
    )
    .pipe(z.string().max(1000, 'at most 1000 characters')),
  logo: z
    .string()
    .trim()
    .refine(
      (v) =>
        v === '' ||
        (v.length <= 2000 && isUrlWith(v, ['http:', 'https:'])) ||
        (LOGO_DATA.test(v) && ((v.length - v.indexOf(',') - 1) * 3) / 4 <= LOGO_MAX_BYTES),
      LOGO_PROBLEM,
    ),
  shopUrl: optional(url(['http:', 'https:'])).transform((v) => v.replace(/\/+$/, '')),
  publicBaseUrl: z
    .string()
    .trim()
    .pipe(url(['http:', 'https:']))
    .transform((v) => v.replace(/\/+$/, '')),
  timezone: z.string().trim().refine(isValidTimezone, 'not an IANA timezone name (e.g. Europe/Berlin)'),
  defaultLocale: z
    .string()
    .trim()
    .pipe(z.enum(LOCALES, { message: 'expected en, de or pl' })),
  senderName: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(100, 'at most 100 characters')
    .refine((v) => !/[<>"\r\n]/.test(v), 'must not contain <, > or quotes'),
  senderAddress: z.string().trim().toLowerCase().refine(isEmailAddress, 'expected an email address'),
  replyTo: optional(z.string().refine(isEmailAddress, 'expected an email address')).transform((v) =>
    v.toLowerCase(),
  ),
  ...Object.fromEntries(QUIET_HOURS_KEYS.map((k) => [k, dayWindow])),
  budgetMax: int(0, 100),
  budgetDays: int(1, 365),
  digestTime: z.string().trim().pipe(hhmm),
} as unknown as Record<SettingKey, z.ZodType<unknown, z.ZodTypeDef, string>>;

/** The text form of each setting, as the form, the CLI and the database hold it. */
export function settingsText(s: BusinessSettings): Record<SettingKey, string> {
  const out: Partial<Record<SettingKey, string>> = {};
  for (const key of SETTING_KEYS) {
    if (key.startsWith('quietHours.')) {
      const [, channel, day] = key.split('.') as [string, HoursChannel, Weekday];
      const w = s.quietHours[channel][WEEKDAYS.indexOf(day)];
      out[key] = w ? `${w.start}-${w.end}` : 'off';
    } else out[key] = String(s[key as keyof BusinessSettings]);
  }
  return out as Record<SettingKey, string>;
}

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as readonly string[]).includes(key);
}

/** One setting's text: its value in the text form the database keeps (normalized), or the problem. */
export function parseSetting(
  key: SettingKey,
  text: string,
): { ok: true; text: string } | { ok: false; problem: string } {
  const r = SETTING_SCHEMAS[key].safeParse(text);
  if (!r.success) return { ok: false, problem: r.error.issues[0]?.message ?? 'invalid' };
  const v = r.data;
  if (key.startsWith('quietHours.')) {
    const w = v as DayWindow | null;
    return { ok: true, text: w ? `${w.start}-${w.end}` : 'off' };
  }
  return { ok: true, text: String(v) };
}

/**
 * The settings from their text form: each key's value, or every bad field with its problem.
 * A channel must be open on at least one day, else its messages would wait for ever.
 */
export function parseSettings(
  text: Record<SettingKey, string>,
): { ok: true; settings: BusinessSettings } | { ok: false; problems: FieldProblem[] } {
  const values: Partial<Record<SettingKey, unknown>> = {};
  const problems: FieldProblem[] = [];
  for (const key of SETTING_KEYS) {
    const r = SETTING_SCHEMAS[key].safeParse(text[key] ?? '');
    if (r.success) values[key] = r.data;
    else problems.push({ field: key, problem: r.error.issues[0]?.message ?? 'invalid' });
  }
  const week = (c: HoursChannel) => WEEKDAYS.map((d) => values[`quietHours.${c}.${d}`] as DayWindow | null);
  for (const c of HOURS_CHANNELS)
    if (!problems.length && week(c).every((w) => w === null))
      problems.push({ field: `quietHours.${c}.mon`, problem: `${c} must be allowed on at least one day` });
  if (problems.length) return { ok: false, problems };
  const v = values as Record<string, unknown>;
  return {
    ok: true,
    settings: {
      businessName: v.businessName as string,
      postalAddress: v.postalAddress as string,
      logo: v.logo as string,
      shopUrl: v.shopUrl as string,
      publicBaseUrl: v.publicBaseUrl as string,
      timezone: v.timezone as string,
      defaultLocale: v.defaultLocale as Locale,
      senderName: v.senderName as string,
      senderAddress: v.senderAddress as string,
      replyTo: v.replyTo as string,
      quietHours: { email: week('email'), sms: week('sms') },
      budgetMax: v.budgetMax as number,
      budgetDays: v.budgetDays as number,
      digestTime: v.digestTime as string,
    },
  };
}

/** The address an email or page shows the logo from: an uploaded one is served by the engine. */
export function logoHref(s: Pick<BusinessSettings, 'logo' | 'publicBaseUrl'>): string | null {
  if (!s.logo) return null;
  return s.logo.startsWith('data:') ? `${s.publicBaseUrl}/brand/logo` : s.logo;
}

/** "Name <address>" of SMTP_FROM, or a bare address, split in two. */
export function splitSender(from: string | undefined): { name: string | null; address: string | null } {
  if (!from) return { name: null, address: null };
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (m) return { name: m[1] || null, address: m[2].trim().toLowerCase() };
  return { name: null, address: from.trim().toLowerCase() };
}
