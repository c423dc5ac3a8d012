import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { ConfigError, loadConfig } from '@touchbase/config';
import { CliModule } from './cli.module';
import { CommandTree, exitForCommanderError, overrideExits, reportFailure } from './kit/exit-codes';
import { EXIT } from './kit/usage';

/**
 * The `touchbase` command: migrate, import, run --at, preview, demo, rules, user … Exit codes
 * (docs/cli.md#exit-codes): 0 success, 1 failure, 2 usage error; messages on stderr.
 */
async function main() {
  // every file the engine writes (SQLite, outbox, uploads, secret) is private to its user
  process.umask(0o077);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`touchbase: ${e.message}`);
      process.exit(EXIT.usage);
    }
    throw e;
  }
  const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config), {
    logger: ['error', 'warn'],
    // commander has printed its message (unknown option, missing argument, bad value) already
    errorHandler: (err) => process.exit(exitForCommanderError(err as { exitCode?: number })),
    // what a command's run throws: message on stderr, exit 1 (2 for a UsageError)
    serviceErrorHandler: (err) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), reportFailure(err));
    },
  });
  overrideExits(app.get(CommandTree).root, (err) => process.exit(exitForCommanderError(err)));
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

main().catch((e) => {
  // the same as an unhandled rejection would print, and a failing exit code
  console.error(e);
  process.exit(EXIT.failure);
});
