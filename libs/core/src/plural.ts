/** Plural forms by the language's own rules (Intl.PluralRules): en/de one/other, pl one/few/many. */

/** The plural forms a text may have: the categories Intl.PluralRules returns, `other` required. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rulesByLocale = new Map<string, Intl.PluralRules>();

/** The plural category of n in the language; `other` for what is not a number. Rules are built once per language. */
export function pluralCategory(locale: string, n: unknown): Intl.LDMLPluralRule {
  const x = Number(n);
  if (!Number.isFinite(x)) return 'other';
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules.select(x);
}

/** The form of `forms` for n, else `other`. */
export function pluralForm(forms: PluralForms, locale: string, n: unknown): string {
  return forms[pluralCategory(locale, n)] ?? forms.other;
}

/**
 * The word for n from forms listed in order one, few (or other), many — as a Liquid filter or a
 * word table lists them (`"zamówienie", "zamówienia", "zamówień"`; en/de need only two).
 */
export function pluralWord(forms: readonly string[], locale: string, n: unknown): string {
  if (!forms.length) return '';
  const category = pluralCategory(locale, n);
  if (category === 'one') return forms[0];
  if (category === 'many') return forms[2] ?? forms[1] ?? forms[0];
  return forms[1] ?? forms[0];
}
