import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, tokenHash, TooManyAttempts, UserRole } from '@touchbase/core';
import {
  ApiToken,
  bool,
  clientBucket,
  ThrottleKey,
  ThrottleService,
  rows,
  Session,
  User,
  SettingsService,
} from '@touchbase/store';
import { DeviceTrust } from './device-trust';
import {
  dummyPasswordHash,
  hashPassword,
  needsRehash,
  randomId,
  safeEqual,
  verifyPassword,
} from './password';
import { userIdentity } from './account-fields';
import { Principal } from './principal';

export const SESSION_COOKIE = 'tb_session';
export const DEVICE_COOKIE = 'tb_device';
/** Longest email and password a sign-in looks at; anything longer is refused before any work. */
export const MAX_EMAIL_LENGTH = 320;
export const MAX_PASSWORD_LENGTH = 1000;
/** lastUsedAt/lastSeenAt are written at most this often, so a busy client does not write on every call. */
const TOUCH_MS = 60_000;
const DEVICE_TTL_MS = 365 * 24 * 3_600_000;

/** Options in the shape express's `res.cookie(name, value, options)` takes. */
export interface SessionCookie {
  name: string;
  value: string;
  options: { httpOnly: true; sameSite: 'lax'; secure: boolean; path: '/'; expires: Date };
}

export interface SignedIn {
  user: Principal;
  /** The raw session id (what the cookie carries); the store keeps only its sha256. */
  session: { id: string; csrfToken: string; expiresAt: Date };
  cookie: SessionCookie;
  /** Marks this browser as a known device of the user (see DeviceTrust). */
  device: SessionCookie;
  /** A generated password (the first owner's): the UI sends them to choose their own first. */
  mustChangePassword: boolean;
}

/** Where a sign-in comes from: the client address (express req.ip) and the device cookie, if any. */
export interface SignInSource {
  ip?: string;
  device?: string;
}

/**
 * Who is calling: API tokens (Bearer) and browser sessions (cookie `tb_session`, at most
 * SESSION_TTL_HOURS long and SESSION_IDLE_MINUTES idle, a CSRF token per session). Used by the
 * engine's AuthGuard and the web UI. Sign-in is throttled, never locked (docs/security.md#throttling).
 */
@Injectable()
export class AuthService {
  private readonly devices: DeviceTrust;

  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly clock: Clock,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {
    this.devices = new DeviceTrust(config.secret);
  }

  /** `__Host-` cookies (secure, whole site, no domain) in production behind HTTPS. */
  cookieName(base: typeof SESSION_COOKIE | typeof DEVICE_COOKIE): string {
    return this.config.env === 'production' && this.secure() ? `__Host-${base}` : base;
  }

