import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, purposeKey } from '@touchbase/core';
import { rows } from './sql/dialect';

/**
 * What a throttle counts: a known account, an unknown email, a client address, a trusted
 * device (see DeviceTrust), bad API tokens per address, current-password checks per account,
 * password-reset requests per email (known or not, alike) and per address; the storefront's
 * notify-me requests per client, per address and all together (docs/shops.md).
 */
export type ThrottleScope =
  | 'user'
  | 'email'
  | 'ip'
  | 'device'
  | 'token'
  | 'password'
  | 'reset'
  | 'reset-ip'
  | 'notify-ip'
  /** notify-me requests to one address */
  | 'notify-to'
  | 'notify-all';
export interface ThrottleKey {
  scope: ThrottleScope;
  id: string;
  /** The owner's own limits (e.g. the storefront settings) instead of the scope's policy. */
  policy?: ThrottlePolicy;
}

export interface ThrottlePolicy {
  /** Attempts without delay; after that each attempt doubles the wait, up to maxMs. */
  free: number;
  baseMs: number;
  maxMs: number;
  /** A key untouched this long starts over (default THROTTLE_MEMORY_MS); at least maxMs. */
  memoryMs?: number;
}
type Policy = ThrottlePolicy;
const MINUTE = 60_000;
export const THROTTLE_POLICIES: Record<ThrottleScope, Policy> = {
  user: { free: 5, baseMs: 2_000, maxMs: 15 * MINUTE },
  email: { free: 5, baseMs: 2_000, maxMs: 15 * MINUTE },
  password: { free: 5, baseMs: 2_000, maxMs: 15 * MINUTE },
  device: { free: 10, baseMs: 1_000, maxMs: 5 * MINUTE },
  ip: { free: 20, baseMs: 1_000, maxMs: 15 * MINUTE },
  token: { free: 20, baseMs: 1_000, maxMs: 15 * MINUTE },
  reset: { free: 3, baseMs: 60_000, maxMs: 15 * MINUTE },
  'reset-ip': { free: 10, baseMs: 10_000, maxMs: 15 * MINUTE },
  // defaults; the notify-me form passes the owner's limits (a fixed wait once a limit is reached)
  'notify-ip': { free: 4, baseMs: 60 * MINUTE, maxMs: 60 * MINUTE },
  'notify-to': { free: 2, baseMs: 24 * 60 * MINUTE, maxMs: 24 * 60 * MINUTE, memoryMs: 24 * 60 * MINUTE },
  'notify-all': { free: 999, baseMs: 60 * MINUTE, maxMs: 60 * MINUTE },
};
/** A row untouched this long is forgotten (longer than any delay, so a wait is never cut short). */
export const THROTTLE_MEMORY_MS = 60 * MINUTE;
/** Scopes a stranger can fill with made-up values; they are capped at RATE_LIMIT_MAX_ROWS rows each. */
const CAPPED: ReadonlySet<ThrottleScope> = new Set([
  'email',
  'ip',
  'token',
  'reset',
  'reset-ip',
  'notify-ip',
  'notify-to',
]);

