import {
  HOURS_CHANNELS,
  isSettingKey,
  QuietHoursKey,
  SETTING_KEYS,
  SettingKey,
  WEEKDAYS,
} from '@touchbase/config';
import { FieldProblem } from '@touchbase/core';
import { SettingChangeRow, SettingsView } from '@touchbase/store';
import { LOCALE_NAMES, translate, WEB_LOCALES } from '../i18n';

type Form = Record<string, string | string[] | undefined>;

/** The form field of a setting's "reset to default" checkbox. */
const resetField = (key: SettingKey): string => `reset.${key}`;

/** Line ends and outer spaces do not count as a change (a textarea sends CRLF). */
const same = (a: string, b: string): boolean =>
  a.replace(/\r\n/g, '\n').trim() === b.replace(/\r\n/g, '\n').trim();

/**
 * The changes a submitted settings form asks for (docs/web-ui.md#settings): null for each ticked
 * "reset to default", the typed text for each field that differs from the effective value; an
 * untouched field is left out, so it keeps following the environment.
 */
export function changesOfForm(form: Form, view: SettingsView): Record<string, string | null> {
  const changes: Record<string, string | null> = {};
  for (const key of SETTING_KEYS) {
    if (form[resetField(key)] !== undefined) {
      if (view.overridden.includes(key)) changes[key] = null;
      continue;
    }
    const typed = form[key];
    if (typeof typed === 'string' && !same(typed, view.values[key])) changes[key] = typed;
  }
  return changes;
}

/** The label of a setting in the owner's language ("Quiet hours · Email · Monday" for one day). */
export function settingLabel(locale: string, key: string): string {
  if (key.startsWith('quietHours.')) {
    const [, channel, day] = key.split('.');
    return [
      translate(locale, 'settings.field.quietHours'),
      translate(locale, `settings.channel.${channel}`),
      translate(locale, `settings.day.${day}`),
    ].join(' · ');
  }
  if (key.startsWith('storefront.')) return translate(locale, key); // the storefront form's own labels
  return isSettingKey(key) ? translate(locale, `settings.field.${key}`) : key;
}

/** Each refused field's problem in the owner's language (the catalog's text per setting). */
export function problemsOf(locale: string, fields: FieldProblem[]): Record<string, string> {
  return Object.fromEntries(
    fields.map((f) => {
      const group = f.field.startsWith('quietHours.') ? 'quietHours' : f.field;
      return [f.field, isSettingKey(f.field) ? translate(locale, `settings.problem.${group}`) : f.problem];
    }),
  );
}

/** What the settings view needs: every field with its value, default and problem, grouped as the page shows them. */
export function settingsPageModel(
  locale: string,
  view: SettingsView,
  history: SettingChangeRow[],
  typed: Form | null,
  problems: Record<string, string>,
) {
  const field = (key: SettingKey) => {
    const raw = typed?.[key];
    const def = view.defaults[key];
    const hintKey = `settings.hint.${key}`;
    const hint = translate(locale, hintKey);
    return {
      key,
      id: `s-${key.replace(/\./g, '-')}`,
      label: settingLabel(locale, key),
      value: typeof raw === 'string' ? raw : view.values[key],
      overridden: view.overridden.includes(key),
      resetTicked: typed?.[resetField(key)] !== undefined,
      default: def
        ? translate(locale, 'settings.default', { value: def, env: view.env[key] })
        : translate(locale, 'settings.defaultEmpty', { env: view.env[key] }),
      defaultValue: def,
      hint: hint === hintKey ? null : hint,
      problem: problems[key] ?? null,
    };
  };
  const group = (name: string, keys: SettingKey[]) => ({
    title: translate(locale, `settings.group.${name}`),
    fields: keys.map(field),
  });
  return {
    groups: [
      group('business', ['businessName', 'postalAddress', 'logo', 'shopUrl', 'publicBaseUrl']),
      group('region', ['timezone', 'defaultLocale']),
      group('email', ['senderName', 'senderAddress', 'replyTo']),
    ],
    contact: group('contact', ['budgetMax', 'budgetDays', 'digestTime']),
    days: WEEKDAYS.map((d) => translate(locale, `settings.day.${d}`)),
    quiet: HOURS_CHANNELS.map((c) => ({
      label: translate(locale, `settings.channel.${c}`),
      cells: WEEKDAYS.map((d) => field(`quietHours.${c}.${d}` as QuietHoursKey)),
    })),
    languages: WEB_LOCALES.map((code) => ({ code, name: LOCALE_NAMES[code] })),
    /** The current logo as the page shows it (only an uploaded one: the page's CSP allows no other site's images). */
    logoSrc: view.settings.logo.startsWith('data:') ? '/brand/logo' : null,
    hasProblems: Object.keys(problems).length > 0,
    history: history.map((h) => ({ ...h, label: settingLabel(locale, h.setting) })),
  };
}
