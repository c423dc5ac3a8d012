/** The plural forms a count message may have: the categories Intl.PluralRules returns. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** A catalog entry: a text with `{name}` parameters, or plural forms chosen by the `{n}` count. */
export type Message = string | PluralForms;

/** The plural categories a language needs (en, de: one/other; pl: one/few/many/other). */
export function pluralCategories(locale: string): Intl.LDMLPluralRule[] {
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
}

/** The text of a message for a count: the form Intl.PluralRules picks, else `other`. */
export function pluralText(message: Message, locale: string, count: unknown): string {
  if (typeof message === 'string') return message;
  const n = Number(count);
  const form = Number.isFinite(n) ? new Intl.PluralRules(locale).select(n) : 'other';
  return message[form] ?? message.other;
}

/** The `{name}` placeholders of a message, over all its forms, sorted. */
export function placeholders(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set<string>();
  for (const text of texts) for (const m of (text ?? '').matchAll(/\{(\w+)\}/g)) names.add(m[1]);
  return [...names].sort();
}
