import { pluralForm, type PluralForms } from '@touchbase/core';

/** A catalog entry: a text with `{name}` parameters, or plural forms chosen by the `{n}` count. */
export type Message = string | PluralForms;

/** The plural categories a language needs (en, de: one/other; pl: one/few/many/other). */
export function pluralCategories(locale: string): Intl.LDMLPluralRule[] {
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
}

/** The text of a message for a count: the form Intl.PluralRules picks, else `other`. */
export function pluralText(message: Message, locale: string, count: unknown): string {
  return typeof message === 'string' ? message : pluralForm(message, locale, count);
}

/** The `{name}` placeholders of a message, over all its forms, sorted. */
export function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set<string>();
  for (const text of texts) for (const m of (text ?? '').matchAll(/\{(\w+)\}/g)) names.add(m[1]);
  return [...names].sort();
}
