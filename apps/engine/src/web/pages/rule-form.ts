import { currencyDigits, LOCALES } from '@touchbase/core';
import type { RuleInput } from '@touchbase/rules';
import type { Rule } from '@touchbase/store';

/**
 * The rule form: which inputs each kind has, and the conversion between the form's strings and
 * the rules area's RuleInput. Checking is the rules area's job (RulesService answers with
 * problems naming `params.days_before` etc.); here a value that does not parse is passed on as
 * it was typed, so the service names it.
 */
export type ParamType = 'int' | 'number' | 'time' | 'select' | 'bool' | 'money' | 'text';

export interface ParamField {
  name: string;
  type: ParamType;
  options?: string[];
}

const FALLBACK: ParamField = { name: 'fallback', type: 'select', options: ['skip', 'task'] };
const CHANNELS = ['email', 'sms', 'task'];

export const KIND_FIELDS: Record<string, ParamField[]> = {
  birthday: [
    { name: 'days_before', type: 'int' },
    { name: 'send_time', type: 'time' },
    { name: 'feb29', type: 'select', options: ['feb28', 'mar1'] },
    FALLBACK,
  ],
  big_purchase_thanks: [
    { name: 'min_total', type: 'money' },
    { name: 'delay_minutes', type: 'int' },
    { name: 'second_tier_min_total', type: 'money' },
    { name: 'second_tier_channel', type: 'select', options: ['', ...CHANNELS] },
    { name: 'second_tier_template_key', type: 'text' },
    FALLBACK,
  ],
  top_customer_checkin: [
    { name: 'top_n', type: 'int' },
    { name: 'top_percent', type: 'number' },
    { name: 'window_days', type: 'int' },
    { name: 'no_contact_days', type: 'int' },
    { name: 'send_time', type: 'time' },
    FALLBACK,
  ],
  back_in_stock: [{ name: 'per_unit', type: 'int' }, { name: 'set_aside_task', type: 'bool' }, FALLBACK],
};

export const RULE_FORM_KINDS = Object.keys(KIND_FIELDS);

/** Suggested starting values for a new rule of each kind. */
const NEW_DEFAULTS: Record<string, Record<string, string>> = {
  birthday: { days_before: '0', send_time: '09:00', feb29: 'feb28', fallback: 'skip' },
  big_purchase_thanks: { min_total: '200', delay_minutes: '1440', fallback: 'skip' },
  top_customer_checkin: {
    top_n: '20',
    window_days: '365',
    no_contact_days: '60',
    send_time: '09:00',
    fallback: 'task',
  },
  back_in_stock: { per_unit: '1', fallback: 'skip' },
};

export type FormValues = Record<string, string | string[] | undefined>;

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

/** "200" / "1.234,50" / "199.99" in the business currency → minor units; unreadable → as typed. */
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

