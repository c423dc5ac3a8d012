import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { AccountsService } from '@touchbase/staff';

/**
 * First start: when the users table is empty (and CREATE_FIRST_OWNER is on, the default outside
 * tests), make the first owner and print its password once to stdout.
 */
@Injectable()
export class FirstOwner implements OnApplicationBootstrap {
  private readonly log = new Logger('Accounts');

  constructor(
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.staff.createFirstOwner) return;
    const made = await this.accounts.ensureFirstOwner();
    if (!made) return;
    this.log.log(`Created the first owner ${made.email}`);
    process.stdout.write(
      `\n  First owner created. Sign in at ${this.config.http.publicBaseUrl}/login\n` +
        `    email:    ${made.email}\n    password: ${made.password}\n` +
        `  This password is shown only once; change it after signing in.\n\n`,
    );
  }
}
