import type { FieldProblem } from '@touchbase/core';
import type { TierInput, TierWithCount } from '@touchbase/ingest';
import type { Tier } from '@touchbase/store';
import { formatNumber, translate } from '../i18n';
import { minorToMoney, moneyToMinor } from './rule-form';

/** The tier form's fields as typed (kept as typed when shown again with errors). */
export interface TierForm {
  name: string;
  rank: string;
  basis: string;
  minSpend: string;
  minOrders: string;
  windowDays: string;
  match: string;
}

const FIELDS: (keyof TierForm)[] = ['name', 'rank', 'basis', 'minSpend', 'minOrders', 'windowDays', 'match'];

export function typedTierForm(body: Record<string, unknown>): TierForm {
  const form = {} as TierForm;
  for (const f of FIELDS)
    form[f] = typeof body[f] === 'string' ? (body[f] as string).trim().slice(0, 200) : '';
  return form;
}

/** A new tier's form: the next free rank, by hand. */
export function blankTierForm(tiers: readonly Tier[]): TierForm {
  const next = Math.min(100, Math.max(0, ...tiers.map((t) => t.rank)) + 1);
  return {
    name: '',
    rank: String(next),
    basis: 'activity',
    minSpend: '',
    minOrders: '',
    windowDays: '365',
    match: 'any',
  };
}

export function tierFormOf(t: Tier, currency: string): TierForm {
  return {
    name: t.name,
    rank: String(t.rank),
    basis: t.basis,
    minSpend: minorToMoney(t.minSpendMinor, currency),
    minOrders: t.minOrders === null ? '' : String(t.minOrders),
    windowDays: String(t.windowDays),
    match: t.match,
  };
}

const whole = (v: string): number | string | null => (v === '' ? null : /^\d+$/.test(v) ? Number(v) : v);

/** The form as the service's input: amounts in major units become minor units of the business currency. */
export function tierInputOf(form: TierForm, currency: string): TierInput {
  const spend = moneyToMinor(form.minSpend, currency);
  return {
    name: form.name,
    rank: whole(form.rank) ?? undefined,
    basis: form.basis || 'manual',
    minSpendMinor: spend === undefined ? null : spend,
    minOrders: whole(form.minOrders),
    windowDays: whole(form.windowDays) ?? undefined,
    match: form.match || 'any',
  };
}

/** Field → its problem in the reader's language (`tiers.err.<code>`); the service's fields → the form's. */
export function tierErrors(locale: string, problems: readonly FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    const code = (p as FieldProblem & { code?: string }).code;
    const field = p.field === 'minSpendMinor' ? 'minSpend' : p.field;
    out[field] ??= code ? translate(locale, `tiers.err.${code}`) : p.problem;
  }
  return out;
}

/** "spent at least 500,00 € or at least 5 orders in the last 365 days", in the reader's language. */
export function ruleText(t: Tier, locale: string, money: (minor: number) => string): string {
  if (t.basis === 'manual') return translate(locale, 'tiers.byHand');
  const parts: string[] = [];
  if (t.minSpendMinor !== null)
    parts.push(translate(locale, 'tiers.spendAtLeast', { amount: money(t.minSpendMinor) }));
  if (t.minOrders !== null) parts.push(translate(locale, 'tiers.ordersAtLeast', { n: t.minOrders }));
  const joined = parts.join(` ${translate(locale, t.match === 'all' ? 'tiers.and' : 'tiers.or')} `);
  return `${joined} ${translate(locale, 'tiers.inDays', { n: t.windowDays })}`;
}

/** The list's rows: the tier, its rule in words and its customers (a link to the filtered list). */
export function tierRows(tiers: readonly TierWithCount[], locale: string, money: (minor: number) => string) {
  return tiers.map((t) => ({
    id: t.id,
    rank: t.rank,
    name: t.name,
    rule: ruleText(t, locale, money),
    customers: translate(locale, 'tiers.customersLink', { n: t.customers }),
    count: formatNumber(locale, t.customers),
    deleteConfirm: translate(locale, 'tiers.deleteConfirm', { name: t.name }),
  }));
}
