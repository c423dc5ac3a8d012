import { INestApplicationContext, Logger } from '@nestjs/common';

/**
 * SIGTERM / SIGINT → close the app and exit 0. Closing runs Nest's hooks in order:
 * onModuleDestroy (readiness turns 503, the dispatcher stops claiming and finishes what it is
 * sending, the scheduler cron stops), beforeApplicationShutdown (leases still held are
 * released), the HTTP server closes, onApplicationShutdown (the database closes).
 * If that takes longer than `timeoutMs`, or a second signal arrives, exit 1 at once: whatever
 * is still claimed goes back to the pool when its lease runs out.
 */
export function installGracefulShutdown(
  app: INestApplicationContext,
  timeoutMs: number,
  logger = new Logger('Shutdown'),
): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) {
      logger.warn(`${signal} again while shutting down: exiting now`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal} received: stopping (at most ${timeoutMs} ms)`);
    const timer = setTimeout(() => {
      logger.error(
        `shutdown did not finish within ${timeoutMs} ms: exiting; unfinished leases expire on their own`,
      );
      process.exit(1);
    }, timeoutMs);
    // Nest's close() takes the signal and hands it to the shutdown hooks (not in the interface).
    (app as unknown as { close(signal?: string): Promise<void> })
      .close(signal)
      .then(() => {
        clearTimeout(timer);
        logger.log('stopped cleanly');
        process.exit(0);
      })
      .catch((e: unknown) => {
        logger.error(`shutdown failed: ${(e as Error)?.message ?? String(e)}`, (e as Error)?.stack);
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