/** The wait after the n-th attempt (1-based) under a policy. */
export function throttleDelayMs(policy: Policy, n: number): number {
  if (n <= policy.free) return 0;
  return Math.min(policy.baseMs * 2 ** (n - policy.free - 1), policy.maxMs);
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Growing delays instead of lock-outs, shared by every instance through the rate_limits table
 * (see docs/security.md#throttling). An attempt is counted before the work it guards (so a burst
 * of parallel guesses cannot slip through) with one conditional upsert per key; a success
 * forgets the account's count. Keys are HMACs, so the table holds no email or address.
 */
@Injectable()
export class ThrottleService {
  private readonly key: Buffer;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = purposeKey(config.secret, 'rate-limit');
  }

  /** Counts one attempt against every key, in order; refuses at the first key that must still wait. */
  async attempt(keys: ThrottleKey[]): Promise<ThrottleVerdict> {
    const now = this.clock.now().getTime();
    for (const k of keys) {
      const policy = k.policy ?? THROTTLE_POLICIES[k.scope];
      const hash = this.hash(k);
      const fresh = now - memoryOf(policy);
      const [row] = await rows<{ failures: number | string }>(
        this.ds.manager,
        `INSERT INTO rate_limits (key, scope, failures, next_at, last_seen_at) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (key) DO UPDATE SET
           failures = CASE WHEN rate_limits.last_seen_at < ? THEN 1 ELSE rate_limits.failures + 1 END,
           next_at = CAST(? AS BIGINT) + CASE WHEN rate_limits.last_seen_at < ? THEN ${throttleDelayMs(policy, 1)}
             ELSE ${delaySql(policy, 'rate_limits.failures + 1')} END,
           last_seen_at = ?
         WHERE rate_limits.next_at <= ?
         RETURNING failures`,
        [hash, k.scope, now + throttleDelayMs(policy, 1), now, fresh, now, fresh, now, now],
      );
      if (!row) {
        const [held] = await rows<{ next_at: number | string }>(
          this.ds.manager,
          'SELECT next_at FROM rate_limits WHERE key = ?',
          [hash],
        );
        return { allowed: false, retryAfterMs: Math.max(1000, Number(held?.next_at ?? now) - now) };
      }
      if (Number(row.failures) === 1) await this.forgetOld(k.scope, memoryOf(policy), now);
    }
    return { allowed: true };
  }

  /** The attempt succeeded: accounts and devices start over; an address gets its attempt back. */
  async succeeded(keys: ThrottleKey[]): Promise<void> {
    for (const k of keys) {
      if (CAPPED.has(k.scope))
        await rows(
          this.ds.manager,
          'UPDATE rate_limits SET failures = failures - 1 WHERE key = ? AND failures > 0',
          [this.hash(k)],
        );
      else await rows(this.ds.manager, 'DELETE FROM rate_limits WHERE key = ?', [this.hash(k)]);
    }
  }

  /** Drops rows nobody touched for the policy's memory and keeps capped scopes within their size. */
  private async forgetOld(scope: ThrottleScope, memoryMs: number, now: number): Promise<void> {
    await rows(this.ds.manager, 'DELETE FROM rate_limits WHERE scope = ? AND last_seen_at < ?', [
      scope,
      now - memoryMs,
    ]);
    if (!CAPPED.has(scope)) return;
    await rows(
      this.ds.manager,
      `DELETE FROM rate_limits WHERE key IN (
         SELECT key FROM rate_limits WHERE scope = ? ORDER BY last_seen_at DESC LIMIT 1000 OFFSET ?)`,
      [scope, this.config.security.rateLimitMaxRows],
    );
  }

  private hash(k: ThrottleKey): string {
    return createHmac('sha256', this.key).update(`${k.scope}:${k.id}`, 'utf8').digest('hex');
  }
}

/** How long an untouched key is remembered: never shorter than its longest wait. */
function memoryOf(policy: Policy): number {
  return Math.max(policy.memoryMs ?? THROTTLE_MEMORY_MS, policy.maxMs);
}

/** The delay schedule as a SQL CASE over the attempt number (constants only, no input). */
function delaySql(policy: Policy, n: string): string {
  const steps: string[] = [`WHEN ${n} <= ${policy.free} THEN 0`];
  for (let i = policy.free + 1; throttleDelayMs(policy, i) < policy.maxMs; i++)
    steps.push(`WHEN ${n} = ${i} THEN ${throttleDelayMs(policy, i)}`);
  return `CASE ${steps.join(' ')} ELSE ${policy.maxMs} END`;
}

/** The address a throttle counts: IPv4 as is, IPv6 by its /64 (one subscriber's usual share). */
export function clientBucket(ip: string | undefined): string {
  const a = (ip ?? '').replace(/^::ffff:/, '');
  if (!a.includes(':')) return a || 'unknown';
  const [head] = a.split('::');
  const groups = a.includes('::') ? head.split(':').filter(Boolean) : a.split(':');
  return `${groups.slice(0, 4).join(':')}::/64`;
}
