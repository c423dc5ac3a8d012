import { parseDateOrInstant, parseWholeNumber } from '../kit/usage';
import { CommandSyntax, json } from './types';

export const REPORT: CommandSyntax = {
  name: 'report',
  description: 'what the touches did per rule and channel over a period, and their incremental effect',
  options: [
    {
      flags: '--from <iso>',
      description: 'touches due from this date/instant (default: 90 days before --to)',
      parse: (v) => parseDateOrInstant('--from', v),
    },
    {
      flags: '--to <iso>',
      description: 'touches due before this date/instant (default: now)',
      parse: (v) => parseDateOrInstant('--to', v),
    },
    {
      flags: '--window-days <n>',
      description: 'repeat-purchase window after each occasion (default 30)',
      parse: (v) => parseWholeNumber('--window-days', v, 1, 365),
    },
    { flags: '--csv', description: 'print CSV (formula cells escaped) instead of text' },
    json('print the JSON the API answers'),
  ],
};
