import { Module } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { Clock, USER_ROLES } from '@touchbase/core';
import {
  AccountsService,
  DigestService,
  PASSWORD_RESET_MINUTES,
  PasswordResetService,
  StaffModule,
} from '@touchbase/staff';

import { oneOf, parseInstant, printJson, required, UsageError } from '../kit/usage';

@SubCommand({
  name: 'add',
  description: 'add a user; prints a generated password once when --password is not given',
})
export class UserAddCommand extends CommandRunner {
  constructor(private readonly accounts: AccountsService) {
    super();
  }

  async run(
    _args: string[],
    o: {
      email?: string;
      name?: string;
      role?: string;
      password?: string;
      timezone?: string;
      digestTime?: string;
    },
  ): Promise<void> {
    const email = required('--email', o.email);
    const { user, generatedPassword } = await this.accounts.createUser({
      email,
      name: o.name ?? email.split('@')[0],
      role: oneOf('--role', required('--role', o.role), USER_ROLES),
      password: o.password,
      timezone: o.timezone,
      digestTime: o.digestTime === 'none' ? null : o.digestTime,
    });
    console.log(`Added ${user.role} ${user.email} (id ${user.id}).`);
    if (generatedPassword) console.log(`Password (shown only this once): ${generatedPassword}`);
  }

  @Option({ flags: '--email <email>', description: 'sign-in email (required)' })
  parseEmail(v: string) {
    return v;
  }
  @Option({ flags: '--name <name>', description: 'display name (default: the part of the email before @)' })
  parseName(v: string) {
    return v;
  }
  @Option({ flags: '--role <role>', description: `one of ${USER_ROLES.join(', ')} (required)` })
  parseRole(v: string) {
    return v;
  }
  @Option({ flags: '--password <password>', description: 'at least 10 characters (default: generate one)' })
  parsePassword(v: string) {
    return v;
  }
  @Option({
    flags: '--timezone <zone>',
    description: 'IANA zone for the digest time (default: the business’s)',
  })
  parseTimezone(v: string) {
    return v;
  }
  @Option({
    flags: '--digest-time <HH:MM>',
    description: 'local time of the morning digest, or "none" (default 08:00)',
  })
  parseDigestTime(v: string) {
    return v;
  }
}

@SubCommand({ name: 'token', description: 'make a new personal API token for a user and print it once' })
export class UserTokenCommand extends CommandRunner {
  constructor(private readonly accounts: AccountsService) {
    super();
  }

  async run(_args: string[], o: { email?: string; name?: string }): Promise<void> {
    const email = required('--email', o.email);
    const user = await this.accounts.findByEmail(email);
    if (!user) throw new Error(`--email: no user ${email}`);
    if (!user.active) throw new Error(`--email: ${email} is deactivated`);
    const { token } = await this.accounts.issueToken(user.id, o.name ?? 'cli');
    console.log(
      `API token for ${user.email} (shown only this once; send it as "Authorization: Bearer <token>"):`,
    );
    console.log(token);
  }

  @Option({ flags: '--email <email>', description: 'whose token (required)' })
  parseEmail(v: string) {
    return v;
  }
  @Option({ flags: '--name <name>', description: 'a label for the token, e.g. "nightly import"' })
  parseName(v: string) {
    return v;
  }
}

@SubCommand({
  name: 'reset',
  description: 'send a user a single-use password-reset link by email (through the outbox)',
})
export class UserResetCommand extends CommandRunner {
  constructor(
    private readonly accounts: AccountsService,
    private readonly resets: PasswordResetService,
  ) {
    super();
  }

  async run(_args: string[], o: { email?: string }): Promise<void> {
    const email = required('--email', o.email);
    const user = await this.accounts.findByEmail(email);
    if (!user) throw new Error(`--email: no user ${email}`);
    await this.resets.startFor(user.id, null);
    console.log(
      `A password-reset link for ${user.email} is queued (single use, valid ${PASSWORD_RESET_MINUTES} minutes); ` +
        'the engine sends it (embedded default: a file in the outbox folder).',
    );
  }

  @Option({ flags: '--email <email>', description: 'whose password (required)' })
  parseEmail(v: string) {
    return v;
  }
}

@SubCommand({ name: 'list', description: 'list users' })
export class UserListCommand extends CommandRunner {
  constructor(private readonly accounts: AccountsService) {
    super();
  }

  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const users = await this.accounts.list();
    if (o.json)
      return printJson(
        users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active })),
      );
    for (const u of users)
      console.log(
        `${String(u.id).padStart(4)}  ${u.role.padEnd(5)}  ${u.active ? 'active  ' : 'inactive'}  ${u.email}  ${u.name}`,
      );
  }

  @Option({ flags: '--json', description: 'print the users as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'user',
  description: 'manage users: add, token, reset, list',
  subCommands: [UserAddCommand, UserTokenCommand, UserResetCommand, UserListCommand],
})
export class UserCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: user add | token | list');
  }
}

@Command({
  name: 'digest',
  description:
    'queue the morning digests that are due as of --at (normally the engine does this every 5 minutes)',
})
export class DigestCommand extends CommandRunner {
  constructor(
    private readonly digest: DigestService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(_args: string[], o: { at?: Date; json?: boolean }): Promise<void> {
    const run = await this.digest.digestTick(o.at ?? this.clock.now());
    if (o.json) return printJson(run);
    console.log(`Queued ${run.queued.length} digest(s); ${run.empty.length} user(s) had nothing due.`);
  }

  @Option({ flags: '--at <iso>', description: 'the instant to run as of (default: now)' })
  parseAt(v: string): Date {
    return parseInstant('--at', v);
  }

  @Option({ flags: '--json', description: 'print who got a digest as JSON' })
  parseJson(): boolean {
    return true;
  }
}

/** The CLI commands of the staff area: user add / token / list, digest. */
@Module({
  imports: [StaffModule],
  providers: [
    UserCommand,
    UserAddCommand,
    UserTokenCommand,
    UserResetCommand,
    UserListCommand,
    DigestCommand,
  ],
})
export class StaffCommandsModule {}
