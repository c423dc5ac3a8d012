import { fillPlaceholders, LOCALES, supportedLocale } from '@touchbase/core';
import { AREA_CATALOGS } from './areas';
import { de as deBase } from './de';
import { en as enBase, MessageKey } from './en';
import { Message, pluralText } from './message';
import { pl as plBase } from './pl';

export const WEB_LOCALES = LOCALES;
export type WebLocale = (typeof WEB_LOCALES)[number];
export const LOCALE_NAMES: Record<WebLocale, string> = { en: 'English', de: 'Deutsch', pl: 'Polski' };

/** A language's whole catalog: the base file and every area's messages in that language. */
function merged(locale: WebLocale, base: Record<string, Message>): Record<string, Message> {
  return Object.assign({}, base, ...AREA_CATALOGS.map((area) => area[locale]));
}

const en = merged('en', enBase);
const de = merged('de', deBase);
const pl = merged('pl', plBase);
const CATALOGS: Record<WebLocale, Record<string, Message>> = { en, de, pl };

/** The UI language for a user's (or browser's) locale: a supported one, else English. */
export function webLocale(locale: string | null | undefined): WebLocale {
  return supportedLocale(locale);
}

/** Picks the first supported language from an Accept-Language header, by its q weights. */
export function localeFromAcceptLanguage(header: string | undefined): WebLocale {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.split(';').map((s) => s.trim());
      const q = params.find((p) => p.startsWith('q='));
      return { tag: tag.slice(0, 2).toLowerCase(), q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((r) => r.q > 0 && (WEB_LOCALES as readonly string[]).includes(r.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return (ranked[0]?.tag as WebLocale | undefined) ?? 'en';
}

/**
 * Looks a message up (falling back to English, then the key) and fills `{name}` parameters. A
 * plural message takes its form from `n` by the language's Intl.PluralRules, and `{n}` is written
 * with the language's digit grouping.
 */
export function translate(locale: string, key: string, params: Record<string, unknown> = {}): string {
  const lang = webLocale(locale);
  const message = CATALOGS[lang][key] ?? en[key];
  if (message === undefined) return key;
  const plural = typeof message !== 'string';
  const text = pluralText(message, lang, params.n);
  return fillPlaceholders(text, (name) => {
    if (!(name in params)) return undefined;
    const value = params[name];
    if (plural && name === 'n' && typeof value === 'number') return formatNumber(lang, value);
    return String(value ?? '');
  });
}

/** A number written the language's way (12,345 / 12.345 / 12 345). */
export function formatNumber(locale: string, value: number): string {
  return new Intl.NumberFormat(webLocale(locale)).format(value);
}

export { en, de, pl };
export type { MessageKey };
