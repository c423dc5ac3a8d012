import {
  BusinessSettings,
  parseSettings,
  QUIET_HOURS_KEYS,
  SettingKey,
  splitSender,
} from './business-settings';

export type { BusinessSettings } from './business-settings';

/** The environment variable that gives each setting's default (shown on the settings page). */
export const SETTING_ENV: Record<SettingKey, string> = {
  businessName: 'BUSINESS_NAME',
  postalAddress: 'BUSINESS_ADDRESS',
  logo: 'BUSINESS_LOGO_URL',
  shopUrl: 'SHOP_URL',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  timezone: 'BUSINESS_TIMEZONE',
  defaultLocale: 'DEFAULT_LOCALE',
  senderName: 'SMTP_FROM',
  senderAddress: 'SMTP_FROM',
  replyTo: 'EMAIL_REPLY_TO',
  ...(Object.fromEntries(QUIET_HOURS_KEYS.map((k) => [k, 'QUIET_HOURS_START/QUIET_HOURS_END'])) as Record<
    (typeof QUIET_HOURS_KEYS)[number],
    string
  >),
  budgetMax: 'CONTACT_BUDGET_MAX',
  budgetDays: 'CONTACT_BUDGET_DAYS',
  digestTime: 'DIGEST_TIME',
};

interface EnvPart {
  BUSINESS_NAME: string;
  BUSINESS_ADDRESS?: string;
  BUSINESS_LOGO_URL?: string;
  SHOP_URL?: string;
  BUSINESS_TIMEZONE: string;
  DEFAULT_LOCALE: string;
  SMTP_FROM?: string;
  EMAIL_REPLY_TO?: string;
  QUIET_HOURS_START: string;
  QUIET_HOURS_END: string;
  CONTACT_BUDGET_MAX: number;
  CONTACT_BUDGET_DAYS: number;
  DIGEST_TIME: string;
}

/**
 * The settings page's defaults from the environment, checked by the page's own schemas; a bad
 * value is reported under its environment variable. Without SMTP_FROM the sender is the
 * business name at no-reply@localhost (the embedded file outbox's).
 */
export function envSettingDefaults(
  e: EnvPart,
  publicBaseUrl: string,
): { ok: true; settings: BusinessSettings } | { ok: false; problems: string[] } {
  const sender = splitSender(e.SMTP_FROM);
  const window = `${e.QUIET_HOURS_START}-${e.QUIET_HOURS_END}`;
  const text = {
    businessName: e.BUSINESS_NAME,
    postalAddress: e.BUSINESS_ADDRESS ?? '',
    logo: e.BUSINESS_LOGO_URL ?? '',
    shopUrl: e.SHOP_URL ?? '',
    publicBaseUrl,
    timezone: e.BUSINESS_TIMEZONE,
    defaultLocale: e.DEFAULT_LOCALE,
    senderName: sender.name ?? e.BUSINESS_NAME,
    senderAddress: sender.address ?? 'no-reply@localhost',
    replyTo: e.EMAIL_REPLY_TO ?? '',
    ...Object.fromEntries(QUIET_HOURS_KEYS.map((k) => [k, window])),
    budgetMax: String(e.CONTACT_BUDGET_MAX),
    budgetDays: String(e.CONTACT_BUDGET_DAYS),
    digestTime: e.DIGEST_TIME,
  } as Record<SettingKey, string>;
  const parsed = parseSettings(text);
  if (parsed.ok) return parsed;
  // QUIET_HOURS_END ≤ START is reported by loadConfig itself
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const p of parsed.problems) {
    const name = SETTING_ENV[p.field as SettingKey];
    if (name.startsWith('QUIET_HOURS') || seen.has(name)) continue;
    seen.add(name);
    problems.push(`${name}: ${p.problem}`);
  }
  return { ok: false, problems };
}
