import { CommandNode, exitForCommanderError, overrideExits, reportFailure } from './exit-codes';
import { NotFound, ValidationFailed } from '@touchbase/core';
import { oneOf, parseDateOrInstant, parseInstant, parseWholeNumber, required, UsageError } from './usage';

describe('CLI usage errors and exit codes', () => {
  it('refuses bad dates, numbers and words as usage errors naming the flag and the value', () => {
    expect(parseInstant('--at', '2026-06-15T09:00:00Z').toISOString()).toBe('2026-06-15T09:00:00.000Z');
    for (const bad of ['tomorrow', '2026-06-15', '2026-13-01T00:00:00Z', ''])
      expect(() => parseInstant('--at', bad)).toThrow(UsageError);
    expect(() => parseInstant('--at', 'tomorrow')).toThrow('--at: expected an ISO instant such as');
    expect(parseDateOrInstant('--from', '2026-06-01').toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(() => parseDateOrInstant('--from', 'June')).toThrow('--from: expected an ISO date');
    expect(parseWholeNumber('--days', '7', 1, 60)).toBe(7);
    for (const bad of ['abc', '1.5', '1e3', '-1', '0', '61', ''])
      expect(() => parseWholeNumber('--days', bad, 1, 60)).toThrow(
        `--days: expected a whole number 1–60 (got "${bad}")`,
      );
    expect(() => required('--email', undefined)).toThrow('--email is required');
    expect(oneOf('channel', 'sms', ['email', 'sms'] as const)).toBe('sms');
    expect(() => oneOf('channel', 'fax', ['email', 'sms'] as const)).toThrow(
      'channel: expected email or sms (got "fax")',
    );
  });

  it('is recognised by commander as an invalid argument (so an option parser’s throw exits 2)', () => {
    const e = new UsageError('x');
    expect(e.code).toBe('commander.invalidArgument');
    expect(e.exitCode).toBe(2);
  });

  it('maps errors to exit codes: usage 2, any other failure 1, --help 0; the message on stderr', () => {
    const written: string[] = [];
    const write = (s: string) => written.push(s);
    expect(reportFailure(new UsageError('--days: bad'), write)).toBe(2);
    expect(reportFailure(new NotFound('No rule with id 9'), write)).toBe(1);
    expect(reportFailure(new ValidationFailed([{ field: 'file', problem: 'not valid YAML' }]), write)).toBe(
      1,
    );
    expect(reportFailure(new Error('connection refused'), write)).toBe(1);
    expect(written).toEqual([
      'touchbase: --days: bad\n',
      'touchbase: No rule with id 9\n',
      'touchbase: file: not valid YAML\n',
      'touchbase: connection refused\n',
    ]);
    expect(exitForCommanderError({ code: 'commander.unknownOption', exitCode: 1 })).toBe(2);
    expect(exitForCommanderError({ code: 'commander.missingArgument', exitCode: 1 })).toBe(2);
    expect(exitForCommanderError({ code: 'commander.helpDisplayed', exitCode: 0 })).toBe(0);
  });

  it('sets the exit override on every command, subcommands included', () => {
    const seen: string[] = [];
    const node = (name: string, commands: CommandNode[] = []): CommandNode => ({
      commands,
      exitOverride: () => seen.push(name),
    });
    overrideExits(node('touchbase', [node('rules', [node('load'), node('list')]), node('run')]), () => {
      throw new Error('not called');
    });
    expect(seen.sort()).toEqual(['list', 'load', 'rules', 'run', 'touchbase']);
  });
});
