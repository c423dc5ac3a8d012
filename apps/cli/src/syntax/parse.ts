import { createRequire } from 'node:module';
import { exitForCommanderError } from '../kit/exit-codes';
import { EXIT } from '../kit/usage';
import { CLI_AREAS, CliArea } from './index';
import { CommandSyntax, parserOf } from './types';

/** What this file needs of commander (the copy nest-commander bundles, so both parse alike). */
interface CommanderError extends Error {
  code?: string;
  exitCode?: number;
}
interface CommanderOption {
  default(v: unknown): CommanderOption;
  preset(v: unknown): CommanderOption;
  makeOptionMandatory(on: boolean): CommanderOption;
  argParser(fn: (value: string, previous: any) => unknown): CommanderOption;
}
interface CommanderCommand {
  name(n: string): CommanderCommand;
  argument(name: string, description: string): CommanderCommand;
  description(d: string): CommanderCommand;
  addOption(o: CommanderOption): CommanderCommand;
  addCommand(c: CommanderCommand): CommanderCommand;
  action(fn: () => void): CommanderCommand;
  exitOverride(fn: (err: CommanderError) => never): CommanderCommand;
  parse(argv: readonly string[]): CommanderCommand;
}
interface Commander {
  Command: new (name?: string) => CommanderCommand;
  Option: new (flags: string, description: string) => CommanderOption;
}

function commander(): Commander {
  return createRequire(require.resolve('nest-commander'))('commander') as Commander;
}

/** The outcome of reading the command line: the area whose command runs, or an exit code. */
export type CommandLine = { area: CliArea } | { exit: number };

/**
 * Reads the command line against the commands' syntax (syntax/*.ts) without loading any of the
 * application: `--help` (any command's) prints the usage (exit 0); an unknown command or option,
 * a missing argument or a bad value prints commander's `error: …` on stderr (exit 2). Otherwise
 * says which area's module to boot; nest-commander then parses the same line again to run it.
 */
export function readCommandLine(argv: readonly string[], areas: readonly CliArea[] = CLI_AREAS): CommandLine {
  const { Command, Option } = commander();
  let chosen: CliArea | undefined;
  const throwIt = (err: CommanderError): never => {
    throw err;
  };
  const build = (syntax: CommandSyntax, area: CliArea): CommanderCommand => {
    const cmd = new Command(syntax.name);
    for (const arg of syntax.arguments?.split(' ') ?? []) {
      const described = Object.keys(syntax.argsDescription ?? {}).filter((k) => arg.includes(k));
      cmd.argument(arg, described.length ? syntax.argsDescription![described[described.length - 1]] : '');
    }
    cmd.description(syntax.description);
    for (const o of syntax.options ?? [])
      cmd.addOption(
        new Option(o.flags, o.description)
          .default(undefined)
          .preset(undefined)
          .makeOptionMandatory(false)
          .argParser(parserOf(o)),
      );
    cmd.action(() => {
      chosen = area;
    });
    for (const sub of syntax.subCommands ?? []) cmd.addCommand(build(sub, area));
    return cmd.exitOverride(throwIt);
  };
  const root = new Command().name('touchbase').exitOverride(throwIt);
  for (const area of areas) for (const syntax of area.commands) root.addCommand(build(syntax, area));
  try {
    root.parse(argv);
  } catch (e) {
    const err = e as CommanderError;
    if (typeof err?.code !== 'string' || !err.code.startsWith('commander.')) throw e;
    return { exit: exitForCommanderError(err) };
  }
  return chosen ? { area: chosen } : { exit: EXIT.usage };
}
