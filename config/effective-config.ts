import type { AppConfig } from './app-config';
import type { BusinessSettings } from './business-settings';

/**
 * The AppConfig with the owner's effective settings in place of the environment's defaults
 * (business name, zone, language, public address, quiet hours, budget), for code that is handed
 * a config (rule kinds read KindContext.config). Others read SettingsService (libs/store).
 */
export function withSettings(config: AppConfig, s: BusinessSettings): AppConfig {
  return {
    ...config,
    http: { ...config.http, publicBaseUrl: s.publicBaseUrl },
    business: {
      ...config.business,
      name: s.businessName,
      timezone: s.timezone,
      defaultLocale: s.defaultLocale,
    },
    policy: {
      quietHoursStart: config.policy.quietHoursStart,
      quietHoursEnd: config.policy.quietHoursEnd,
      quietHours: s.quietHours,
      budgetMax: s.budgetMax,
      budgetDays: s.budgetDays,
    },
    settings: s,
  };
}
