import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '@touchbase/config';
import { CliModule } from './cli.module';

/** The `touchbase` command: migrate, import, run --at, preview, demo, rules, user. */
async function main() {
  // every file the engine writes (SQLite, outbox, uploads, secret) is private to its user
  process.umask(0o077);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`touchbase: ${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  await CommandFactory.run(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    errorHandler: (err: Error & { code?: string; exitCode?: number }) => {
      // commander reports --help and --version as "errors" with exit code 0
      if (err.code?.startsWith('commander.') && err.exitCode === 0) process.exit(0);
      if (!err.code?.startsWith('commander.')) console.error(`touchbase: ${err.message}`);
      process.exit(err.exitCode || 1);
    },
  });
}

main().catch((e) => {
  // the same as an unhandled rejection would print, and a failing exit code
  console.error(e);
  process.exit(1);
});
