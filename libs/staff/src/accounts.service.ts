import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, invalidField, NotFound, tokenHash, TooManyAttempts, ValidationFailed } from '@touchbase/core';
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
import { applyAvailability } from './availability';
import { NewUser, tokenView, TokenView, UserChanges, validateAccount } from './account-fields';
import { generateApiToken, generatePassword, hashPassword, verifyPassword } from './password';

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
    const problems = validateAccount({ ...input, email: input.email ?? '' }, true);
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
    const problems = validateAccount(changes, false);
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