/** The form's strings → a RuleInput for RulesService.create/update. */
export function ruleInputFromForm(kind: string, form: FormValues, currency: string): RuleInput {
  const params: Record<string, unknown> = {};
  for (const f of KIND_FIELDS[kind] ?? []) {
    if (f.name.startsWith('second_tier_')) continue;
    const raw = str(form[`p.${f.name}`]);
    const value =
      f.type === 'int'
        ? toInt(raw)
        : f.type === 'number'
          ? toNumber(raw)
          : f.type === 'bool'
            ? raw === 'on' || raw === 'true'
            : f.type === 'money'
              ? moneyToMinor(raw, currency)
              : raw === ''
                ? undefined
                : raw;
    if (value === undefined) continue;
    params[f.name] = f.type === 'money' ? { [currency]: value } : value;
  }
  if (kind === 'big_purchase_thanks' && str(form['p.second_tier_min_total'])) {
    params.second_tier = {
      min_total: { [currency]: moneyToMinor(str(form['p.second_tier_min_total']), currency) },
      channel: str(form['p.second_tier_channel']),
      template_key: str(form['p.second_tier_template_key']),
    };
  }
  const tags = str(form['audience.tags'])
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const minSpend = moneyToMinor(str(form['audience.minLifetimeSpend']), currency);
  const hasPurchased = str(form['audience.hasPurchased']);
  const locales = ([] as string[]).concat(form['audience.locales'] ?? []).filter(Boolean);
  const audience: Record<string, unknown> = {};
  if (tags.length) audience.tags = tags;
  if (minSpend !== undefined) audience.minLifetimeSpendMinor = minSpend;
  if (hasPurchased === 'yes' || hasPurchased === 'no') audience.hasPurchased = hasPurchased === 'yes';
  if (locales.length) audience.locales = locales;
  return {
    name: str(form.name),
    kind,
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

/** What the form shows: a stored rule (or defaults for a new one) as strings. */
export function formFromRule(
  kind: string,
  rule: Rule | null,
  currency: string,
): Record<string, string | string[]> {
  if (!rule) {
    const defaults = NEW_DEFAULTS[kind] ?? {};
    const values: Record<string, string | string[]> = {
      name: '',
      channel: kind === 'top_customer_checkin' ? 'task' : 'email',
      templateKey: kind,
      priority: '0',
      gracePeriodMinutes: '1440',
      holdoutPercent: '0',
      enabled: 'on',
      transactional: kind === 'back_in_stock' ? 'on' : '',
      'audience.locales': [],
    };
    for (const [k, v] of Object.entries(defaults)) values[`p.${k}`] = v;
    return values;
  }
  const p = rule.params as Record<string, any>;
  const values: Record<string, string | string[]> = {
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
  };
  for (const f of KIND_FIELDS[kind] ?? []) {
    const v = p[f.name];
    if (f.type === 'money')
      values[`p.${f.name}`] = minorToMoney(v?.[currency] ?? Object.values(v ?? {})[0], currency);
    else if (f.type === 'bool') values[`p.${f.name}`] = v ? 'on' : '';
    else if (v !== undefined && v !== null) values[`p.${f.name}`] = String(v);
  }
  if (kind === 'big_purchase_thanks') {
    if (p.delay_minutes !== undefined) values['p.delay_minutes'] = String(p.delay_minutes);
    if (p.second_tier) {
      values['p.second_tier_min_total'] = minorToMoney(p.second_tier.min_total?.[currency], currency);
      values['p.second_tier_channel'] = p.second_tier.channel ?? '';
      values['p.second_tier_template_key'] = p.second_tier.template_key ?? '';
    }
  }
  return values;
}

/** A problem from the rules area (`params.second_tier.min_total.EUR`) → the form input it belongs to. */
export function formFieldOf(field: string): string {
  if (field.startsWith('params.second_tier')) {
    const rest = field.slice('params.second_tier'.length).replace(/^\./, '');
    const sub = rest.split('.')[0] || 'min_total';
    return `p.second_tier_${sub}`;
  }
  if (field === 'params.delay') return 'p.delay_minutes';
  if (field.startsWith('params.min_total')) return 'p.min_total';
  if (field.startsWith('params.')) return `p.${field.slice('params.'.length).split('.')[0]}`;
  if (field === 'audience.minLifetimeSpendMinor') return 'audience.minLifetimeSpend';
  return field;
}

export const AUDIENCE_LOCALES = LOCALES;

export interface FieldView {
  input: string;
  labelKey: string;
  helpKey: string;
  type: ParamType | 'locales';
  value: string;
  values: string[];
  options: Array<{ value: string; labelKey: string | null }>;
  error: string | null;
}

export interface FormSection {
  titleKey: string;
  fields: FieldView[];
}

const OPTION_LABELS = new Set(['skip', 'task', 'feb28', 'mar1']);

function field(
  input: string,
  key: string,
  type: FieldView['type'],
  values: Record<string, string | string[]>,
  errors: Record<string, string>,
  options: string[] = [],
): FieldView {
  const raw = values[input];
  return {
    input,
    labelKey: `rules.field.${key}`,
    helpKey: `rules.help.${key}`,
    type,
    value: Array.isArray(raw) ? '' : (raw ?? ''),
    values: Array.isArray(raw) ? raw : [],
    options: options.map((o) => ({
      value: o,
      labelKey:
        o === ''
          ? 'rules.opt.none'
          : OPTION_LABELS.has(o) && input === 'p.fallback'
            ? `rules.opt.${o}`
            : OPTION_LABELS.has(o) && input === 'p.feb29'
              ? `rules.opt.${o}`
              : null,
    })),
    error: errors[input] ?? null,
  };
}

/** The form's sections with each input's label, help text, value and problem (if any). */
export function ruleFormSections(
  kind: string,
  values: Record<string, string | string[]>,
  errors: Record<string, string>,
): FormSection[] {
  return [
    {
      titleKey: 'rules.general',
      fields: [
        field('name', 'name', 'text', values, errors),
        field('channel', 'channel', 'select', values, errors, CHANNELS),
        field('templateKey', 'templateKey', 'text', values, errors),
        field('enabled', 'enabled', 'bool', values, errors),
      ],
    },
    {
      titleKey: 'rules.params',
      fields: (KIND_FIELDS[kind] ?? []).map((f) =>
        field(`p.${f.name}`, f.name, f.type, values, errors, f.options),
      ),
    },
    {
      titleKey: 'rules.audienceTitle',
      fields: [
        field('audience.tags', 'audience.tags', 'text', values, errors),
        field('audience.minLifetimeSpend', 'audience.minLifetimeSpend', 'money', values, errors),
        {
          ...field('audience.hasPurchased', 'audience.hasPurchased', 'select', values, errors, [
            '',
            'yes',
            'no',
          ]),
          options: [
            { value: '', labelKey: 'rules.any' },
            { value: 'yes', labelKey: 'rules.opt.yes' },
            { value: 'no', labelKey: 'rules.opt.no' },
          ],
        },
        {
          ...field('audience.locales', 'audience.locales', 'locales', values, errors),
          options: AUDIENCE_LOCALES.map((l) => ({ value: l, labelKey: null })),
        },
      ],
    },
    {
      titleKey: 'rules.policy',
      fields: [
        field('priority', 'priority', 'int', values, errors),
        field('transactional', 'transactional', 'bool', values, errors),
        field('gracePeriodMinutes', 'gracePeriodMinutes', 'int', values, errors),
        field('holdoutPercent', 'holdoutPercent', 'int', values, errors),
      ],
    },
  ];
}
