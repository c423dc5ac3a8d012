import { currencyDigits, LOCALES } from '@touchbase/core';
import { formatDuration, ParamSpec, RuleInput, RuleKind, validateParams } from '@touchbase/rules';
import type { Rule } from '@touchbase/store';

/**
 * The rule form's values, derived from the kind's own parameter descriptions (no field list
 * here): a stored rule → the form's strings, and the posted strings → a RuleInput. Checking is
 * the rules area's job; a value that does not parse is passed on as typed, so the service names
 * it. Nothing stored is dropped: every currency of an amount map gets its own input.
 */
export type FormValues = Record<string, string | string[] | undefined>;
export type FormStrings = Record<string, string | string[]>;

const str = (v: string | string[] | undefined) =>
  (Array.isArray(v) ? (v[v.length - 1] ?? '') : (v ?? '')).trim();

function toInt(v: string): number | string | undefined {
  if (v === '') return undefined;
  return /^-?\d+$/.test(v) ? Number(v) : v;
}

function toNumber(v: string): number | string | undefined {
  if (v === '') return undefined;
  const n = Number(v.replace(',', '.'));
  return Number.isFinite(n) ? n : v;
}

/** "200" / "1.234,50" / "199.99" in `currency` → minor units; unreadable → as typed. */
export function moneyToMinor(v: string, currency: string): number | string | undefined {
  if (v === '') return undefined;
  const normalized = /,\d{1,2}$/.test(v) ? v.replace(/\./g, '').replace(',', '.') : v.replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(normalized)) return v;
  return Math.round(Number(normalized) * 10 ** currencyDigits(currency));
}

export function minorToMoney(minor: unknown, currency: string): string {
  if (typeof minor !== 'number') return '';
  const digits = currencyDigits(currency);
  return (minor / 10 ** digits).toFixed(digits);
}

/** The currencies an amount map shows: the business currency first, then every stored one. */
export function currenciesOf(stored: unknown, business: string): string[] {
  const keys = stored && typeof stored === 'object' ? Object.keys(stored) : [];
  return [business, ...keys.filter((k) => k !== business).sort()];
}

/** Currencies posted for an amount map: `p.min_total.EUR`, `p.min_total.USD`, … */
function postedCurrencies(form: FormValues, input: string): string[] {
  return Object.keys(form)
    .filter((k) => k.startsWith(`${input}.`))
    .map((k) => k.slice(input.length + 1));
}

function paramFromForm(spec: ParamSpec, form: FormValues, input: string): unknown {
  const raw = str(form[input]);
  switch (spec.type) {
    case 'int':
      return toInt(raw);
    case 'number':
      return toNumber(raw);
    case 'bool':
      return raw === 'on' || raw === 'true';
    case 'money': {
      const out: Record<string, unknown> = {};
      for (const cur of postedCurrencies(form, input)) {
        const v = moneyToMinor(str(form[`${input}.${cur}`]), cur);
        if (v !== undefined) out[cur] = v;
      }
      return Object.keys(out).length ? out : undefined;
    }
    case 'ids':
      return raw === ''
        ? undefined
        : raw
            .split(/[\s,]+/)
            .filter(Boolean)
            .map(toInt);
    case 'group': {
      const out: Record<string, unknown> = {};
      for (const f of spec.fields) {
        const v = paramFromForm(f, form, `${input}.${f.name}`);
        if (v !== undefined) out[f.name] = v;
      }
      return Object.keys(out).length ? out : undefined;
    }
    default:
      return raw === '' ? undefined : raw;
  }
}

