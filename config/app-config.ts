import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import * as cron from 'node-cron';
import { isEmailAddress, isValidTimezone, LOCALES } from '@touchbase/core';
import { localSecret, maskUrl, MIN_SECRET_LENGTH } from './secrets';
import { StorefrontSettings, storefrontNumber, storefrontOrigins } from './storefront-settings';
import { hhmm, int, url } from './schema-pieces';
import { BusinessSettings, envSettingDefaults } from './settings-defaults';

/**
 * One typed, validated configuration object, read from the environment (and an optional
 * `.env` file). A wrong value stops the engine with a message naming the variable.
 */
const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const ENGINE_ROLES = ['api', 'scheduler', 'dispatcher'] as const;
export type EngineRole = (typeof ENGINE_ROLES)[number];

const schema = z.object({
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

type Env = z.infer<typeof schema>;

export interface AppConfig {
  env: Env['NODE_ENV'];
  database: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };
  /**
   * publicBaseUrlDefaulted: PUBLIC_BASE_URL was not set, so publicBaseUrl is the guess
   * `http://localhost:<PORT>`; the CLI then uses the address the engine recorded (docs/cli.md).
   */
  http: { port: number; host: string; publicBaseUrl: string; publicBaseUrlDefaulted?: boolean };
  /** CSV uploads (docs/import.md#bounded-uploads): the largest accepted file, in bytes. */
  uploads: { maxBytes: number };
  business: {
    name: string;
    timezone: string;
    currency: string;
    defaultLocale: Env['DEFAULT_LOCALE'];
    phoneRegion: string;
  };
  secret: string;
  roles: EngineRole[];
  scheduler: { cron: string };
  dispatch: {
    intervalMs: number;
    batchSize: number;
    concurrency: number;
    leaseSeconds: number;
    maxAttempts: number;
    unknownDelaySeconds: number;
  };
  policy: {
    quietHoursStart: string;
    quietHoursEnd: string;
    /** Per channel and weekday (the settings page); when absent, every day start–end. */
    quietHours?: BusinessSettings['quietHours'];
    budgetMax: number;
    budgetDays: number;
  };
  demoData: boolean;
  outboxDir: string;
  /** null → the embedded default: emails are written as .eml files under outboxDir. */
  smtp: null | {
    url?: string;
    host?: string;
    port?: number;
    user?: string;
    pass?: string;
    secure?: boolean;
    from: string;
    poolSize: number;
  };
  /** null → the embedded default: SMS are written as JSON files under outboxDir. */
  twilio: null | {
    accountSid: string;
    authToken: string;
    from?: string;
    messagingServiceSid?: string;
    apiBaseUrl?: string;
    timeoutMs: number;
  };
  /** mailto: target in List-Unsubscribe (null → only the https one-click link). */
  unsubscribeMailto: string | null;
  log: { level: Env['LOG_LEVEL']; format: Env['LOG_FORMAT'] };
  /** /metrics bearer token (null → public) and how long a graceful shutdown may take. */
  ops: { metricsToken: string | null; shutdownTimeoutMs: number };
  /** Accounts (see docs/staff.md): the first owner made when the users table is empty; web sessions. */
  staff: {
    firstOwnerEmail: string;
    /** Where the first owner's generated password is written (mode 600), never to the log. */
    firstOwnerPasswordFile: string;
    createFirstOwner: boolean;
    sessionTtlHours: number;
    sessionIdleMinutes: number;
  };
  /**
   * Signed webhooks (docs/shops.md): per-source default secrets (the owner's, in the database,
   * win), how old a signed timestamp may be, and how long a rotated-out secret stays valid.
   */
  webhooks: {
    secrets: Record<'inventory' | 'shopify' | 'woocommerce' | 'email', string | null>;
    toleranceSeconds: number;
    overlapHours: number;
  };
  /** See docs/security.md. trustProxy is express's "trust proxy" (who may set X-Forwarded-For). */
  security: {
    trustProxy: boolean | number | string;
    /** Cap on rate-limit rows per scope that strangers can fill (unknown emails, addresses). */
    rateLimitMaxRows: number;
    /** /metrics and /api/docs without a token or sign-in (default: only outside production). */
    opsPublic: boolean;
    /** scrypt N for new password hashes (2^PASSWORD_HASH_COST; OWASP: 2^17). */
    passwordHashN: number;
  };
  /**
   * The storefront "notify me" form's defaults (the owner's values in the database win; read them
   * through StorefrontSettingsService): origins allowed to post it, confirmation hours, limits.
   */
  storefront: StorefrontSettings;
  /**
   * The defaults of the owner's settings page (business, sender, quiet hours, budget, digest).
   * Read the effective values through SettingsService (libs/store): the owner's win.
   */
  settings: BusinessSettings;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration. Pure apart from reading `.env` and, on the embedded
 * default only, creating a local random secret under var/ so the engine runs with no set-up.
 */
export function loadConfig(
  source: NodeJS.ProcessEnv = process.env,
  opts: { dotenvPath?: string | false } = {},
): AppConfig {
  const fileEnv = readDotenv(opts.dotenvPath ?? '.env');
  const raw: Record<string, string | undefined> = { ...fileEnv };
  for (const [k, v] of Object.entries(source)) if (v !== undefined && v !== '') raw[k] = v;
  for (const k of Object.keys(raw)) if (raw[k] === '') delete raw[k];

  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const value = raw[name];
        const shown =
          value === undefined || /SECRET|PASS|TOKEN/.test(name) ? '' : ` (got "${maskUrl(value)}")`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];

  const hasSmtp = Boolean(e.SMTP_URL || e.SMTP_HOST);
  if (hasSmtp && !e.SMTP_FROM) problems.push('SMTP_FROM: required when SMTP_URL or SMTP_HOST is set');
  if (!hasSmtp && (e.SMTP_USER || e.SMTP_PASS || e.SMTP_PORT))
    problems.push('SMTP_HOST: SMTP_USER/SMTP_PASS/SMTP_PORT are set but neither SMTP_HOST nor SMTP_URL is');
  const twilioParts = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN].filter(Boolean).length;
  if (twilioParts === 1)
    problems.push('TWILIO_AUTH_TOKEN: TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN go together');
  if (twilioParts === 2 && !e.TWILIO_FROM && !e.TWILIO_MESSAGING_SERVICE_SID)
    problems.push('TWILIO_FROM: set TWILIO_FROM or TWILIO_MESSAGING_SERVICE_SID to send SMS');
  // every instance on one database must sign and check links with the same secret
  if (e.DATABASE_URL && !e.APP_SECRET)
    problems.push('APP_SECRET: required with DATABASE_URL (signs links; must be the same on every instance)');
  if (e.NODE_ENV === 'production' && e.PASSWORD_HASH_COST < 14)
    problems.push('PASSWORD_HASH_COST: at least 14 in production (17 is the default)');
  if (e.QUIET_HOURS_START >= e.QUIET_HOURS_END)
    problems.push('QUIET_HOURS_END: must be later than QUIET_HOURS_START');
  const settings = envSettingDefaults(
    e,
    (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
  );
  if (!settings.ok) problems.push(...settings.problems);
  const secret = e.APP_SECRET
    ? { secret: e.APP_SECRET }
    : problems.length
      ? null
      : localSecret(e.SQLITE_PATH);
  if (secret && 'problem' in secret) problems.push(secret.problem);
  if (problems.length || !secret || !('secret' in secret) || !settings.ok) throw new ConfigError(problems);

  const port = e.PORT;
  return {
    env: e.NODE_ENV,
    database: e.DATABASE_URL
      ? { type: 'postgres', url: e.DATABASE_URL }
      : { type: 'sqlite', path: e.SQLITE_PATH },
    http: {
      port,
      host: e.HOST,
      publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
      publicBaseUrlDefaulted: e.PUBLIC_BASE_URL === undefined,
    },
    uploads: { maxBytes: e.UPLOAD_MAX_MB * 1024 * 1024 },
    business: {
      name: e.BUSINESS_NAME,
      timezone: e.BUSINESS_TIMEZONE,
      currency: e.BUSINESS_CURRENCY,
      defaultLocale: e.DEFAULT_LOCALE,
      phoneRegion: e.DEFAULT_PHONE_REGION,
    },
    secret: secret.secret,
    roles: e.ENGINE_ROLES,
    scheduler: { cron: e.SCHEDULER_CRON },
    dispatch: {
      intervalMs: e.DISPATCH_INTERVAL_MS,
      batchSize: e.DISPATCH_BATCH_SIZE,
      concurrency: e.DISPATCH_CONCURRENCY,
      leaseSeconds: e.DISPATCH_LEASE_SECONDS,
      maxAttempts: e.DISPATCH_MAX_ATTEMPTS,
      unknownDelaySeconds: e.DISPATCH_UNKNOWN_DELAY_SECONDS,
    },
    policy: {
      quietHoursStart: e.QUIET_HOURS_START,
      quietHoursEnd: e.QUIET_HOURS_END,
      budgetMax: e.CONTACT_BUDGET_MAX,
      budgetDays: e.CONTACT_BUDGET_DAYS,
    },
    demoData: e.DEMO_DATA ?? !e.DATABASE_URL,
    outboxDir: e.OUTBOX_DIR,
    smtp: hasSmtp
      ? {
          url: e.SMTP_URL,
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          user: e.SMTP_USER,
          pass: e.SMTP_PASS,
          secure: e.SMTP_SECURE,
          from: e.SMTP_FROM!,
          poolSize: e.SMTP_POOL_SIZE,
        }
      : null,
    twilio:
      twilioParts === 2
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID!,
            authToken: e.TWILIO_AUTH_TOKEN!,
            from: e.TWILIO_FROM,
            messagingServiceSid: e.TWILIO_MESSAGING_SERVICE_SID,
            apiBaseUrl: e.TWILIO_API_BASE_URL,
            timeoutMs: e.TWILIO_TIMEOUT_MS,
          }
        : null,
    unsubscribeMailto:
      e.UNSUBSCRIBE_MAILTO ?? (hasSmtp ? (/<([^>]+)>/.exec(e.SMTP_FROM!)?.[1] ?? e.SMTP_FROM!) : null),
    log: { level: e.LOG_LEVEL, format: e.LOG_FORMAT },
    ops: { metricsToken: e.METRICS_TOKEN ?? null, shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS },
    staff: {
      firstOwnerEmail: e.FIRST_OWNER_EMAIL.toLowerCase(),
      firstOwnerPasswordFile:
        e.FIRST_OWNER_PASSWORD_FILE ?? path.join(path.dirname(e.SQLITE_PATH), 'first-owner-password.txt'),
      createFirstOwner: e.CREATE_FIRST_OWNER ?? e.NODE_ENV !== 'test',
      sessionTtlHours: e.SESSION_TTL_HOURS,
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    },
    security: {
      trustProxy: trustProxy(e.TRUST_PROXY),
      rateLimitMaxRows: e.RATE_LIMIT_MAX_ROWS,
      opsPublic: e.OPS_PUBLIC ?? e.NODE_ENV !== 'production',
      passwordHashN: 2 ** e.PASSWORD_HASH_COST,
    },
    webhooks: {
      secrets: {
        inventory: e.INVENTORY_WEBHOOK_SECRET ?? null,
        shopify: e.SHOPIFY_WEBHOOK_SECRET ?? null,
        woocommerce: e.WOOCOMMERCE_WEBHOOK_SECRET ?? null,
        email: e.EMAIL_WEBHOOK_SECRET ?? null,
      },
      toleranceSeconds: e.WEBHOOK_TOLERANCE_SECONDS,
      overlapHours: e.WEBHOOK_SECRET_OVERLAP_HOURS,
    },
    storefront: {
      origins: e.STOREFRONT_ORIGINS,
      confirmHours: e.STOREFRONT_CONFIRM_HOURS,
      limitPerIp: e.STOREFRONT_LIMIT_PER_IP,
      limitPerAddress: e.STOREFRONT_LIMIT_PER_ADDRESS,
    },
    settings: settings.settings,
  };
}

function readDotenv(file: string | false): Record<string, string> {
  if (!file || !fs.existsSync(file)) return {};
  return parseDotenv(fs.readFileSync(file));
}

function trustProxy(v: string): boolean | number | string {
  if (v === 'true' || v === 'false') return v === 'true';
  return /^\d+$/.test(v) ? Number(v) : v;
}
