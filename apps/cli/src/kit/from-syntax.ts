import { Type } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { CommandSyntax, parserOf } from '../syntax/types';

const SYNTAX = new WeakMap<object, CommandSyntax>();

/**
 * nest-commander's @Command / @SubCommand and @Option metadata, made from the command's syntax
 * (syntax/*.ts), which also answers `--help` and argument errors before the application boots
 * (docs/cli.md#start-up). Each option gets a parser method of its own on the class.
 */
function decorate(
  syntax: CommandSyntax,
  kind: 'command' | 'sub',
  subCommands: readonly Type[],
): ClassDecorator {
  return (decorated) => {
    const target = decorated as unknown as Type<CommandRunner>;
    const names = subCommands.map((c) => SYNTAX.get(c)?.name);
    const expected = (syntax.subCommands ?? []).map((s) => s.name);
    if (names.join(' ') !== expected.join(' '))
      throw new Error(
        `touchbase ${syntax.name}: subcommand classes [${names}] differ from its syntax [${expected}]`,
      );
    const meta = {
      name: syntax.name,
      description: syntax.description,
      arguments: syntax.arguments,
      argsDescription: syntax.argsDescription,
      subCommands: subCommands.length ? [...subCommands] : undefined,
    };
    if (kind === 'command') Command(meta)(target);
    else SubCommand(meta)(target);
    (syntax.options ?? []).forEach((o, i) => {
      const parse = parserOf(o);
      // a function of its own per option: nest-commander keeps the metadata on the function
      const method = (value: string, previous: unknown) => parse(value, previous);
      const key = `option${i}:${o.flags}`;
      Object.defineProperty(target.prototype, key, { value: method, configurable: true, writable: true });
      Option({ flags: o.flags, description: o.description })(target.prototype, key, {
        value: method,
      });
    });
    SYNTAX.set(target, syntax);
  };
}

/** A top-level command (`touchbase run`) with the syntax in syntax/*.ts. */
export const CommandFrom = (syntax: CommandSyntax, subCommands: readonly Type[] = []): ClassDecorator =>
  decorate(syntax, 'command', subCommands);

/** A subcommand (`touchbase rules load`). */
export const SubCommandFrom = (syntax: CommandSyntax): ClassDecorator => decorate(syntax, 'sub', []);
