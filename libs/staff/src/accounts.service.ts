import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  Clock,
  FieldProblem,
  invalidField,
  isEmailAddress,
  isValidTimezone,
  LOCALES,
  NotFound,
  tokenHash,
  TooManyAttempts,
  USER_ROLES,
  UserRole,
  ValidationFailed,
} from '@touchbase/core';
import {
  ApiToken,
  Task,
  clientBucket,
  Customer,
  ThrottleService,
  isUniqueViolation,
  Session,
  User,
  SettingsService,
} from '@touchbase/store';
import { In, IsNull, Not } from 'typeorm';
import { StaffTaskAssigner } from './task-assigner';
import { applyAvailability, AvailabilityChanges } from './availability';
import { parseWorkingDays } from './task-outcomes';
import { generateApiToken, generatePassword, hashPassword, verifyPassword } from './password';

export interface NewUser {
  email: string;
  name: string;
  role: string;
  password?: string;
  locale?: string;
  timezone?: string | null;
  digestTime?: string | null;
}

export interface UserChanges extends AvailabilityChanges {
  name?: string;
  email?: string;
  role?: string;
  active?: boolean;
  locale?: string;
  timezone?: string | null;
  digestTime?: string | null;
  password?: string;
}

/** What the API shows of a user (never the password hash). */
export interface UserView {
  id: number;
  email: string;
  name: string;
  role: UserRole;
  locale: string;
  timezone: string | null;
  digestTime: string | null;
  active: boolean;
  /** ISO weekdays they work (1 = Monday); no tasks are assigned on other days. */
  workingDays: number[];
  awayFrom: string | null;
  awayUntil: string | null;
  /** Who takes their tasks while they are off. */
  coverUserId: number | null;
  /** A generated or owner-set password not yet replaced (only the account and sign-out are open). */
  mustChangePassword: boolean;
  createdAt: string;
}

