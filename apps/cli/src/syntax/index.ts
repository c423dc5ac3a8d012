import type { Type } from '@nestjs/common';
import { CommandSyntax } from './types';
import { CUSTOMER, DEMO, IMPORT, INBOUND_EMAIL, MIGRATE, TIERS } from './ingest';
import { PREVIEW, RULES, RUN } from './rules';
import { CHANNELS, DISPATCH, TEMPLATES } from './messaging';
import { DIGEST, USER } from './staff';
import { REPORT } from './insights';
import { SETTINGS } from './settings';
import { CHECK } from './store';

/**
 * The CLI's areas in the order `touchbase --help` lists them: each area's top-level commands and
 * the Nest module that runs them, loaded only when one of its commands runs (docs/cli.md#start-up).
 */
export interface CliArea {
  commands: readonly CommandSyntax[];
  /** The Nest modules to boot: this area's commands and every area its services need. */
  load(): Promise<Type<unknown>[]>;
}

const ingest = async () => (await import('../commands/ingest.commands')).IngestCommandsModule;
const rules = async () => (await import('../commands/rules.commands')).RulesCommandsModule;
const messaging = async () => (await import('../commands/messaging.commands')).MessagingCommandsModule;
const staff = async () => (await import('../commands/staff.commands')).StaffCommandsModule;
const insights = async () => (await import('../commands/insights.commands')).InsightsCommandsModule;
/**
 * The rule engine needs the messaging and staff ports, and the insights area registers its rule
 * kind with it: a process that ticks, previews or checks rules loads all four (as the engine does).
 */
const ruleEngine = () => Promise.all([rules(), messaging(), staff(), insights()]);

export const CLI_AREAS: readonly CliArea[] = [
  {
    commands: [MIGRATE],
    load: async () => [(await import('../commands/migrate.command')).MigrateCommandsModule],
  },
  {
    commands: [IMPORT, DEMO, CUSTOMER, TIERS],
    // the ingest services include the inbound email one, which records replies (messaging) as
    // tasks for staff: booting ingest alone fails on its missing CustomerReplies
    load: async () => [await ingest(), await messaging(), await staff()],
  },
  {
    commands: [RUN, PREVIEW, RULES],
    load: ruleEngine,
  },
  {
    commands: [DISPATCH, TEMPLATES, CHANNELS],
    load: ruleEngine,
  },
  {
    commands: [USER, DIGEST],
    load: async () => [await staff()],
  },
  {
    commands: [SETTINGS],
    load: async () => [(await import('../commands/settings.commands')).SettingsCommandsModule],
  },
  {
    commands: [REPORT],
    load: ruleEngine,
  },
  {
    // a reply task needs the task templates (messaging) and the assigner (staff)
    commands: [INBOUND_EMAIL],
    load: async () => [await ingest(), ...(await ruleEngine())],
  },
  {
    commands: [CHECK],
    load: async () => [(await import('../commands/check.commands')).CheckCommandsModule],
  },
];
