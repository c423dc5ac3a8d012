/**
 * How the `touchbase` command reports problems (docs/cli.md#exit-codes): 0 only on success,
 * 2 for a usage error (unknown option or command, bad date or number, missing argument),
 * 1 for any other failure; the message goes to stderr, reports to stdout.
 */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * A usage error. Thrown from an option parser, commander reports it as an invalid argument
 * (its `code` is the one commander looks for) and the exit override makes it exit 2; thrown
 * from a command's `run`, the service error handler does the same.
 */
export class UsageError extends Error {
  readonly code = 'commander.invalidArgument';
  readonly exitCode: number = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `--at 2026-06-15T09:00:00Z`: an ISO instant with a time (a bare date or "tomorrow" is refused). */
export function parseInstant(flag: string, value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d\d-\d\dT/.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(`${flag}: expected an ISO instant such as 2026-06-15T09:00:00Z (got "${value}")`);
  return at;
}

/** `--from 2026-06-01` or `--from 2026-06-01T00:00:00Z`. */
export function parseDateOrInstant(flag: string, value: string): Date {
  const at = new Date(value);
  if (!/^\d{4}-\d\d-\d\d/.test(value) || Number.isNaN(at.getTime()))
    throw new UsageError(
      `${flag}: expected an ISO date or instant such as 2026-06-01 or 2026-06-01T00:00:00Z (got "${value}")`,
    );
  return at;
}

/** A whole number in [min, max] written as digits (so "abc", "1.5" and "1e3" are refused). */
export function parseWholeNumber(flag: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`${flag}: expected a whole number ${min}–${max} (got "${value}")`);
  return n;
}

/** A required option's value, or a usage error naming the option. */
export function required(flag: string, value: string | undefined): string {
  if (!value) throw new UsageError(`${flag} is required`);
  return value;
}

/** One of the allowed words, or a usage error naming them. */
export function oneOf<T extends string>(what: string, value: string | undefined, allowed: readonly T[]): T {
  if (!value || !allowed.includes(value as T))
    throw new UsageError(`${what}: expected ${allowed.join(' or ')} (got "${value ?? ''}")`);
  return value as T;
}

/** A report as JSON on stdout (`--json`): one document, pretty-printed. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