/** What anyone sees of an API token: never the token or its hash. */
export interface TokenView {
  id: number;
  userId: number;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function tokenView(t: ApiToken): TokenView {
  return {
    id: t.id,
    userId: t.userId,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

export function userView(u: User): UserView {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role as UserRole,
    locale: u.locale,
    timezone: u.timezone,
    digestTime: u.digestTime,
    active: Boolean(u.active),
    workingDays: parseWorkingDays(u.workingDays),
    awayFrom: u.awayFrom,
    awayUntil: u.awayUntil,
    coverUserId: u.coverUserId,
    mustChangePassword: Boolean(u.mustChangePassword),
    createdAt: u.createdAt.toISOString(),
  };
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
export const MIN_PASSWORD_LENGTH = 10;

/** Users and their personal API tokens. Owners manage them (API and CLI). */
@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>,
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    private readonly assigner: StaffTaskAssigner,
    private readonly throttle: ThrottleService,
  ) {}

  /** Creates a user; without a password one is generated and returned (to be shown once). */
  async createUser(input: NewUser): Promise<{ user: User; generatedPassword?: string }> {
    const problems = validate({ ...input, email: input.email ?? '' }, true);
    if (problems.length) throw new ValidationFailed(problems);
    const generatedPassword = input.password ? undefined : generatePassword();
    const user = this.users.create({
      email: input.email.trim().toLowerCase(),
      name: input.name.trim(),
      role: input.role,
      passwordHash: await hashPassword(input.password ?? generatedPassword!, {
        N: this.config.security.passwordHashN,
      }),
      mustChangePassword: input.password === undefined,
      locale: input.locale ?? this.ownerSettings.get().defaultLocale,
      timezone: input.timezone ?? null,
      digestTime: input.digestTime === undefined ? this.ownerSettings.get().digestTime : input.digestTime,
      active: true,
      createdAt: this.clock.now(),
    });
    try {
      return { user: await this.users.save(user), generatedPassword };
    } catch (e) {
      if (isUniqueViolation(e)) throw invalidField('email', 'a user with this email already exists');
      throw e;
    }
  }

  list(): Promise<User[]> {
    return this.users.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFound(`No user ${id}`);
    return user;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOne({ where: { email: email.trim().toLowerCase() } });
  }

  /**
   * Changes a user. Keeps at least one active owner; a deactivated user loses their sessions
   * and tokens and their open tasks go to someone else through the TaskAssigner. A password set
   * by someone else (an owner) must be changed by the user at their next sign-in; `self` marks
   * the user's own change.
   */
  async updateUser(
    id: number,
    changes: UserChanges,
    opts: { keepSessionId?: string; self?: boolean } = {},
  ): Promise<User> {
    const problems = validate(changes, false);
    if (problems.length) throw new ValidationFailed(problems);
    let released: number[] = [];
    const user = await this.ds.transaction(async (m) => {
      const user = await m.findOne(User, { where: { id } });
      if (!user) throw new NotFound(`No user ${id}`);
      const losesOwner =
        user.role === 'owner' &&
        user.active &&
        ((changes.role && changes.role !== 'owner') || changes.active === false);
      if (losesOwner) {
        const owners = await m.count(User, { where: { role: 'owner', active: true } });
        if (owners <= 1)
          throw invalidField(
            changes.role && changes.role !== 'owner' ? 'role' : 'active',
            'the last active owner cannot be demoted or deactivated',
          );
      }
      if (changes.name !== undefined) user.name = changes.name.trim();
      if (changes.email !== undefined) user.email = changes.email.trim().toLowerCase();
      if (changes.role !== undefined) user.role = changes.role;
      if (changes.active !== undefined) user.active = changes.active;
      if (changes.locale !== undefined) user.locale = changes.locale;
      if (changes.timezone !== undefined) user.timezone = changes.timezone;
      if (changes.digestTime !== undefined) user.digestTime = changes.digestTime;
      const dayProblems = await applyAvailability(m, user, changes);
      if (dayProblems.length) throw new ValidationFailed(dayProblems);
      if (changes.password !== undefined) {
        user.passwordHash = await hashPassword(changes.password, { N: this.config.security.passwordHashN });
        user.mustChangePassword = !opts.self;
      }
      try {
        await m.save(user);
      } catch (e) {
        if (isUniqueViolation(e)) throw invalidField('email', 'a user with this email already exists');
        throw e;
      }
      if (changes.active === false || changes.password !== undefined) {
        const keep = changes.active !== false && opts.keepSessionId ? tokenHash(opts.keepSessionId) : null;
        await m.delete(Session, keep ? { userId: id, id: Not(keep) } : { userId: id });
        // a new password or a deactivation ends every API token too (they never come back)
        await m.delete(ApiToken, { userId: id });
      }
      if (changes.active === false) {
        // their open work is released at once (a crash later leaves it unassigned, visible to owners)
        const open = await m.find(Task, {
          select: { id: true },
          where: { assigneeId: id, status: In(['open', 'snoozed']) },
        });
        released = open.map((t) => t.id);
        if (released.length)
          await m.update(Task, { id: In(released) }, { assigneeId: null, updatedAt: this.clock.now() });
      }
      return user;
    });
    if (released.length) await this.reassign(released);
    return user;
  }

  /** Gives unassigned tasks to the account owner / next staff member in turn. */
  private async reassign(taskIds: number[]): Promise<void> {
    for (let i = 0; i < taskIds.length; i += 500) {
      const tasks = await this.ds.getRepository(Task).find({
        select: { id: true, customerId: true },
        where: { id: In(taskIds.slice(i, i + 500)), assigneeId: IsNull() },
      });
      const owners = new Map(
        (
          await this.ds.getRepository(Customer).find({
            select: { id: true, accountOwnerId: true },
            where: { id: In([...new Set(tasks.map((t) => t.customerId))]) },
          })
        ).map((c) => [c.id, c.accountOwnerId]),
      );
      for (const t of tasks) {
        const assigneeId = await this.assigner.assigneeFor({
          id: t.customerId,
          accountOwnerId: owners.get(t.customerId) ?? null,
        });
        if (assigneeId != null)
          await this.ds
            .getRepository(Task)
            .update({ id: t.id, assigneeId: IsNull() }, { assigneeId, updatedAt: this.clock.now() });
      }
    }
  }

  /**
   * A user changing their own account: a new password needs the current one (checks are
   * throttled per account and address, docs/security.md#throttling); their other sessions and
   * their API tokens end, the session making the change stays signed in.
   */
  async updateSelf(
    id: number,
    changes: UserChanges & { currentPassword?: string },
    from: { sessionId?: string; ip?: string } = {},
  ): Promise<User> {
    const { currentPassword, ...rest } = changes;
    if (rest.password !== undefined) {
      const user = await this.get(id);
      const keys = [
        { scope: 'ip' as const, id: clientBucket(from.ip) },
        { scope: 'password' as const, id: String(id) },
      ];
      const verdict = await this.throttle.attempt(keys);
      if (!verdict.allowed) throw new TooManyAttempts(verdict.retryAfterMs);
      if (
        typeof currentPassword !== 'string' ||
        currentPassword.length > 1000 ||
        !(await verifyPassword(currentPassword, user.passwordHash))
      )
        throw invalidField('currentPassword', 'give your current password to set a new one');
      await this.throttle.succeeded(keys);
    }
    return this.updateUser(id, rest, { keepSessionId: from.sessionId, self: true });
  }

  /** A new personal API token for the user; the plain token is returned once, only its hash is kept. */
  async issueToken(userId: number, name = 'api'): Promise<{ token: string; id: number }> {
    const token = generateApiToken();
    const row = await this.tokens.save(
      this.tokens.create({
        userId,
        name: name.slice(0, 100),
        tokenHash: tokenHash(token),
        createdAt: this.clock.now(),
        lastUsedAt: null,
      }),
    );
    return { token, id: row.id };
  }

  async revokeToken(userId: number, tokenId: number): Promise<void> {
    const r = await this.tokens.delete({ id: tokenId, userId });
    if (!r.affected) throw new NotFound(`No token ${tokenId}`);
  }

  /** The user a token belongs to, or null when there is no such token. */
  async tokenOwner(tokenId: number): Promise<number | null> {
    return (
      (await this.tokens.findOne({ select: { id: true, userId: true }, where: { id: tokenId } }))?.userId ??
      null
    );
  }

  listTokens(userId: number): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { id: 'ASC' } });
  }

  /** Every user's tokens (owners' overview), newest use first within each user. */
  async listAllTokens(): Promise<Array<TokenView & { userName: string; userEmail: string }>> {
    const users = new Map((await this.list()).map((u) => [u.id, u]));
    const all = await this.tokens.find({ order: { userId: 'ASC', id: 'ASC' } });
    return all.map((t) => ({
      ...tokenView(t),
      userName: users.get(t.userId)?.name ?? '',
      userEmail: users.get(t.userId)?.email ?? '',
    }));
  }

  /**
   * First start: with no users at all, makes the first owner and returns its password (to be
   * printed once). Two instances starting at once make one owner (unique email); the loser gets null.
   */
  async ensureFirstOwner(): Promise<{ email: string; password: string } | null> {
    if ((await this.users.count()) > 0) return null;
    try {
      const email = this.config.staff.firstOwnerEmail;
      const { generatedPassword } = await this.createUser({ email, name: 'Owner', role: 'owner' });
      return { email, password: generatedPassword! };
    } catch (e) {
      if (e instanceof ValidationFailed) return null;
      throw e;
    }
  }
}

