import { Module } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { CommandFrom, SubCommandFrom } from '../kit/from-syntax';
import { DIGEST, USER, USER_ADD, USER_LIST, USER_RESET, USER_TOKEN } from '../syntax/staff';
import { Clock, USER_ROLES } from '@touchbase/core';
import {
  AccountsService,
  DigestService,
  PASSWORD_RESET_MINUTES,
  PasswordResetService,
  StaffModule,
} from '@touchbase/staff';

import { oneOf, printJson, required, UsageError } from '../kit/usage';

@SubCommandFrom(USER_ADD)
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
}

@SubCommandFrom(USER_TOKEN)
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
}

@SubCommandFrom(USER_RESET)
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
}

@SubCommandFrom(USER_LIST)
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
}

@CommandFrom(USER, [UserAddCommand, UserTokenCommand, UserResetCommand, UserListCommand])
export class UserCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: user add | token | list');
  }
}

@CommandFrom(DIGEST)
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
