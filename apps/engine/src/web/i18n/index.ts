import { de } from './de';
import { en, MessageKey } from './en';

export const WEB_LOCALES = ['en', 'de'] as const;
export type WebLocale = (typeof WEB_LOCALES)[number];
export const LOCALE_NAMES: Record<WebLocale, string> = { en: 'English', de: 'Deutsch' };

const CATALOGS: Record<WebLocale, Record<string, string>> = { en, de };

/** The UI language for a user's (or browser's) locale: a supported one, else English. */
export function webLocale(locale: string | null | undefined): WebLocale {
  const base = (locale ?? '').toLowerCase().slice(0, 2);
  return (WEB_LOCALES as readonly string[]).includes(base) ? (base as WebLocale) : 'en';
}

/** Picks the first supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): WebLocale {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0].trim().slice(0, 2).toLowerCase();
    if ((WEB_LOCALES as readonly string[]).includes(tag)) return tag as WebLocale;
  }
  return 'en';
}

/** Looks a message up (falling back to English, then the key) and fills `{name}` parameters. */
export function translate(locale: string, key: string, params: Record<string, unknown> = {}): string {
  const text = CATALOGS[webLocale(locale)][key] ?? en[key as MessageKey] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name] ?? '') : whole,
  );
}

export { en, de };
export type { MessageKey };
