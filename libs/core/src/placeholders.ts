/**
 * Fills `{name}` placeholders in a catalog text: `valueOf(name)` gives each value; a placeholder
 * it answers `undefined` for stays as written (so a missing parameter shows, not vanishes).
 */
export function fillPlaceholders(text: string, valueOf: (name: string) => string | undefined): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => valueOf(name) ?? whole);
}
