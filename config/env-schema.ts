import { z } from 'zod';
import * as cron from 'node-cron';
import { isEmailAddress, isValidTimezone, LOCALES } from '@touchbase/core';
import { MIN_SECRET_LENGTH } from './secrets';
import { storefrontNumber, storefrontOrigins } from './storefront-settings';
import { hhmm, int, url } from './schema-pieces';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ENGINE_ROLES = ['api', 'scheduler', 'dispatcher'] as const;
export type EngineRole = (typeof ENGINE_ROLES)[number];

/**
 * The environment variables the engine reads (and their `.env` file), each checked with zod:
 * a wrong value stops the engine with a message naming the variable (loadConfig in
 * app-config.ts turns them into the AppConfig object). New settings go here and in
 * docs/configuration.md.
 */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  SQLITE_PATH: z.string().min(1).default('var/touchbase.sqlite'),
  PORT: int(1, 65535).default('3000'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
  /** The largest CSV upload (web and API imports), in MB; larger ones are refused with 413. */
  UPLOAD_MAX_MB: int(1, 2048).default('50'),
  BUSINESS_NAME: z.string().min(1).max(200).default('Touchbase Demo Shop'),
  BUSINESS_TIMEZONE: z
    .string()
    .refine(isValidTimezone, 'not an IANA timezone name (e.g. Europe/Berlin)')
    .default('Europe/Berlin'),
  /** Settings-page defaults (docs/configuration.md#settings-page), checked like the page's fields. */
  BUSINESS_ADDRESS: z.string().optional(),
  BUSINESS_LOGO_URL: z.string().optional(),
  SHOP_URL: z.string().optional(),
  EMAIL_REPLY_TO: z.string().optional(),
  DIGEST_TIME: hhmm.default('08:00'),
  BUSINESS_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR')
    .default('EUR'),
  DEFAULT_LOCALE: z.enum(LOCALES).default('en'),
  DEFAULT_PHONE_REGION: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected a two-letter country code such as DE')
    .default('DE'),
  APP_SECRET: z
    .string()
    .min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`)
    .optional(),
  ENGINE_ROLES: z
    .string()
    .default('api,scheduler,dispatcher')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(ENGINE_ROLES)).min(1, 'name at least one of api, scheduler, dispatcher')),
  SCHEDULER_CRON: z
    .string()
    .refine((v) => cron.validate(v), 'not a cron expression (e.g. */5 * * * *)')
    .default('*/5 * * * *'),
  DISPATCH_INTERVAL_MS: int(100, 3_600_000).default('5000'),
  DISPATCH_BATCH_SIZE: int(1, 10_000).default('200'),
  DISPATCH_CONCURRENCY: int(1, 500).default('20'),
  DISPATCH_LEASE_SECONDS: int(5, 86_400).default('120'),
  DISPATCH_MAX_ATTEMPTS: int(1, 100).default('8'),
  /** After an unknown outcome: wait this long, then look (SMS) or resend once (email). */
  DISPATCH_UNKNOWN_DELAY_SECONDS: int(0, 86_400).default('600'),
  QUIET_HOURS_START: hhmm.default('08:00'),
  QUIET_HOURS_END: hhmm.default('21:00'),
  CONTACT_BUDGET_MAX: int(0, 100).default('1'),
  CONTACT_BUDGET_DAYS: int(1, 365).default('7'),
  DEMO_DATA: bool.optional(),
  OUTBOX_DIR: z.string().min(1).default('var/outbox'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: int(1, 65535).optional(),
  SMTP_USER: z.string().optional(),
  SMTP_PASS: z.string().optional(),
  SMTP_SECURE: bool.optional(),
  SMTP_FROM: z.string().min(3).optional(),
  SMTP_POOL_SIZE: int(1, 100).default('5'),
  UNSUBSCRIBE_MAILTO: z.string().refine(isEmailAddress, 'expected an email address').optional(),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex digits')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(8).optional(),
  TWILIO_FROM: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'expected a phone number in E.164 such as +4915112345678')
    .optional(),
  TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'expected MG followed by 32 hex digits')
    .optional(),
  TWILIO_API_BASE_URL: url(['http:', 'https:']).optional(),
  /** How long a Twilio request may take before its outcome is unknown. */
  TWILIO_TIMEOUT_MS: int(100, 120_000).default('30000'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  LOG_FORMAT: z.enum(['json', 'text']).default('text'),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SHUTDOWN_TIMEOUT_MS: int(1000, 600_000).default('25000'),
  FIRST_OWNER_EMAIL: z
    .string()
    .refine(isEmailAddress, 'expected an email address')
    .default('owner@localhost'),
  CREATE_FIRST_OWNER: bool.optional(),
  FIRST_OWNER_PASSWORD_FILE: z.string().min(1).optional(),
  SESSION_TTL_HOURS: int(1, 8760).default('336'),
  INVENTORY_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  SHOPIFY_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  WOOCOMMERCE_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  EMAIL_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').max(200).optional(),
  WEBHOOK_TOLERANCE_SECONDS: int(30, 3600).default('300'),
  WEBHOOK_SECRET_OVERLAP_HOURS: int(0, 720).default('24'),
  SESSION_IDLE_MINUTES: int(5, 525_600).default('720'),
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|\d{1,2}|[\w.:/, ]+)$/, 'expected false, true, a hop count or addresses/subnets')
    .default('false'),
  RATE_LIMIT_MAX_ROWS: int(100, 10_000_000).default('10000'),
  OPS_PUBLIC: bool.optional(),
  PASSWORD_HASH_COST: int(10, 20).default('17'),
  STOREFRONT_ORIGINS: storefrontOrigins,
  STOREFRONT_CONFIRM_HOURS: storefrontNumber('confirmHours').default('48'),
  STOREFRONT_LIMIT_PER_IP: storefrontNumber('limitPerIp').default('10'),
  STOREFRONT_LIMIT_PER_ADDRESS: storefrontNumber('limitPerAddress').default('3'),
});

export type Env = z.infer<typeof envSchema>;
