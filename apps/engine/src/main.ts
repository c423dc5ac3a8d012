import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from '@touchbase/config';
import { createEngine } from './bootstrap';
import { installGracefulShutdown } from './ops/graceful-shutdown';
import { compactHeapAfterStart } from './ops/heap-compaction';
import { RulesScheduler } from './rules/rules-scheduler';

async function main() {
  // every file the engine writes (SQLite, outbox, uploads, secret) is private to its user
  process.umask(0o077);
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(`Touchbase cannot start.\n${e.message}`);
      process.exit(2);
    }
    throw e;
  }
  const app = await createEngine(config, undefined, { signals: false });
  const logger = new Logger('Main');
  process.on('unhandledRejection', (reason) => {
    logger.error(
      `unhandled rejection: ${(reason as Error)?.message ?? String(reason)}`,
      (reason as Error)?.stack,
    );
  });
  if (config.roles.includes('api')) {
    await app.listen(config.http.port, config.http.host);
    logger.log(
      `Touchbase is up: ${config.http.publicBaseUrl}  (API docs: ${config.http.publicBaseUrl}/api/docs), roles: ${config.roles.join(', ')}`,
    );
  } else {
    await app.init();
    // with an HTTP server this starts when it listens (every start-up hook has run by then)
    app.get(RulesScheduler).startFirstTick();
    // Without an HTTP server the process must not end when its loops are idle: it runs
    // until SIGTERM/SIGINT (see installGracefulShutdown).
    setInterval(() => undefined, 1 << 30);
    logger.log(`Touchbase is running with roles: ${config.roles.join(', ')} (no HTTP)`);
  }
  installGracefulShutdown(app, config.ops.shutdownTimeoutMs);
  // start-up leaves V8's heap fragmented; one compaction gives the free pages back
  compactHeapAfterStart((message) => logger.log(message));
}

main().catch((e) => {
  new Logger('Main').error(`start-up failed: ${(e as Error)?.message ?? String(e)}`, (e as Error)?.stack);
  process.exit(1);
});
