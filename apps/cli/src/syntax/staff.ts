import { USER_ROLES } from '../../../../libs/core/src/types';
import { parseInstant } from '../kit/usage';
import { at, CommandSyntax, json } from './types';

export const USER_ADD: CommandSyntax = {
  name: 'add',
  description: 'add a user; prints a generated password once when --password is not given',
  options: [
    { flags: '--email <email>', description: 'sign-in email (required)' },
    { flags: '--name <name>', description: 'display name (default: the part of the email before @)' },
    { flags: '--role <role>', description: `one of ${USER_ROLES.join(', ')} (required)` },
    { flags: '--password <password>', description: 'at least 10 characters (default: generate one)' },
    { flags: '--timezone <zone>', description: 'IANA zone for the digest time (default: the business’s)' },
    {
      flags: '--digest-time <HH:MM>',
      description: 'local time of the morning digest, or "none" (default 08:00)',
    },
  ],
};

export const USER_TOKEN: CommandSyntax = {
  name: 'token',
  description: 'make a new personal API token for a user and print it once',
  options: [
    { flags: '--email <email>', description: 'whose token (required)' },
    { flags: '--name <name>', description: 'a label for the token, e.g. "nightly import"' },
  ],
};

export const USER_RESET: CommandSyntax = {
  name: 'reset',
  description: 'send a user a single-use password-reset link by email (through the outbox)',
  options: [{ flags: '--email <email>', description: 'whose password (required)' }],
};

export const USER_LIST: CommandSyntax = {
  name: 'list',
  description: 'list users',
  options: [json('print the users as JSON')],
};

export const USER: CommandSyntax = {
  name: 'user',
  description: 'manage users: add, token, reset, list',
  subCommands: [USER_ADD, USER_TOKEN, USER_RESET, USER_LIST],
};

export const DIGEST: CommandSyntax = {
  name: 'digest',
  description:
    'queue the morning digests that are due as of --at (normally the engine does this every 5 minutes)',
  options: [
    at('the instant to run as of (default: now)', (v) => parseInstant('--at', v)),
    json('print who got a digest as JSON'),
  ],
};
