/**
 * A rule's customer-facing label in the customer's locale: that locale's, else the business
 * default's, else English, else none. Never the rule's internal name (see docs/rules.md).
 */
export function publicLabelFor(
  labels: Partial<Record<string, string>> | null | undefined,
  locale: string | null | undefined,
  defaultLocale: string,
): string | null {
  const l = labels ?? {};
  return (locale ? l[locale] : undefined) || l[defaultLocale] || l.en || null;
}