  /**
   * Checks email and password; null when either is wrong or the user is inactive (same answer,
   * same work). Throws TooManyAttempts while the account (or, without a known-device cookie,
   * the client address) must wait; the wait grows with each failure and nothing is ever locked.
   */
  async login(email: string, password: string, from: SignInSource = {}): Promise<SignedIn | null> {
    if (typeof email !== 'string' || typeof password !== 'string') return null;
    if (email.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_LENGTH) return null;
    const key = email.trim().toLowerCase();
    if (!key) return null;
    const now = this.clock.now();
    const user = await this.users.findOne({ where: { email: key } });
    const device = user ? this.devices.check(from.device, user.id) : null;
    const keys: ThrottleKey[] = device
      ? [{ scope: 'device', id: device }]
      : [
          { scope: 'ip', id: clientBucket(from.ip) },
          user ? { scope: 'user', id: String(user.id) } : { scope: 'email', id: key },
        ];
    const verdict = await this.throttle.attempt(keys);
    if (!verdict.allowed) throw new TooManyAttempts(verdict.retryAfterMs);
    const N = this.config.security.passwordHashN;
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash(N)));
    if (!user || !ok || !user.active) return null;
    await this.throttle.succeeded(keys);
    if (needsRehash(user.passwordHash, { N }))
      await this.users.update({ id: user.id }, { passwordHash: await hashPassword(password, { N }) });
    await this.purgeSessions(now);
    const id = randomId();
    const csrfToken = randomId();
    const expiresAt = new Date(now.getTime() + this.config.staff.sessionTtlHours * 3_600_000);
    await this.sessions.insert({
      id: tokenHash(id),
      userId: user.id,
      csrfToken,
      expiresAt,
      createdAt: now,
      lastSeenAt: now,
    });
    return {
      user: { ...principal(user, 'session'), sessionId: id, csrfToken },
      session: { id, csrfToken, expiresAt },
      cookie: this.cookieFor(id, expiresAt),
      device: this.cookie(
        DEVICE_COOKIE,
        this.devices.issue(user.id),
        new Date(now.getTime() + DEVICE_TTL_MS),
      ),
      mustChangePassword: user.mustChangePassword,
    };
  }

  /** Deletes every session that has expired or been idle too long (anyone's), at each sign-in. */
  async purgeSessions(now: Date): Promise<void> {
    const idleSince = new Date(now.getTime() - this.config.staff.sessionIdleMinutes * 60_000);
    await this.sessions.delete({ expiresAt: LessThan(now) });
    await this.sessions.delete({ lastSeenAt: LessThan(idleSince) });
    await this.sessions.delete({ lastSeenAt: IsNull(), createdAt: LessThan(idleSince) });
  }

  async logout(sessionId: string): Promise<void> {
    if (sessionId) await this.sessions.delete({ id: tokenHash(sessionId) });
  }

  cookieFor(sessionId: string, expiresAt: Date): SessionCookie {
    return this.cookie(SESSION_COOKIE, sessionId, expiresAt);
  }

  private cookie(
    base: typeof SESSION_COOKIE | typeof DEVICE_COOKIE,
    value: string,
    expires: Date,
  ): SessionCookie {
    return {
      name: this.cookieName(base),
      value,
      options: { httpOnly: true, sameSite: 'lax', secure: this.secure(), path: '/', expires },
    };
  }

  private secure(): boolean {
    return this.ownerSettings.get().publicBaseUrl.startsWith('https:');
  }

  /**
   * The user behind `Authorization: Bearer <token>`, or null. One indexed lookup
   * (api_tokens.token_hash). Misses are counted per client address; past the free ones each
   * further miss must wait (TooManyAttempts), so guessing stays slow and cheap for the engine.
   * Without an ip (public routes, where a stray header must not cost anything) misses are not counted.
   */
  async fromToken(token: string, ip?: string): Promise<Principal | null> {
    const row = await this.tokenRow(token);
    if (!row || !bool(row.active)) {
      if (ip === undefined) return null; // not counted: a public route, where credentials are optional
      const verdict = await this.throttle.attempt([{ scope: 'token', id: clientBucket(ip) }]);
      if (!verdict.allowed) throw new TooManyAttempts(verdict.retryAfterMs);
      return null;
    }
    const now = this.clock.now();
    if (row.last_used_at == null || now.getTime() - Number(row.last_used_at) > TOUCH_MS)
      await this.tokens.update({ id: Number(row.token_id) }, { lastUsedAt: now });
    return fromRow(row, 'token');
  }

  private async tokenRow(token: string) {
    if (!token || token.length > 200) return undefined;
    const [row] = await rows<UserRow & { token_id: number; last_used_at: string | number | null }>(
      this.users.manager,
      `SELECT ${USER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
      [tokenHash(token)],
    );
    return row;
  }

  /** The user behind a session cookie, or null when unknown, expired or the user is inactive. */
  async fromSession(sessionId: string): Promise<Principal | null> {
    if (!sessionId || sessionId.length > 200) return null;
    const id = tokenHash(sessionId);
    const [row] = await rows<UserRow & SessionTimes & { csrf_token: string }>(
      this.users.manager,
      `SELECT ${USER_COLUMNS}, s.csrf_token, s.expires_at, s.created_at, s.last_seen_at
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
      [id],
    );
    if (!row) return null;
    const now = this.clock.now().getTime();
    const seen = Number(row.last_seen_at ?? row.created_at);
    if (Number(row.expires_at) <= now || seen + this.config.staff.sessionIdleMinutes * 60_000 <= now) {
      await this.sessions.delete({ id });
      return null;
    }
    if (!bool(row.active)) return null;
    if (now - seen > TOUCH_MS) await this.sessions.update({ id }, { lastSeenAt: new Date(now) });
    return { ...fromRow(row, 'session'), sessionId, csrfToken: row.csrf_token };
  }

  /** Constant-time check of a submitted CSRF token against the session's. */
  csrfMatches(caller: Principal, submitted: unknown): boolean {
    return typeof submitted === 'string' && !!caller.csrfToken && safeEqual(submitted, caller.csrfToken);
  }
}

interface SessionTimes {
  expires_at: string | number;
  created_at: string | number;
  last_seen_at: string | number | null;
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  locale: string;
  timezone: string | null;
  active: boolean | number;
  must_change_password: boolean | number;
}
const USER_COLUMNS = 'u.id, u.email, u.name, u.role, u.locale, u.timezone, u.active, u.must_change_password';

function fromRow(r: UserRow, via: Principal['via']): Principal {
  return {
    id: Number(r.id),
    email: r.email,
    name: r.name,
    role: r.role as UserRole,
    locale: r.locale,
    timezone: r.timezone,
    via,
    mustChangePassword: bool(r.must_change_password),
  };
}

export function principal(user: User, via: Principal['via']): Principal {
  return {
    ...userIdentity(user),
    via,
    mustChangePassword: Boolean(user.mustChangePassword),
  };
}
