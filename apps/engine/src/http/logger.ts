import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { AppConfig } from '@touchbase/config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's own logger, as one JSON object per line when LOG_FORMAT=json (structured logs). */
export function createLogger(config: AppConfig): ConsoleLogger {
  const upTo = LEVELS.indexOf(config.log.level);
  return new ConsoleLogger('Touchbase', {
    json: config.log.format === 'json',
    colors: config.log.format !== 'json' && process.stdout.isTTY,
    logLevels: LEVELS.slice(0, upTo + 1),
  });
}
