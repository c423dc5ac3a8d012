import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, tokenHash, UserRole } from '@touchbase/core';
import { ApiToken, Session, User } from '@touchbase/store';
import { dummyPasswordHash, randomId, safeEqual, verifyPassword } from './password';
import { rows } from './sql';
import { Principal } from './principal';

export const SESSION_COOKIE = 'tb_session';
/** After this many wrong passwords for one email within the window, sign-in is refused until it passes. */
export const MAX_FAILED_LOGINS = 10;
export const FAILED_LOGIN_WINDOW_MS = 15 * 60_000;
/** lastUsedAt is written at most this often per token, so a busy script does not write on every call. */
const TOKEN_TOUCH_MS = 60_000;

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
}

/**
 * Who is calling: API tokens (Bearer) and browser sessions (cookie `tb_session`, fixed lifetime
 * SESSION_TTL_HOURS, a CSRF token per session). Used by the engine's AuthGuard and the web UI.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Wrong passwords per email in this process (a brake on guessing; each instance counts its own). */
  private readonly failures = new Map<string, { count: number; since: number }>();

  /**
   * Checks email and password; null when either is wrong, the user is inactive, or the email
   * had MAX_FAILED_LOGINS wrong passwords in the last 15 minutes (same answer, same time).
   */
  async login(email: string, password: string): Promise<SignedIn | null> {
    const key = typeof email === 'string' ? email.trim().toLowerCase() : '';
    const now = this.clock.now();
    const failed = this.failures.get(key);
    if (failed && now.getTime() - failed.since > FAILED_LOGIN_WINDOW_MS) this.failures.delete(key);
    const user = key ? await this.users.findOne({ where: { email: key } }) : null;
    const ok = await verifyPassword(
      String(password ?? ''),
      user?.passwordHash ?? (await dummyPasswordHash()),
    );
    if ((this.failures.get(key)?.count ?? 0) >= MAX_FAILED_LOGINS) return null;
    if (!user || !ok || !user.active) {
      if (key) {
        const f = this.failures.get(key) ?? { count: 0, since: now.getTime() };
        f.count++;
        this.failures.set(key, f);
        if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
      }
      return null;
    }
    this.failures.delete(key);
    const id = randomId();
    const csrfToken = randomId();
    const expiresAt = new Date(now.getTime() + this.config.staff.sessionTtlHours * 3_600_000);
    await this.sessions.insert({ id: tokenHash(id), userId: user.id, csrfToken, expiresAt, createdAt: now });
    return {
      user: { ...principal(user, 'session'), sessionId: id, csrfToken },
      session: { id, csrfToken, expiresAt },
      cookie: this.cookieFor(id, expiresAt),
    };
  }

  async logout(sessionId: string): Promise<void> {
    if (sessionId) await this.sessions.delete({ id: tokenHash(sessionId) });
  }

  cookieFor(sessionId: string, expiresAt: Date): SessionCookie {
    const secure = this.config.http.publicBaseUrl.startsWith('https:');
    return {
      name: SESSION_COOKIE,
      value: sessionId,
      options: { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt },
    };
  }

  /** The user behind `Authorization: Bearer <token>`, or null. One indexed lookup (api_tokens.token_hash). */
  async fromToken(token: string): Promise<Principal | null> {
    if (!token || token.length > 200) return null;
    const [row] = await rows<UserRow & { token_id: number; last_used_at: string | number | null }>(
      this.users.manager,
      `SELECT ${USER_COLUMNS}, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
      [tokenHash(token)],
    );
    if (!row || !isActive(row.active)) return null;
    const now = this.clock.now();
    if (row.last_used_at == null || now.getTime() - Number(row.last_used_at) > TOKEN_TOUCH_MS)
      await this.tokens.update({ id: Number(row.token_id) }, { lastUsedAt: now });
    return fromRow(row, 'token');
  }

  /** The user behind a session cookie, or null when unknown, expired or the user is inactive. */
  async fromSession(sessionId: string): Promise<Principal | null> {
    if (!sessionId || sessionId.length > 200) return null;
    const id = tokenHash(sessionId);
    const [row] = await rows<UserRow & { csrf_token: string; expires_at: string | number }>(
      this.users.manager,
      `SELECT ${USER_COLUMNS}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
      [id],
    );
    if (!row) return null;
    if (Number(row.expires_at) <= this.clock.now().getTime()) {
      await this.sessions.delete({ id });
      return null;
    }
    if (!isActive(row.active)) return null;
    return { ...fromRow(row, 'session'), sessionId, csrfToken: row.csrf_token };
  }

  /** Constant-time check of a submitted CSRF token against the session's. */
  csrfMatches(caller: Principal, submitted: unknown): boolean {
    return typeof submitted === 'string' && !!caller.csrfToken && safeEqual(submitted, caller.csrfToken);
  }
}

interface UserRow {
  id: number;
  email: string;
  name: string;
  role: string;
  locale: string;
  timezone: string | null;
  active: boolean | number;
}
const USER_COLUMNS = 'u.id, u.email, u.name, u.role, u.locale, u.timezone, u.active';

function isActive(v: boolean | number | string): boolean {
  return v === true || v === 1 || v === '1' || v === 't';
}

function fromRow(r: UserRow, via: Principal['via']): Principal {
  return {
    id: Number(r.id),
    email: r.email,
    name: r.name,
    role: r.role as UserRole,
    locale: r.locale,
    timezone: r.timezone,
    via,
  };
}

export function principal(user: User, via: Principal['via']): Principal {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role as UserRole,
    locale: user.locale,
    timezone: user.timezone,
    via,
  };
}
