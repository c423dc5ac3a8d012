import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { localSecret, maskUrl } from './secrets';
import { StorefrontSettings } from './storefront-settings';
import { BusinessSettings, envSettingDefaults } from './settings-defaults';
import { type EngineRole, type Env, envSchema } from './env-schema';

/**
 * One typed, validated configuration object, read from the environment (and an optional
 * `.env` file; the variables and their checks: env-schema.ts). A wrong value stops the engine
 * with a message naming the variable.
 */
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

  const parsed = envSchema.safeParse(raw);
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