/** The form's strings → a RuleInput for RulesService.create/update. */
export function ruleInputFromForm(kind: RuleKind<any>, form: FormValues, currency: string): RuleInput {
  const params: Record<string, unknown> = {};
  for (const spec of kind.params) {
    const value = paramFromForm(spec, form, `p.${spec.name}`);
    if (value !== undefined) params[spec.name] = value;
  }
  const tags = str(form['audience.tags'])
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const minSpend = moneyToMinor(str(form['audience.minLifetimeSpend']), currency);
  const hasPurchased = str(form['audience.hasPurchased']);
  const locales = ([] as string[]).concat(form['audience.locales'] ?? []).filter(Boolean);
  const tiers = ([] as string[]).concat(form['audience.tiers'] ?? []).filter(Boolean);
  const audience: Record<string, unknown> = {};
  if (tags.length) audience.tags = tags;
  if (minSpend !== undefined) audience.minLifetimeSpendMinor = minSpend;
  if (hasPurchased === 'yes' || hasPurchased === 'no') audience.hasPurchased = hasPurchased === 'yes';
  if (locales.length) audience.locales = locales;
  if (tiers.length) audience.tiers = tiers;
  const publicLabel = Object.fromEntries(LOCALES.map((l) => [l, str(form[`publicLabel.${l}`])]));
  return {
    name: str(form.name),
    publicLabel,
    kind: kind.kind,
    params,
    channel: str(form.channel) || undefined,
    templateKey: str(form.templateKey) || undefined,
    audience: audience as RuleInput['audience'],
    priority: toInt(str(form.priority)) as number | undefined,
    transactional: str(form.transactional) === 'on',
    gracePeriodMinutes: toInt(str(form.gracePeriodMinutes)) as number | undefined,
    holdoutPercent: toInt(str(form.holdoutPercent)) as number | undefined,
    enabled: str(form.enabled) === 'on',
  };
}

function paramToForm(
  spec: ParamSpec,
  params: Record<string, unknown>,
  input: string,
  currency: string,
  out: FormStrings,
): void {
  const v = params[spec.type === 'duration' ? spec.stored : spec.name];
  switch (spec.type) {
    case 'bool':
      out[input] = v ? 'on' : '';
      return;
    case 'money':
      for (const cur of currenciesOf(v, currency))
        out[`${input}.${cur}`] = minorToMoney((v as Record<string, unknown> | undefined)?.[cur], cur);
      return;
    case 'duration':
      out[input] = typeof v === 'number' ? formatDuration(v) : typeof v === 'string' ? v : '';
      return;
    case 'ids':
      out[input] = Array.isArray(v) ? v.join(', ') : '';
      return;
    case 'group':
      for (const f of spec.fields)
        paramToForm(f, (v ?? {}) as Record<string, unknown>, `${input}.${f.name}`, currency, out);
      return;
    default:
      out[input] = v === undefined || v === null ? '' : String(v);
  }
}

/** What the form shows: a stored rule (or the kind's example for a new one) as strings. */
export function formFromRule(kind: RuleKind<any>, rule: Rule | null, currency: string): FormStrings {
  const values: FormStrings = rule
    ? {
        name: rule.name,
        channel: rule.channel,
        templateKey: rule.templateKey,
        priority: String(rule.priority),
        gracePeriodMinutes: String(rule.gracePeriodMinutes),
        holdoutPercent: String(rule.holdoutPercent),
        enabled: rule.enabled ? 'on' : '',
        transactional: rule.transactional ? 'on' : '',
        'audience.tags': (rule.audience.tags ?? []).join(', '),
        'audience.minLifetimeSpend': minorToMoney(rule.audience.minLifetimeSpendMinor, currency),
        'audience.hasPurchased':
          rule.audience.hasPurchased === undefined ? '' : rule.audience.hasPurchased ? 'yes' : 'no',
        'audience.locales': rule.audience.locales ?? [],
        'audience.tiers': rule.audience.tiers ?? [],
      }
    : {
        name: '',
        channel: kind.ruleDefaults?.channel ?? 'email',
        templateKey: kind.kind,
        priority: '0',
        gracePeriodMinutes: '1440',
        holdoutPercent: '0',
        enabled: 'on',
        transactional: kind.ruleDefaults?.transactional ? 'on' : '',
        'audience.locales': [],
        'audience.tiers': [],
      };
  for (const l of LOCALES) values[`publicLabel.${l}`] = rule?.publicLabel?.[l] ?? '';
  const params = (rule ? rule.params : validateParams(kind, kind.example).params) as Record<string, unknown>;
  for (const spec of kind.params) paramToForm(spec, params, `p.${spec.name}`, currency, values);
  return values;
}

/**
 * A problem from the rules area (`params.second_tier.min_total.EUR`) → the form input it
 * belongs to: the input of that name, else the first input under it, else its parent's.
 */
export function formFieldOf(field: string, inputs: readonly string[]): string {
  if (field === 'audience.minLifetimeSpendMinor') return 'audience.minLifetimeSpend';
  if (!field.startsWith('params.')) return field;
  let path = `p.${field.slice('params.'.length)}`;
  for (;;) {
    if (inputs.includes(path)) return path;
    const under = inputs.find((i) => i.startsWith(`${path}.`));
    if (under) return under;
    const cut = path.lastIndexOf('.');
    if (cut <= 1) return field;
    path = path.slice(0, cut);
  }
}
