import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';

/** APP_SECRET and var/.secret must be at least this long (see docs/security.md#secrets). */
export const MIN_SECRET_LENGTH = 32;

/**
 * Embedded default only (SQLite, no APP_SECRET): a random secret kept beside the SQLite file,
 * made on first start. The file is written whole or not at all (temp file + rename), private to
 * the engine's user (mode 600); an existing file that is empty or short is refused, never
 * silently replaced, because replacing it would invalidate every link already sent.
 * Returns the secret, or a problem to report.
 */
export function localSecret(sqlitePath: string): { secret: string } | { problem: string } {
  const file = path.join(path.dirname(sqlitePath), '.secret');
  if (fs.existsSync(file)) {
    const secret = fs.readFileSync(file, 'utf8').trim();
    if (secret.length < MIN_SECRET_LENGTH)
      return {
        problem: `APP_SECRET: the secret file ${file} is empty or shorter than ${MIN_SECRET_LENGTH} characters; restore it from a backup or set APP_SECRET`,
      };
    return { secret };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, secret, { mode: 0o600, flag: 'wx' });
  try {
    // link, not rename: a second process starting at the same moment keeps the first one's file
    fs.linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return localSecret(sqlitePath);
}

/** A URL with its password (and user) replaced, for error messages: smtp://***:***@host:25. */
export function maskUrl(value: string): string {
  try {
    const u = new URL(value);
    if (!u.username && !u.password) return value;
    if (u.username) u.username = '***';
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // not a URL: hide anything between "//" and "@" that looks like credentials
    return value.replace(/\/\/[^/@\s]*@/, '//***@');
  }
}
