import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { AccountsService } from '@touchbase/staff';
import { SettingsService } from '@touchbase/store';

/**
 * First start: when the users table is empty (and CREATE_FIRST_OWNER is on, the default outside
 * tests), make the first owner. Its generated password goes to a file only the engine's user can
 * read (FIRST_OWNER_PASSWORD_FILE, mode 600), never to stdout or the log; the first sign-in must
 * choose a new one (docs/security.md#personal-data-in-logs-errors-and-files).
 */
@Injectable()
export class FirstOwner implements OnApplicationBootstrap {
  private readonly log = new Logger('Accounts');

  constructor(
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: SettingsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.staff.createFirstOwner) return;
    const made = await this.accounts.ensureFirstOwner();
    if (!made) return;
    // the public address the owner set (else the environment's), as every link uses
    const base = (await this.settings.refresh({ maxAgeMs: 0 }).catch(() => this.settings.get()))
      .publicBaseUrl;
    const file = path.resolve(this.config.staff.firstOwnerPasswordFile);
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      file,
      `Touchbase first owner\nsign in at: ${base}/login\nemail:    ${made.email}\npassword: ${made.password}\n` +
        `You will be asked to choose a new password; then delete this file.\n`,
      { mode: 0o600 },
    );
    fs.chmodSync(file, 0o600);
    this.log.log(`Created the first owner ${made.email}`);
    process.stdout.write(
      `\n  First owner created. Sign in at ${base}/login\n` +
        `    email:    ${made.email}\n    password: in ${file} (readable only by this user)\n` +
        `  The first sign-in asks for a new password; delete the file afterwards.\n\n`,
    );
  }
}
