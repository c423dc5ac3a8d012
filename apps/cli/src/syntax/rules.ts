import { parseInstant, parseWholeNumber } from '../kit/usage';
import { MAX_PREVIEW_DAYS } from '../../../../libs/rules/src/preview-limits';
import { at, CommandSyntax, json } from './types';

const parseAt = (value: string): Date => parseInstant('--at', value);

export const RUN: CommandSyntax = {
  name: 'run',
  description: 'run one scheduler tick (evaluate every enabled rule) as of --at, then dispatch',
  options: [
    at('the instant to run as of (default: now); a future one only with --dry-run', parseAt),
    { flags: '--dry-run', description: 'evaluate and print what would happen; write nothing' },
    json('print the tick report and the dispatch counts as JSON'),
  ],
};

export const PREVIEW: CommandSyntax = {
  name: 'preview',
  description: 'who would be touched in the next N days and why — and who would not, and why not',
  options: [
    {
      flags: '--rule <id>',
      description: 'only this rule (default: all enabled rules)',
      parse: (v) => parseWholeNumber('--rule', v, 1, Number.MAX_SAFE_INTEGER),
    },
    at('preview from this instant (default: now)', parseAt),
    {
      flags: '--days <n>',
      description: 'how many days ahead (default 7)',
      parse: (v) => parseWholeNumber('--days', v, 1, MAX_PREVIEW_DAYS),
    },
    json('print the whole report (every line) as JSON'),
  ],
};

export const RULES_LOAD: CommandSyntax = {
  name: 'load',
  arguments: '[file]',
  description:
    'load rules from a YAML file (default config/rules/example.yaml); upsert by name, all or nothing',
};

export const RULES_LIST: CommandSyntax = {
  name: 'list',
  description: 'list the rules',
  options: [json('print the rules as JSON')],
};

export const RULES: CommandSyntax = {
  name: 'rules',
  description: 'manage rules: load, list',
  subCommands: [RULES_LOAD, RULES_LIST],
};
