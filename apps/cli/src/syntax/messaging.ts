import { LOCALES } from '../../../../libs/core/src/types';
import { oneOf, parseInstant, parseWholeNumber } from '../kit/usage';
import { at, CommandSyntax, json } from './types';

export const DISPATCH: CommandSyntax = {
  name: 'dispatch',
  description: 'send what is due in the outbox as of --at (the engine does this every DISPATCH_INTERVAL_MS)',
  options: [
    at('the instant to dispatch as of (default: now)', (v) => parseInstant('--at', v)),
    json('print the counts as JSON'),
  ],
};

export const TEMPLATES_LIST: CommandSyntax = {
  name: 'list',
  description: 'list templates (key, channel, locale)',
  options: [json('print the list as JSON')],
};

export const TEMPLATES_CHECK: CommandSyntax = {
  name: 'check',
  description:
    'validate every stored template and every rule’s template references; exits 1 naming each problem',
  options: [json('print the problems as JSON')],
};

export const TEMPLATES_PREVIEW: CommandSyntax = {
  name: 'preview',
  arguments: '<key> <channel>',
  description: 'render a template for a customer (or the sample customer)',
  options: [
    {
      flags: '--customer <id>',
      description: 'customer id',
      parse: (v) => parseWholeNumber('--customer', v, 1, Number.MAX_SAFE_INTEGER),
    },
    {
      flags: '--locale <locale>',
      description: 'en, de or pl (default: the customer’s)',
      parse: (v) => oneOf('--locale', v, LOCALES),
    },
    json('print the rendered message as JSON'),
  ],
};

export const TEMPLATES: CommandSyntax = {
  name: 'templates',
  description: 'message templates: list, check, preview',
  subCommands: [TEMPLATES_LIST, TEMPLATES_CHECK, TEMPLATES_PREVIEW],
};

export const CHANNELS_RESUME: CommandSyntax = {
  name: 'resume',
  arguments: '<channel>',
  description: 'resume a channel paused by a configuration error',
};

export const CHANNELS: CommandSyntax = {
  name: 'channels',
  description: 'show whether email/SMS are paused; `channels resume <channel>`',
  options: [json('print the channels’ states as JSON')],
  subCommands: [CHANNELS_RESUME],
};
