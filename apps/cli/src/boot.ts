import 'reflect-metadata';
import { Type } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { AppConfig } from '@touchbase/config';
import { CliModule } from './cli.module';
import { CommandTree } from './kit/command-tree';
import { exitForCommanderError, overrideExits, reportFailure } from './kit/exit-codes';

/**
 * Boots the application with one command area and runs the command line (already read once by
 * syntax/parse.ts, so help and argument errors never get here). Exit codes as in docs/cli.md.
 */
export async function runCommands(config: AppConfig, modules: Type<unknown>[]): Promise<void> {
  const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config, modules), {
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
