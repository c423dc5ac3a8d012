import { localDate, MessageScope } from '@touchbase/core';
import {
  normalizeChannels,
  normalizeCountry,
  normalizeEmail,
  normalizeIdentifier,
  normalizeLocale,
  normalizeMultiLine,
  normalizePhone,
  normalizeSingleLine,
  normalizeTags,
  normalizeScope,
  normalizeTimezone,
  parseBirthday,
  parseYesNo,
} from './fields';
import { LocalReading, readLocalDate } from './local-reading';
import { Problems } from './problems';

/**
 * A customer as it arrives from the API or a CSV row. `undefined` = not given (left as it is on
 * an update); `null` = clear the field.
 */
export interface CustomerInput {
  externalId?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Postal address for cards (docs/staff.md#cards-and-labels): street with number, postcode, city. */
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  /** ISO 3166 country: the postal address's, and the one a local phone number is read in (default DEFAULT_PHONE_REGION). */
  country?: string | null;
  /** YYYY-MM-DD, --MM-DD or MM-DD. */
  birthday?: string | null;
  timezone?: string | null;
  locale?: string | null;
  preferredChannels?: string | string[] | null;
  emailConsent?: boolean | string | null;
  smsConsent?: boolean | string | null;
  /** What the customer gets on a channel with consent: `all`, or `personal` (docs/delivery.md#the-preference-centre). */
  emailScope?: string | null;
  smsScope?: string | null;
  tags?: string | string[] | null;
  notes?: string | null;
}

/** The normalized fields of a customer, ready to compare with and write to the store. */
export interface CustomerPatch {
  externalId?: string | null;
  firstName?: string;
  lastName?: string;
  email?: string | null;
  phone?: string | null;
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  country?: string | null;
  birthdayYear?: number | null;
  birthdayMonth?: number | null;
  birthdayDay?: number | null;
  birthdayMd?: string | null;
  timezone?: string | null;
  locale?: string | null;
  preferredChannels?: string;
  emailConsent?: boolean;
  smsConsent?: boolean;
  emailScope?: MessageScope;
  smsScope?: MessageScope;
  tags?: string[];
  notes?: string;
}

export interface NormalizeContext {
  /** The business's DEFAULT_PHONE_REGION, e.g. DE. */
  phoneRegion: string;
  /** The Clock's now: birthdays after today (in the customer's zone, else the business's) are refused. */
  now: Date;
  /** BUSINESS_TIMEZONE. */
  businessZone: string;
  /** A CSV import reads dates as its file's language writes them (`24.12.1980`); the API does not. */
  reading?: LocalReading;
}

const ADDRESS = [
  ['street', 200],
  ['postcode', 20],
  ['city', 100],
] as const;

const todays = new Map<string, string>();
/** The last answer of todayIn (an import asks it for every row with the same now and zone). */
let lastToday = { at: NaN, zone: '', today: '' };

/** The local date of `now` in `zone`, memoized. */
function todayIn(now: Date, zone: string): string {
  const at = now.getTime();
  if (lastToday.at === at && lastToday.zone === zone) return lastToday.today;
  const key = `${at}|${zone}`;
  let today = todays.get(key);
  if (today === undefined) {
    if (todays.size > 1000) todays.clear();
    todays.set(key, (today = localDate(now, zone)));
  }
  lastToday = { at, zone, today };
  return today;
}

/** Normalizes and validates every given field; all problems are reported at once (each named). */
export function normalizeCustomerInput(
  input: CustomerInput,
  ctx: NormalizeContext,
): { patch: CustomerPatch; problems: Problems } {
  const p = new Problems();
  const patch: CustomerPatch = {};
  const given = (v: unknown) => v !== undefined;
  /** Sets a field only to a value (a field whose check failed stays out of the patch). */
  const put = <K extends keyof CustomerPatch>(k: K, v: CustomerPatch[K] | undefined) => {
    if (v !== undefined) patch[k] = v;
  };

  if (given(input.externalId))
    put(
      'externalId',
      input.externalId === null ? null : p.check('externalId', () => normalizeIdentifier(input.externalId!)),
    );
  if (given(input.firstName))
    patch.firstName = p.check('firstName', () => normalizeSingleLine(input.firstName ?? '')) ?? '';
  if (given(input.lastName))
    patch.lastName = p.check('lastName', () => normalizeSingleLine(input.lastName ?? '')) ?? '';
  if (given(input.email))
    put(
      'email',
      input.email === null || input.email.trim() === ''
        ? null
        : p.check('email', () => normalizeEmail(input.email!)),
    );

  let region = ctx.phoneRegion;
  if (input.country && input.country.trim()) {
    const country = p.check('country', () => normalizeCountry(input.country!));
    if (country) patch.country = region = country;
  } else if (given(input.country)) patch.country = null;
  for (const [field, max] of ADDRESS) {
    const v = input[field];
    if (!given(v)) continue;
    const text = v === null ? '' : p.check(field, () => normalizeSingleLine(v!, max));
    if (text !== undefined) patch[field] = text || null;
  }
  if (given(input.phone))
    put(
      'phone',
      input.phone === null || input.phone.trim() === ''
        ? null
        : p.check('phone', () => normalizePhone(input.phone!, region)),
    );

  if (given(input.timezone))
    put(
      'timezone',
      input.timezone === null ? null : p.check('timezone', () => normalizeTimezone(input.timezone!)),
    );
  if (given(input.birthday)) {
    if (input.birthday === null || input.birthday.trim() === '') {
      patch.birthdayYear = null;
      patch.birthdayMonth = null;
      patch.birthdayDay = null;
      patch.birthdayMd = null;
    } else {
      // "Today" in the customer's own zone: someone in Pacific/Kiritimati (UTC+14) may already have had today's birthday.
      const zone = typeof patch.timezone === 'string' ? patch.timezone : ctx.businessZone;
      const b = p.check('birthday', () =>
        parseBirthday(
          ctx.reading ? readLocalDate(input.birthday!, ctx.reading.locale) : input.birthday!,
          todayIn(ctx.now, zone),
        ),
      );
      if (b) {
        patch.birthdayYear = b.year;
        patch.birthdayMonth = b.month;
        patch.birthdayDay = b.day;
        patch.birthdayMd = b.md;
      }
    }
  }
  if (given(input.locale))
    put('locale', input.locale === null ? null : p.check('locale', () => normalizeLocale(input.locale!)));
  if (given(input.preferredChannels) && input.preferredChannels !== null)
    put(
      'preferredChannels',
      p.check('preferredChannels', () => normalizeChannels(input.preferredChannels!)),
    );
  if (given(input.emailConsent) && input.emailConsent !== null)
    put(
      'emailConsent',
      p.check('emailConsent', () => parseYesNo(input.emailConsent!)),
    );
  if (given(input.smsConsent) && input.smsConsent !== null)
    put(
      'smsConsent',
      p.check('smsConsent', () => parseYesNo(input.smsConsent!)),
    );
  if (given(input.emailScope) && input.emailScope !== null)
    put(
      'emailScope',
      p.check('emailScope', () => normalizeScope(input.emailScope!)),
    );
  if (given(input.smsScope) && input.smsScope !== null)
    put(
      'smsScope',
      p.check('smsScope', () => normalizeScope(input.smsScope!)),
    );
  if (given(input.tags))
    put('tags', input.tags === null ? [] : p.check('tags', () => normalizeTags(input.tags!)));
  if (given(input.notes))
    put('notes', input.notes === null ? '' : p.check('notes', () => normalizeMultiLine(input.notes!)));

  return { patch, problems: p };
}