function validate(input: Partial<NewUser> & { active?: boolean }, creating: boolean): FieldProblem[] {
  const p: FieldProblem[] = [];
  if (creating || input.email !== undefined) {
    if (typeof input.email !== 'string' || !isEmailAddress(input.email.trim()))
      p.push({ field: 'email', problem: 'must be an email address' });
  }
  if (creating || input.name !== undefined) {
    if (typeof input.name !== 'string' || !input.name.trim() || input.name.length > 200)
      p.push({ field: 'name', problem: 'must be 1 to 200 characters' });
  }
  if (creating || input.role !== undefined) {
    if (!USER_ROLES.includes(input.role as UserRole))
      p.push({ field: 'role', problem: `must be one of ${USER_ROLES.join(', ')}` });
  }
  if (
    input.password !== undefined &&
    (typeof input.password !== 'string' || input.password.length < MIN_PASSWORD_LENGTH)
  )
    p.push({ field: 'password', problem: `must be at least ${MIN_PASSWORD_LENGTH} characters` });
  if (input.locale !== undefined && !LOCALES.includes(input.locale as never))
    p.push({ field: 'locale', problem: `must be one of ${LOCALES.join(', ')}` });
  if (input.timezone != null && !isValidTimezone(input.timezone))
    p.push({ field: 'timezone', problem: 'must be an IANA timezone name such as Europe/Berlin' });
  if (input.digestTime != null && !HHMM.test(input.digestTime))
    p.push({ field: 'digestTime', problem: 'must be a time as HH:MM (24 h), or null for no digest' });
  return p;
}
