import { ACTION_CHANNELS, LOCALES } from '@touchbase/core';
import type { ParamSpec, RuleKind, Text } from '@touchbase/rules';
import { translate } from '../i18n';
import { currenciesOf, FormStrings } from './rule-form';

/** One input of the rule form, with its label, help text, value and problem (if any). */
export interface FieldView {
  input: string;
  label: string;
  help: string;
  type: 'int' | 'number' | 'time' | 'select' | 'bool' | 'money' | 'text' | 'locales';
  value: string;
  values: string[];
  options: Array<{ value: string; label: string }>;
  error: string | null;
}

export interface FormSection {
  title: string;
  fields: FieldView[];
}

/** A kind's text in the viewer's language (English where the UI has no catalog). */
export function textIn(text: Text, locale: string): string {
  return text[locale as keyof Text] ?? text.en;
}

function view(
  input: string,
  label: string,
  help: string,
  type: FieldView['type'],
  values: FormStrings,
  errors: Record<string, string>,
  options: FieldView['options'] = [],
): FieldView {
  const raw = values[input];
  return {
    input,
    label,
    help,
    type,
    value: Array.isArray(raw) ? '' : (raw ?? ''),
    values: Array.isArray(raw) ? raw : [],
    options,
    error: errors[input] ?? null,
  };
}

/** A general field whose label and help come from the web catalog (`rules.field.*`, `rules.help.*`). */
function general(
  locale: string,
  input: string,
  key: string,
  type: FieldView['type'],
  values: FormStrings,
  errors: Record<string, string>,
  options: FieldView['options'] = [],
): FieldView {
  const t = (k: string) => translate(locale, k);
  return view(input, t(`rules.field.${key}`), t(`rules.help.${key}`), type, values, errors, options);
}

/** The inputs of one parameter, from its description (an amount map has one per currency). */
function paramFields(
  spec: ParamSpec,
  input: string,
  locale: string,
  currency: string,
  values: FormStrings,
  errors: Record<string, string>,
  templateKeys: readonly string[],
): FieldView[] {
  const label = textIn(spec.label, locale);
  const help = textIn(spec.help, locale);
  const one = (type: FieldView['type'], options: FieldView['options'] = []) => [
    view(input, label, help, type, values, errors, options),
  ];
  switch (spec.type) {
    case 'int':
    case 'number':
    case 'time':
    case 'bool':
      return one(spec.type);
    case 'choice': {
      const options = spec.options.map((o) => ({
        value: o,
        label: spec.optionLabels?.[o] ? textIn(spec.optionLabels[o], locale) : o,
      }));
      return one('select', spec.default === undefined ? [{ value: '', label: '—' }, ...options] : options);
    }
    case 'money': {
      const shown = Object.keys(values)
        .filter((k) => k.startsWith(`${input}.`))
        .map((k) => k.slice(input.length + 1));
      return currenciesOf(Object.fromEntries(shown.map((c) => [c, 1])), currency).map((cur) =>
        view(`${input}.${cur}`, `${label} (${cur})`, help, 'money', values, errors),
      );
    }
    case 'group':
      return spec.fields.flatMap((f) =>
        paramFields(f, `${input}.${f.name}`, locale, currency, values, errors, templateKeys),
      );
    case 'text':
      // a parameter naming a template (the big purchase's second tier) is chosen like the rule's own
      if (spec.name === 'template_key')
        return one('select', [
          { value: '', label: '—' },
          ...keysWith(templateKeys, values[input]).map((k) => ({ value: k, label: k })),
        ]);
      return one('text');
    default:
      return one('text');
  }
}

/** The template keys to choose from, the current value always kept (even one that no longer exists). */
function keysWith(templateKeys: readonly string[], current: FormStrings[string]): string[] {
  const value = typeof current === 'string' ? current : '';
  return [...new Set([...templateKeys, ...(value ? [value] : [])])].sort();
}

/** The form's sections: the rule, the kind's parameters, the audience, priority and limits. */
export function ruleFormSections(
  kind: RuleKind<any>,
  locale: string,
  currency: string,
  values: FormStrings,
  errors: Record<string, string>,
  /** The template keys that exist: the template is chosen from them (the current one always kept). */
  templateKeys: readonly string[] = [],
  /** The service tiers' names (docs/ingest.md#service-tiers), best first: the audience may pick some. */
  tierNames: readonly string[] = [],
): FormSection[] {
  const t = (k: string) => translate(locale, k);
  const keys = keysWith(templateKeys, values.templateKey);
  const g = (input: string, type: FieldView['type'], options?: FieldView['options']) =>
    general(locale, input, input, type, values, errors, options);
  return [
    {
      title: t('rules.general'),
      fields: [
        g('name', 'text'),
        ...LOCALES.map((l) =>
          view(
            `publicLabel.${l}`,
            translate(locale, 'rules.field.publicLabel', { locale: l }),
            translate(locale, 'rules.help.publicLabel'),
            'text',
            values,
            errors,
          ),
        ),
        g(
          'channel',
          'select',
          ACTION_CHANNELS.map((c) => ({ value: c, label: c })),
        ),
        g(
          'templateKey',
          'select',
          keys.map((k) => ({ value: k, label: k })),
        ),
        g('enabled', 'bool'),
      ],
    },
    {
      title: t('rules.params'),
      fields: kind.params.flatMap((spec) =>
        paramFields(spec, `p.${spec.name}`, locale, currency, values, errors, templateKeys),
      ),
    },
    {
      title: t('rules.audienceTitle'),
      fields: [
        g('audience.tags', 'text'),
        g('audience.minLifetimeSpend', 'money'),
        g('audience.hasPurchased', 'select', [
          { value: '', label: t('rules.any') },
          { value: 'yes', label: t('rules.opt.yes') },
          { value: 'no', label: t('rules.opt.no') },
        ]),
        g(
          'audience.locales',
          'locales',
          LOCALES.map((l) => ({ value: l, label: l })),
        ),
        g(
          'audience.tiers',
          'locales',
          // a tier the rule names is kept even if its definition is gone, so the form shows it
          [
            ...new Set([
              ...tierNames,
              ...(Array.isArray(values['audience.tiers']) ? values['audience.tiers'] : []),
            ]),
          ].map((n) => ({ value: n, label: n })),
        ),
      ],
    },
    {
      title: t('rules.policy'),
      fields: [
        g('priority', 'int'),
        g('transactional', 'bool'),
        g('gracePeriodMinutes', 'int'),
        g('holdoutPercent', 'int'),
      ],
    },
  ];
}
