import { CommandSyntax, json } from './types';

export const CHECK_SPEND: CommandSyntax = {
  name: 'spend',
  description:
    'compare the 12-month spend rollup with the sum over the orders (exit 1 on a mismatch); --rebuild repairs it',
  options: [
    { flags: '--rebuild', description: 'rebuild the rollup from the orders, then check again' },
    json('print the check as JSON'),
  ],
};

export const CHECK: CommandSyntax = {
  name: 'check',
  description: 'consistency checks of derived data: spend',
  subCommands: [CHECK_SPEND],
};
