import { EXIT } from './kit/usage';
import { readCommandLine } from './syntax/parse';

/**
 * The `touchbase` command: migrate, import, run --at, preview, demo, rules, user … Exit codes
 * (docs/cli.md#exit-codes): 0 success, 1 failure, 2 usage error; messages on stderr.
 * The command line is read first from the commands' syntax alone, so `--help` and argument
 * errors answer at once; then only the area of the command that runs is loaded and booted
 * (docs/cli.md#start-up).
 */
async function main() {
  // every file the engine writes (SQLite, outbox, uploads, secret) is private to its user
  process.umask(0o077);
  const line = readCommandLine(process.argv);
  if ('exit' in line) process.exit(line.exit);
  const { ConfigError, loadConfig } = await import('@touchbase/config');
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
  const { runCommands } = await import('./boot');
  await runCommands(config, await line.area.load());
}

main().catch((e) => {
  // the same as an unhandled rejection would print, and a failing exit code
  console.error(e);
  process.exit(EXIT.failure);
});
