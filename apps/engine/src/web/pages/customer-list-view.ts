import { MAX_LIST_OFFSET } from '@touchbase/core';
import {
  CONSENT_FILTERS,
  CUSTOMER_SORTS,
  CustomerFilter,
  CustomerListItem,
  CustomerSort,
  Page,
} from '@touchbase/ingest';
import { translate } from '../i18n';

export const LIST_PAGE_SIZE = 25;

/** The query-string parameters the list keeps (in links to other pages and the CSV). */
const KEPT = [
  'q',
  'tag',
  'tier',
  'consent',
  'birthdayMonth',
  'spendFrom',
  'spendTo',
  'contact',
  'sort',
] as const;

/** "Last contact" choices: within N days, or none for N days. */
const CONTACT_CHOICES: Record<string, Pick<CustomerFilter, 'contactWithinDays' | 'noContactDays'>> = {
  within30: { contactWithinDays: 30 },
  within90: { contactWithinDays: 90 },
  none90: { noContactDays: 90 },
  none365: { noContactDays: 365 },
};
const CONTACT_LABELS: Record<string, string> = {
  within30: 'cust.contactWithin30',
  within90: 'cust.contactWithin90',
  none90: 'cust.noContact90',
  none365: 'cust.noContact365',
};
/** Each sort's direction as the list offers it (name A→Z, the largest spend and the newest first). */
const SORT_DIRS: Record<CustomerSort, 'asc' | 'desc'> = {
  name: 'asc',
  spend: 'desc',
  lastContact: 'asc',
  created: 'desc',
};

const amount = (v: string | undefined): number | undefined | null => {
  if (v === undefined || v.trim() === '') return undefined;
  const n = Number(v.trim().replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : null;
};

/** The filter a list URL asks for; a bad amount is named (and left out of the filter). */
export function listFilterOf(q: Record<string, string>): {
  filter: CustomerFilter;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const filter: CustomerFilter = { limit: LIST_PAGE_SIZE };
  const offset = Number.parseInt(q.offset ?? '0', 10);
  filter.offset = Math.min(Math.max(0, Number.isFinite(offset) ? offset : 0), MAX_LIST_OFFSET);
  if (q.q) filter.q = String(q.q).slice(0, 200);
  if (q.tag) filter.tag = String(q.tag).slice(0, 50);
  if (q.tier) filter.tier = String(q.tier).slice(0, 50);
  if ((CONSENT_FILTERS as readonly string[]).includes(q.consent))
    filter.consent = q.consent as CustomerFilter['consent'];
  const month = Number(q.birthdayMonth);
  if (Number.isInteger(month) && month >= 1 && month <= 12) filter.birthdayMonth = month;
  for (const k of ['spendFrom', 'spendTo'] as const) {
    const v = amount(q[k]);
    if (v === null) errors[k] = 'cust.badNumber';
    else if (v !== undefined) filter[k] = v;
  }
  Object.assign(filter, CONTACT_CHOICES[q.contact] ?? {});
  if ((CUSTOMER_SORTS as readonly string[]).includes(q.sort)) {
    filter.sort = q.sort as CustomerSort;
    filter.dir = SORT_DIRS[filter.sort];
  }
  return { filter, errors };
}

/** The list page's data: the form's values and choices, the rows, and links that keep the view. */
export function listView(
  locale: string,
  q: Record<string, string>,
  filter: CustomerFilter,
  page: Page<CustomerListItem>,
  errors: Record<string, string>,
) {
  const kept = new URLSearchParams();
  for (const k of KEPT) if (q[k]) kept.set(k, String(q[k]).slice(0, 200));
  const link = (offset: number) => {
    const p = new URLSearchParams(kept);
    if (offset) p.set('offset', String(offset));
    return `/customers?${p.toString()}`;
  };
  const offset = filter.offset ?? 0;
  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', timeZone: 'UTC' });
  return {
    q: q.q ?? '',
    values: Object.fromEntries(KEPT.map((k) => [k, q[k] ?? ''])),
    errors: Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, translate(locale, key)])),
    consentChoices: [
      { value: 'email', label: translate(locale, 'cust.consentEmail') },
      { value: 'sms', label: translate(locale, 'cust.consentSms') },
      { value: 'none', label: translate(locale, 'cust.consentNeither') },
    ],
    months: Array.from({ length: 12 }, (_, i) => ({
      value: String(i + 1),
      label: monthName.format(new Date(Date.UTC(2000, i, 1))),
    })),
    contactChoices: Object.keys(CONTACT_CHOICES).map((v) => ({
      value: v,
      label: translate(locale, CONTACT_LABELS[v]),
    })),
    sorts: CUSTOMER_SORTS.map((v) => ({ value: v, label: translate(locale, `cust.sort.${v}`) })),
    page,
    prevLink: offset > 0 ? link(Math.max(0, offset - LIST_PAGE_SIZE)) : null,
    nextLink: offset + LIST_PAGE_SIZE < page.total ? link(offset + LIST_PAGE_SIZE) : null,
    csvLink: `/customers/export.csv?${kept.toString()}`,
  };
}
