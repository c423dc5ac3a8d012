import { CommandSyntax, json } from './types';

export const SETTINGS_SHOW: CommandSyntax = {
  name: 'show',
  description:
    'the effective settings and where each comes from: the database (set on the settings page or here) or the environment default',
  options: [json('print the settings as JSON')],
};

export const SETTINGS_SET: CommandSyntax = {
  name: 'set',
  description:
    'set settings, checked together exactly like the settings page (nothing is written when one is bad); recorded in the change history as "cli"',
  arguments: '<assignments...>',
  argsDescription: {
    assignments:
      'key=value pairs, e.g. businessName="Laden am Eck" quietHours.sms.sun=off (keys: touchbase settings show)',
  },
};

export const SETTINGS_RESET: CommandSyntax = {
  name: 'reset',
  description: 'forget the database value of settings, so they follow the environment default again',
  arguments: '<keys...>',
};

export const SETTINGS: CommandSyntax = {
  name: 'settings',
  description: 'the business settings the owner sets on the settings page: show, set, reset',
  subCommands: [SETTINGS_SHOW, SETTINGS_SET, SETTINGS_RESET],
};
