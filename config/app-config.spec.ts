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
    // every mode: instances on one database must share the secret that signs links
    for (const NODE_ENV of ['production', 'development', 'test'])
      expect(problems({ NODE_ENV, APP_SECRET: '', DATABASE_URL: 'postgres://db/x' }).join()).toMatch(
        /APP_SECRET: required with DATABASE_URL/,
      );
  });

  it('closes the ops endpoints and keeps strong password hashes in production by default', () => {
    const prod = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x' };
    expect(load(prod).security).toMatchObject({ opsPublic: false, passwordHashN: 2 ** 17 });
    expect(load({ ...prod, OPS_PUBLIC: 'true' }).security.opsPublic).toBe(true);
    expect(load({}).security.opsPublic).toBe(true);
    expect(problems({ ...prod, PASSWORD_HASH_COST: '12' }).join()).toMatch(/PASSWORD_HASH_COST: at least 14/);
  });

  it('masks credentials inside URLs in configuration errors', () => {
    const shown = problems({ DATABASE_URL: 'mysql://admin:hunter2-secret@db:3306/x' }).join();
    expect(shown).toMatch(/^DATABASE_URL: expected a URL/);
    expect(shown).not.toContain('hunter2');
    expect(shown).not.toContain('admin');
    const smtp = problems({ SMTP_URL: 'http://mailer:pa55word@smtp.example:587' }).join();
    expect(smtp).toMatch(/SMTP_URL/);
    expect(smtp).not.toContain('pa55word');
  });

  describe('the local secret file (embedded default without APP_SECRET)', () => {
    const fresh = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-secret-')), 'touchbase.sqlite');
    const local = (sqlite: string) => ({ ...base, APP_SECRET: '', SQLITE_PATH: sqlite });

    it('is made on first start, private to the engine user (mode 600), and reused', () => {
      const sqlite = fresh();
      const first = load(local(sqlite)).secret;
      const file = path.join(path.dirname(sqlite), '.secret');
      expect(first).toMatch(/^[0-9a-f]{64}$/);
      expect(fs.statSync(file).mode & 0o777).toBe(0o600);
      expect(load(local(sqlite)).secret).toBe(first);
      expect(fs.readdirSync(path.dirname(sqlite))).toEqual(['.secret']); // no temp file left behind
    });

    it.each([
      ['empty', ''],
      ['short', 'abc123'],
    ])('refuses an %s secret file and leaves it as it was', (_, content) => {
      const sqlite = fresh();
      const file = path.join(path.dirname(sqlite), '.secret');
      fs.writeFileSync(file, content);
      expect(problems(local(sqlite)).join()).toMatch(
        /APP_SECRET: the secret file .* is empty or shorter than 32/,
      );
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
    });
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
