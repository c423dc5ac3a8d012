import { EXIT, UsageError } from './usage';

/* Light on purpose: the command line is read with it before anything else loads. */
type CommanderError = { exitCode?: number; code?: string };

/** What this file needs of a commander command (nest-commander bundles its own commander). */
export interface CommandNode {
  exitOverride(fn: (err: CommanderError) => never): unknown;
  readonly commands: readonly CommandNode[];
}

/** commander's own errors: --help and --version exit 0, every other one is a usage error. */
export function exitForCommanderError(err: CommanderError): number {
  return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
}

/**
 * nest-commander sets the exit override on the root command only; subcommands would call
 * process.exit(1) for an unknown option or a missing argument. Every command gets it here.
 */
export function overrideExits(cmd: CommandNode, onExit: (err: CommanderError) => never): void {
  cmd.exitOverride(onExit);
  for (const sub of cmd.commands) overrideExits(sub, onExit);
}

/** An error out of a command's `run`: print it on stderr and say which exit code it means. */
export function reportFailure(
  err: unknown,
  write: (s: string) => void = (s) => process.stderr.write(s),
): number {
  if (err instanceof UsageError) {
    write(`touchbase: ${err.message}\n`);
    return EXIT.usage;
  }
  const e = err as Error & { code?: string; exitCode?: number };
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) return exitForCommanderError(e);
  write(`touchbase: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT.failure;
}
