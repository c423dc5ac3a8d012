/**
 * The command line's syntax as plain data (docs/cli.md#start-up): names, arguments, options and
 * their parsers. `touchbase --help` and argument errors are answered from this alone, before the
 * application boots; the Nest command classes take their decorators from the same objects
 * (kit/from-syntax.ts), so there is one description of each command. Files under syntax/ import
 * only light modules (kit/usage, constants from libs/core/src/types.ts, not the
 * @touchbase/core barrel, which loads luxon and validator), never a service.
 */
export interface OptionSyntax {
  /** commander flags: `--json`, `--at <iso>` */
  flags: string;
  description: string;
  /**
   * The value `run` receives; throws a UsageError for a bad one (exit 2). Default: the string
   * for an option with a value, `true` for a flag. Gets the previous value for a repeatable one.
   */
  parse?: (value: string, previous?: any) => unknown;
}

export interface CommandSyntax {
  name: string;
  description: string;
  /** commander argument syntax: `<kind> <file>`, `[file]` */
  arguments?: string;
  argsDescription?: Record<string, string>;
  options?: readonly OptionSyntax[];
  subCommands?: readonly CommandSyntax[];
}

/** What an option's value becomes when its syntax has no parser. */
export function parserOf(o: OptionSyntax): (value: string, previous?: any) => unknown {
  if (o.parse) return o.parse;
  return /[<[]/.test(o.flags) ? (value: string) => value : () => true;
}

/** The `--json` flag most reporting commands take. */
export const json = (description: string): OptionSyntax => ({ flags: '--json', description });

/** `--at <iso>`: an ISO instant with a time. */
export const at = (description: string, parse: (v: string) => Date): OptionSyntax => ({
  flags: '--at <iso>',
  description,
  parse,
});
