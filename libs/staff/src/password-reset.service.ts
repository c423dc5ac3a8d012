import { Inject, Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, MoreThan, Not } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, invalidField, NotFound, tokenHash, TooManyAttempts } from '@touchbase/core';
import {
  ApiToken,
  PasswordReset,
  clientBucket,
  ThrottleService,
  queueMessages,
  Session,
  User,
  SettingsService,
} from '@touchbase/store';
import { MIN_PASSWORD_LENGTH } from './account-fields';
import { hashPassword, randomId } from './password';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from './auth.service';
import { renderResetEmail } from './reset-email';

/** How long a reset link works (a decision: long enough to find the email, short in a leaked inbox). */
export const PASSWORD_RESET_MINUTES = 30;
/** Used and expired links are kept this long (for "already used" answers), then deleted. */
const KEEP_MS = 24 * 3_600_000;

/**
 * Password resets (docs/security.md#password-reset): a single-use link that expires after
 * PASSWORD_RESET_MINUTES, sent through the outbox like any email (the dispatcher sends it; the
 * file outbox in the embedded default). Asking for one answers the same for every email, and
 * is throttled per email and per address alike. Using it sets the new password and ends every
 * session and API token of the user.
 */
@Injectable()
export class PasswordResetService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    private readonly throttle: ThrottleService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  /**
   * "Forgot password": queues a link when the email belongs to an active user; otherwise does
   * nothing. Answers nothing either way (no user enumeration). Throws TooManyAttempts when this
   * email or address must wait, the same for known and unknown emails.
   */
  async request(email: string, from: { ip?: string } = {}): Promise<void> {
    const raw = typeof email === 'string' ? email.trim().toLowerCase() : '';
    const key = raw.slice(0, MAX_EMAIL_LENGTH);
    const verdict = await this.throttle.attempt([
      { scope: 'reset-ip', id: clientBucket(from.ip) },
      { scope: 'reset', id: key },
    ]);
    if (!verdict.allowed) throw new TooManyAttempts(verdict.retryAfterMs);
    if (!key || raw.length > MAX_EMAIL_LENGTH) return;
    const user = await this.ds.getRepository(User).findOne({ where: { email: key } });
    if (!user || !user.active) return;
    await this.issue(user, null);
  }

  /**
   * An owner (or the operator with `touchbase user reset`, owner null) starts a reset for a user:
   * the link goes to the user's own email address.
   */
  async startFor(userId: number, owner: { id: number; name: string } | null): Promise<User> {
    const user = await this.ds.getRepository(User).findOne({ where: { id: userId } });
    if (!user) throw new NotFound(`No user ${userId}`);
    if (!user.active)
      throw invalidField('active', 'this user is deactivated; activate them before resetting their password');
    await this.issue(user, owner);
    return user;
  }

  /** The user a link is for, while it is unused and unexpired; null otherwise. */
  async check(token: string): Promise<{ email: string } | null> {
    const row = await this.validRow(token);
    if (!row) return null;
    const user = await this.ds.getRepository(User).findOne({ where: { id: row.userId, active: true } });
    return user ? { email: user.email } : null;
  }

  /**
   * Uses a link: sets the new password (a chosen one: no must-change), ends every session and API
   * token of the user, and forgets the account's sign-in throttle. Exactly one request can use a
   * link (a conditional update); a used, expired or unknown link throws NotFound.
   */
  async complete(token: string, password: string): Promise<void> {
    if (
      typeof password !== 'string' ||
      password.length < MIN_PASSWORD_LENGTH ||
      password.length > MAX_PASSWORD_LENGTH
    )
      throw invalidField('password', `must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`);
    const row = await this.validRow(token);
    if (!row) throw new NotFound('This reset link has expired or was already used; ask for a new one.');
    const passwordHash = await hashPassword(password, { N: this.config.security.passwordHashN });
    const now = this.clock.now();
    const userId = await this.ds.transaction(async (m) => {
      const used = await m.update(
        PasswordReset,
        { id: row.id, usedAt: IsNull(), expiresAt: MoreThan(now) },
        { usedAt: now },
      );
      if (!used.affected) return null;
      const changed = await m.update(
        User,
        { id: row.userId, active: true },
        { passwordHash, mustChangePassword: false },
      );
      if (!changed.affected) return null;
      await m.delete(Session, { userId: row.userId });
      await m.delete(ApiToken, { userId: row.userId });
      // any other link of theirs stops working too
      await m.delete(PasswordReset, { userId: row.userId, id: Not(row.id), usedAt: IsNull() });
      return row.userId;
    });
    if (userId == null)
      throw new NotFound('This reset link has expired or was already used; ask for a new one.');
    await this.throttle.succeeded([{ scope: 'user', id: String(userId) }]);
  }

  private async validRow(token: string): Promise<PasswordReset | null> {
    if (typeof token !== 'string' || !/^[0-9a-f]{64}$/.test(token)) return null;
    const row = await this.ds.getRepository(PasswordReset).findOne({ where: { id: tokenHash(token) } });
    if (!row || row.usedAt || row.expiresAt.getTime() <= this.clock.now().getTime()) return null;
    return row;
  }

  /** Makes a link (replacing the user's unused ones) and queues its email in one transaction. */
  private async issue(user: User, owner: { id: number; name: string } | null): Promise<void> {
    const now = this.clock.now();
    const token = randomId();
    const mail = renderResetEmail({
      locale: user.locale,
      name: user.name,
      business: this.ownerSettings.get().businessName,
      link: `${this.ownerSettings.get().publicBaseUrl.replace(/\/+$/, '')}/reset/${token}`,
      minutes: PASSWORD_RESET_MINUTES,
      ownerName: owner && owner.id !== user.id ? owner.name : undefined,
    });
    await this.ds.transaction(async (m) => {
      await m.delete(PasswordReset, { createdAt: LessThan(new Date(now.getTime() - KEEP_MS)) });
      await m.delete(PasswordReset, { userId: user.id, usedAt: IsNull() });
      await m.insert(PasswordReset, {
        id: tokenHash(token),
        userId: user.id,
        requestedBy: owner?.id ?? null,
        createdAt: now,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET_MINUTES * 60_000),
        usedAt: null,
      });
      await queueMessages(
        m,
        [
          {
            userId: user.id,
            channel: 'email',
            purpose: 'password_reset',
            recipient: user.email,
            locale: user.locale,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            sendAt: now,
          },
        ],
        now,
      );
    });
  }
}
