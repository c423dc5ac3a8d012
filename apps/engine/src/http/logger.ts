import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { AppConfig } from '@touchbase/config';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's own logger, as one JSON object per line when LOG_FORMAT=json (structured logs). */
export function createLogger(config: AppConfig): ConsoleLogger {
  const upTo = LEVELS.indexOf(config.log.level);
  return new ScrubbingLogger('Touchbase', {
    json: config.log.format === 'json',
    colors: config.log.format !== 'json' && process.stdout.isTTY,
    logLevels: LEVELS.slice(0, upTo + 1),
  });
}

/**
 * Logs errors without the personal data they may carry (docs/security.md#personal-data-in-logs-errors-and-files):
 * an Error is logged as its name, code, message and stack frames only — never its other
 * properties (TypeORM's QueryFailedError holds the SQL and its parameters: search terms,
 * emails, phones) — and quoted values inside error messages ("invalid input syntax …: "x"")
 * are masked.
 */
export class ScrubbingLogger extends ConsoleLogger {
  override error(message: unknown, ...rest: unknown[]): void {
    super.error(scrub(message), ...rest.map(scrub));
  }

  override warn(message: unknown, ...rest: unknown[]): void {
    super.warn(scrub(message), ...rest.map(scrub));
  }

  override fatal(message: unknown, ...rest: unknown[]): void {
    super.fatal(scrub(message), ...rest.map(scrub));
  }
}

/** An Error (or an error's text) reduced to what is safe to log. */
export function scrub(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    const head = `${value.name}${typeof code === 'string' ? ` (${code})` : ''}: ${maskQuoted(value.message)}`;
    const frames = (value.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l));
    return [head, ...frames].join('\n');
  }
  if (typeof value === 'string' && /^\w*Error\b/.test(value)) {
    const [first, ...others] = value.split('\n');
    return [maskQuoted(first), ...others.filter((l) => /^\s+at /.test(l))].join('\n');
  }
  return value;
}

function maskQuoted(text: string): string {
  return text.replace(/"[^"\n]*"/g, '"…"').replace(/'[^'\n]*'/g, "'…'");
}
