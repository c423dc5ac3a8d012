import { Module } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { ValidationFailed } from '@touchbase/core';
import { SETTING_KEYS } from '@touchbase/config';
import { SettingsActor, SettingsService, SettingsView } from '@touchbase/store';
import { CommandFrom, SubCommandFrom } from '../kit/from-syntax';
import { printJson, UsageError } from '../kit/usage';
import { SETTINGS, SETTINGS_RESET, SETTINGS_SET, SETTINGS_SHOW } from '../syntax/settings';

/** Who the change history names for a change made here (docs/configuration.md#settings-page). */
const CLI_ACTOR: SettingsActor = { userId: null, name: 'cli' };

/** A value as one line: an uploaded logo by its size, line breaks as \n. */
function shown(value: string): string {
  if (value === '') return '""';
  if (value.startsWith('data:')) return `(uploaded image, ${value.length} characters)`;
  return value.replace(/\n/g, '\\n');
}

/** Every setting with its effective value and its source. */
export function settingsRows(view: SettingsView) {
  return SETTING_KEYS.map((key) => ({
    key,
    value: view.values[key],
    source: view.overridden.includes(key) ? ('database' as const) : ('environment' as const),
    env: view.env[key],
    default: view.defaults[key],
  }));
}

function printView(view: SettingsView): void {
  const width = Math.max(...SETTING_KEYS.map((k) => k.length));
  for (const r of settingsRows(view))
    console.log(
      `${r.key.padEnd(width)}  ${r.source === 'database' ? 'database   ' : 'environment'}  ${shown(r.value)}` +
        (r.source === 'database' ? `   (default from ${r.env}: ${shown(r.default)})` : `   (${r.env})`),
    );
}

/** A ValidationFailed as one line per field, as the settings page names them. */
function refused(e: unknown): never {
  if (e instanceof ValidationFailed)
    throw new UsageError(
      `settings not changed:\n${e.fields.map((f) => `  ${f.field}: ${f.problem}`).join('\n')}`,
    );
  throw e;
}

@SubCommandFrom(SETTINGS_SHOW)
export class SettingsShowCommand extends CommandRunner {
  constructor(private readonly settings: SettingsService) {
    super();
  }

  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const view = await this.settings.view();
    if (o.json) return printJson(settingsRows(view));
    printView(view);
  }
}

@SubCommandFrom(SETTINGS_SET)
export class SettingsSetCommand extends CommandRunner {
  constructor(private readonly settings: SettingsService) {
    super();
  }

  async run(args: string[]): Promise<void> {
    const changes: Record<string, string> = {};
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new UsageError(`expected key=value (got "${a}")`);
      const key = a.slice(0, eq);
      if (key in changes) throw new UsageError(`${key} is given twice`);
      changes[key] = a.slice(eq + 1);
    }
    const view = await this.settings.update(changes, CLI_ACTOR).catch(refused);
    for (const key of Object.keys(changes))
      console.log(`${key} = ${shown(view.values[key as keyof SettingsView['values']])}`);
  }
}

@SubCommandFrom(SETTINGS_RESET)
export class SettingsResetCommand extends CommandRunner {
  constructor(private readonly settings: SettingsService) {
    super();
  }

  async run(keys: string[]): Promise<void> {
    const view = await this.settings
      .update(Object.fromEntries(keys.map((k) => [k, null])), CLI_ACTOR)
      .catch(refused);
    for (const key of keys)
      console.log(
        `${key} = ${shown(view.values[key as keyof SettingsView['values']])} (environment default)`,
      );
  }
}

@CommandFrom(SETTINGS, [SettingsShowCommand, SettingsSetCommand, SettingsResetCommand])
export class SettingsCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: settings show | set | reset');
  }
}

/** The CLI commands of the settings area; SettingsService comes with the platform module. */
@Module({
  providers: [SettingsCommand, SettingsShowCommand, SettingsSetCommand, SettingsResetCommand],
})
export class SettingsCommandsModule {}
