import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashing with scrypt from node:crypto. The hash string carries its own parameters
 * and salt, so they can be raised later without breaking stored hashes:
 *   scrypt$<N>$<r>$<p>$<salt base64>$<key base64>
 */
const DEFAULTS = { N: 1 << 17, r: 8, p: 1, keyLength: 64, saltLength: 16 };

/**
 * At N=2^17 one hash takes 128 MiB, so at most this many run at once in a process; the others
 * wait their turn (memory stays bounded however many sign-ins arrive together).
 */
const MAX_CONCURRENT_HASHES = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function inTurn<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    // hand the slot straight to the next in line, so no newcomer can slip past the cap
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function scryptAsync(
  password: string,
  salt: Buffer,
  keyLength: number,
  N: number,
  r: number,
  p: number,
): Promise<Buffer> {
  return inTurn(
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scrypt(
          password.normalize('NFKC'),
          salt,
          keyLength,
          { N, r, p, maxmem: 256 * N * r + 1024 * 1024 },
          (err, key) => (err ? reject(err) : resolve(key)),
        ),
      ),
  );
}

/** True when a stored hash uses weaker parameters than these (upgrade it at the next sign-in). */
export function needsRehash(stored: string, params: { N?: number } = {}): boolean {
  const parts = stored.split('$');
  const N = params.N ?? DEFAULTS.N;
  return parts[0] === 'scrypt' && (Number(parts[1]) < N || Number(parts[2]) < DEFAULTS.r);
}

export async function hashPassword(password: string, params: Partial<typeof DEFAULTS> = {}): Promise<string> {
  const { N, r, p, keyLength, saltLength } = { ...DEFAULTS, ...params };
  const salt = randomBytes(saltLength);
  const key = await scryptAsync(password, salt, keyLength, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when the password matches; false for a wrong password or a malformed/foreign hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (!salt.length || !expected.length) return false;
  const actual = await scryptAsync(password, salt, expected.length, N, r, p);
  return timingSafeEqual(actual, expected);
}

/** A hash of a random password, used to spend the same time when the email is unknown. */
const dummyHashes = new Map<number, Promise<string>>();
export function dummyPasswordHash(N = DEFAULTS.N): Promise<string> {
  if (!dummyHashes.has(N)) dummyHashes.set(N, hashPassword(randomBytes(16).toString('hex'), { N }));
  return dummyHashes.get(N)!;
}

/** A readable random password: 20 characters from an alphabet without look-alikes. */
export function generatePassword(length = 20): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  // rejection sampling keeps every character equally likely
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i];
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
  }
  return out.length === length ? out : generatePassword(length);
}

/** A personal API token (shown once; only its sha256 is stored) and a session id. */
export function generateApiToken(): string {
  return `tb_${randomBytes(24).toString('hex')}`;
}

export function randomId(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** Constant-time comparison of two strings (e.g. CSRF tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
