import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, loadConfig } from './app-config';

const base = { NODE_ENV: 'test', APP_SECRET: 'x'.repeat(40) };
const load = (env: Record<string, string>) => loadConfig({ ...base, ...env }, { dotenvPath: false });
const problems = (env: Record<string, string>): string[] => {
  try {
    load(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('defaults to the embedded SQLite store, file outbox and all roles', () => {
    const c = load({});
    expect(c.database).toEqual({ type: 'sqlite', path: 'var/touchbase.sqlite' });
    expect(c.smtp).toBeNull();
    expect(c.twilio).toBeNull();
    expect(c.roles).toEqual(['api', 'scheduler', 'dispatcher']);
    expect(c.http.publicBaseUrl).toBe('http://localhost:3000');
    expect(c.demoData).toBe(true);
  });

  it('switches to PostgreSQL with DATABASE_URL and turns demo data off', () => {
    const c = load({ DATABASE_URL: 'postgres://u@db:5432/shop' });
    expect(c.database).toEqual({ type: 'postgres', url: 'postgres://u@db:5432/shop' });
    expect(c.demoData).toBe(false);
  });

  it.each([
    ['BUSINESS_TIMEZONE', 'Mars/Base', /BUSINESS_TIMEZONE: not an IANA timezone.*Mars\/Base/],
    ['PORT', '70000', /^PORT: /],
    ['PORT', 'eighty', /^PORT: expected a whole number/],
    ['DATABASE_URL', 'mysql://x', /^DATABASE_URL: expected a URL starting with postgres:/],
    ['DEFAULT_LOCALE', 'fr', /^DEFAULT_LOCALE: /],
    ['ENGINE_ROLES', 'api,cook', /^ENGINE_ROLES/],
    ['SCHEDULER_CRON', 'every day', /^SCHEDULER_CRON: not a cron expression/],
    ['QUIET_HOURS_START', '25:00', /^QUIET_HOURS_START: expected a time as HH:MM/],
    ['TWILIO_ACCOUNT_SID', 'nope', /^TWILIO_ACCOUNT_SID: expected AC/],
  ])('refuses %s=%s with a message naming the variable', (name, value, message) => {
    expect(problems({ [name]: value }).join('\n')).toMatch(message);
  });

  it('reports every problem at once and never echoes a secret', () => {
    const p = problems({ PORT: '0', BUSINESS_TIMEZONE: 'Nowhere', APP_SECRET: 'short-secret' });
    expect(p).toHaveLength(3);
    expect(p.join('\n')).not.toContain('short-secret');
  });

  it('checks settings that only make sense together', () => {
    expect(problems({ SMTP_HOST: 'mail.example.com' })).toEqual([
      'SMTP_FROM: required when SMTP_URL or SMTP_HOST is set',
    ]);
    expect(problems({ TWILIO_ACCOUNT_SID: 'AC' + 'a'.repeat(32) }).join()).toMatch(/TWILIO_AUTH_TOKEN/);
    expect(problems({ QUIET_HOURS_START: '21:00', QUIET_HOURS_END: '08:00' }).join()).toMatch(
      /QUIET_HOURS_END/,
    );
    expect(
      problems({ NODE_ENV: 'production', APP_SECRET: '', DATABASE_URL: 'postgres://db/x' }).join(),
    ).toMatch(/APP_SECRET: required in production/);
  });

  it('reads an optional .env file, with the environment taking precedence', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-env-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'BUSINESS_NAME=Café Łódź\nPORT=4000\n');
    const c = loadConfig({ ...base, PORT: '5000' }, { dotenvPath: file });
    expect(c.business.name).toBe('Café Łódź');
    expect(c.http.port).toBe(5000);
  });
});
