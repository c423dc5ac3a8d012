import { CodedProblem, CustomerWithTierInput, problemText } from '@touchbase/ingest';
import { MESSAGE_SCOPES, messageScope } from '@touchbase/core';
import { Customer } from '@touchbase/store';
import { LOCALE_NAMES, translate, WEB_LOCALES } from '../i18n';

/** The form's fields, in the order shown; `cust.*` / `customers.*` keys label them. */
export const FORM_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'phone',
  'birthday',
  'locale',
  'timezone',
  'street',
  'postcode',
  'city',
  'country',
  'tags',
  'notes',
  'preferredChannels',
] as const;

/** Consent (checkboxes) and what the customer gets on each channel with it (docs/delivery.md#the-preference-centre). */
const CHANNEL_FIELDS = ['emailConsent', 'smsConsent', 'emailScope', 'smsScope'] as const;

/** The service tier set by hand: a tier's name, or '' for automatic (docs/ingest.md#service-tiers). */
const TIER_FIELDS = ['tier'] as const;

export type CustomerForm = Record<
  (typeof FORM_FIELDS)[number] | (typeof CHANNEL_FIELDS)[number] | (typeof TIER_FIELDS)[number],
  string
>;

export const CHANNEL_ORDERS = ['email,sms', 'sms,email', 'email', 'sms'];

const pad = (n: number) => String(n).padStart(2, '0');

/** The form as the customer is now (what an edit starts from); `tier`: their tier's name when set by hand. */
export function formOf(c: Customer | null, tier: string | null = null): CustomerForm {
  const birthday =
    c?.birthdayMonth && c.birthdayDay
      ? `${c.birthdayYear ? `${c.birthdayYear}-` : ''}${pad(c.birthdayMonth)}-${pad(c.birthdayDay)}`
      : '';
  return {
    firstName: c?.firstName ?? '',
    lastName: c?.lastName ?? '',
    email: c?.email ?? '',
    phone: c?.phone ?? '',
    birthday,
    locale: c?.locale ?? '',
    timezone: c?.timezone ?? '',
    street: c?.street ?? '',
    postcode: c?.postcode ?? '',
    city: c?.city ?? '',
    country: c?.country ?? '',
    tags: (c?.tags ?? []).join(', '),
    notes: c?.notes ?? '',
    preferredChannels: c?.preferredChannels ?? 'email,sms',
    emailConsent: c?.emailConsent ? 'on' : '',
    smsConsent: c?.smsConsent ? 'on' : '',
    emailScope: messageScope(c?.emailScope),
    smsScope: messageScope(c?.smsScope),
    tier: c?.tierManual && tier ? tier : '',
  };
}

/** What was typed, kept as typed (shown again with the errors). */
export function typedForm(body: Record<string, unknown>): CustomerForm {
  const form = {} as CustomerForm;
  for (const f of [...FORM_FIELDS, ...CHANNEL_FIELDS, ...TIER_FIELDS] as const)
    form[f] = typeof body[f] === 'string' ? (body[f] as string).slice(0, 6000) : '';
  return form;
}

/**
 * The form as a customer input: every field is given (an emptied field is cleared), the
 * checkboxes are consent on/off, the scopes all/personal. Meaning is checked by the ingest normalizers.
 */
export function inputOf(form: CustomerForm): CustomerWithTierInput {
  const orNull = (v: string) => (v.trim() === '' ? null : v);
  return {
    firstName: form.firstName,
    lastName: form.lastName,
    email: orNull(form.email),
    phone: orNull(form.phone),
    birthday: orNull(form.birthday),
    locale: orNull(form.locale),
    timezone: orNull(form.timezone),
    street: orNull(form.street),
    postcode: orNull(form.postcode),
    city: orNull(form.city),
    country: orNull(form.country),
    tags: form.tags,
    notes: form.notes,
    preferredChannels: form.preferredChannels || 'email,sms',
    emailConsent: form.emailConsent === 'on',
    smsConsent: form.smsConsent === 'on',
    emailScope: form.emailScope || 'all',
    smsScope: form.smsScope || 'all',
    tier: form.tier.trim() === '' ? null : form.tier,
  };
}

/** Field → its problem in the reader's language. */
export function fieldErrors(locale: string, problems: readonly CodedProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) out[p.field] ??= problemText(locale, p);
  return out;
}

/** The select options of the form in the reader's language. */
export function formOptions(locale: string) {
  return {
    scopes: MESSAGE_SCOPES.map((v) => ({ value: v, label: translate(locale, `cust.scope.${v}`) })),
    channelOrders: CHANNEL_ORDERS.map((v) => ({ value: v, label: translate(locale, `cust.channels.${v}`) })),
    locales: [
      { value: '', label: translate(locale, 'cust.localeDefault') },
      ...WEB_LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] })),
    ],
  };
}
