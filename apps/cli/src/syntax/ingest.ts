import { IMPORT_KINDS } from '../../../../libs/ingest/src/csv/columns';
import { parseInstant } from '../kit/usage';
import { at, CommandSyntax, json } from './types';

export const MIGRATE: CommandSyntax = {
  name: 'migrate',
  description: 'bring the database schema up to date',
};

export const IMPORT: CommandSyntax = {
  name: 'import',
  arguments: '<kind> <file>',
  description: 'import customers, orders or products from a CSV file (all-or-nothing unless --skip-bad-rows)',
  argsDescription: {
    kind: IMPORT_KINDS.join(' | '),
    file: 'a CSV file with a header row (UTF-8, UTF-16, Windows-1252/1250, ISO-8859-1/2; , ; or tab)',
  },
  options: [
    { flags: '--dry-run', description: 'report what would happen; write nothing' },
    { flags: '--skip-bad-rows', description: 'import the good rows even when some rows are bad' },
    json('print the report as JSON'),
    {
      flags: '--locale <language>',
      description:
        'the language the file writes dates, amounts and yes/no in: en, de or pl (default: DEFAULT_LOCALE)',
    },
    {
      flags: '--encoding <name>',
      description:
        'the file encoding when detection cannot tell: utf-8, utf-16le, windows-1252, windows-1250, …',
    },
    {
      flags: '--mapping <file.json>',
      description: 'column mapping as JSON: { "SMS erlaubt": "smsConsent", "Shoe size": null }',
    },
    {
      flags: '--map <column=field>',
      description: 'map one column ("SMS erlaubt=smsConsent"; "Column=" ignores it); repeatable',
      parse: (value: string, previous: string[] = []) => [...previous, value],
    },
    {
      flags: '--bad-rows <file>',
      description: 'write the bad rows (original columns + "problem") to this file, to fix and import again',
    },
  ],
};

export const DEMO: CommandSyntax = {
  name: 'demo',
  description: 'fill an empty store with a believable demo shop (~200 customers, a year of orders)',
};

export const CUSTOMER_EXPORT: CommandSyntax = {
  name: 'export',
  arguments: '<id>',
  description: 'GDPR: print everything held about a customer as JSON',
};

export const CUSTOMER_ERASE: CommandSyntax = {
  name: 'erase',
  arguments: '<id>',
  description: 'GDPR: erase a customer’s personal data (needs --yes); keeps a suppression hash',
  options: [{ flags: '--yes', description: 'confirm the erase' }],
};

export const CUSTOMER: CommandSyntax = {
  name: 'customer',
  description: 'GDPR export / erase of one customer',
  subCommands: [CUSTOMER_EXPORT, CUSTOMER_ERASE],
};

export const TIERS_RECOMPUTE: CommandSyntax = {
  name: 'recompute',
  description: 'recompute every customer’s computed service tier as of --at (the engine does it daily)',
  options: [
    at('the instant to compute as of (default: now)', (v) => parseInstant('--at', v)),
    json('print the result as JSON'),
  ],
};

export const TIERS_LIST: CommandSyntax = {
  name: 'list',
  description: 'list the service tiers, best first, with how many customers hold each',
  options: [json('print the tiers as JSON')],
};

export const TIERS: CommandSyntax = {
  name: 'tiers',
  description: 'service tiers: list, recompute',
  subCommands: [TIERS_LIST, TIERS_RECOMPUTE],
};

export const INBOUND_EMAIL: CommandSyntax = {
  name: 'inbound-email',
  description:
    'record a customer’s email read from stdin (a raw RFC 822 message, e.g. `touchbase inbound-email < reply.eml` or a mail server’s pipe) as the inbound email webhook does: timeline and reply task (docs/delivery.md#inbound-email)',
  options: [json('print the result as JSON')],
};
