import * as path from 'node:path';
import { CommandRunner } from 'nest-commander';
import { CommandFrom, SubCommandFrom } from '../../kit/from-syntax';
import { PREVIEW, RULES, RULES_LIST, RULES_LOAD, RUN } from '../../syntax/rules';
import { Inject, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, ValidationFailed } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { PreviewService, RulesService, TickService } from '@touchbase/rules';
import { printJson, UsageError } from '../../kit/usage';
import { printPreview, printTick } from './print';
import { SettingsService } from '@touchbase/store';

/** A `--at` this little ahead of the clock (clock skew, a slow start) still counts as now. */
const FUTURE_SLACK_MS = 60_000;

@CommandFrom(RUN)
export class RunCommand extends CommandRunner {
  constructor(
    private readonly ticks: TickService,
    private readonly clock: Clock,
    @Optional() private readonly dispatcher?: Dispatcher,
  ) {
    super();
  }

  async run(_args: string[], opts: { at?: Date; dryRun?: boolean; json?: boolean }): Promise<void> {
    const real = this.clock.now();
    const now = opts.at ?? real;
    // Time travel is safe (docs/cli.md#run): the future is only ever planned in a sandbox.
    if (now.getTime() > real.getTime() + FUTURE_SLACK_MS && !opts.dryRun)
      throw new UsageError(
        `--at ${now.toISOString()} is in the future (it is ${real.toISOString()}); add --dry-run to see what that tick would do, or use \`touchbase preview\``,
      );
    const report = await this.ticks.tick(now, { dryRun: !!opts.dryRun });
    // Sends happen at the real time: quiet hours are judged then, and sent rows carry it.
    const sendNow = this.clock.now();
    const sent = opts.dryRun || !this.dispatcher ? null : await this.dispatcher.dispatchDue(sendNow);
    if (report.outcome === 'skipped') {
      // another tick held the lock: nothing was evaluated, so this run did not do its job
      process.stderr.write(`touchbase: tick skipped: ${report.skippedBecause}\n`);
      process.exitCode = 1;
    }
    if (opts.json) return printJson({ tick: report, dispatch: sent });
    printTick(report);
    if (opts.dryRun) {
      console.log('Dry run: nothing was written and nothing dispatched.');
      return;
    }
    if (!sent) {
      console.log('No dispatcher in this build: queued messages stay in the outbox.');
      return;
    }
    console.log(
      `Dispatch as of ${sendNow.toISOString()}: ${Object.entries(sent)
        .map(([k, v]) => `${Array.isArray(v) ? v.join(',') || 'none' : v} ${k}`)
        .join(', ')}`,
    );
  }
}

@CommandFrom(PREVIEW)
export class PreviewCommand extends CommandRunner {
  constructor(
    private readonly previews: PreviewService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {
    super();
  }

  async run(
    _args: string[],
    opts: { rule?: number; at?: Date; days?: number; json?: boolean },
  ): Promise<void> {
    const report = await this.previews.preview({
      ruleId: opts.rule,
      at: opts.at ?? this.clock.now(),
      days: opts.days ?? 7,
    });
    if (opts.json) return printJson(report);
    printPreview(report, this.ownerSettings.get().defaultLocale);
  }
}

@SubCommandFrom(RULES_LOAD)
export class RulesLoadCommand extends CommandRunner {
  constructor(private readonly rules: RulesService) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    const target = path.resolve(file ?? 'config/rules/example.yaml');
    try {
      const r = await this.rules.loadYamlFile(target);
      console.log(
        `Loaded ${target}: ${r.created.length} created${r.created.length ? ` (${r.created.join(', ')})` : ''}, ${r.updated.length} updated${r.updated.length ? ` (${r.updated.join(', ')})` : ''}.`,
      );
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      console.error(`No rules loaded; ${target} has ${e.fields.length} problem(s):`);
      for (const f of e.fields) console.error(`  ${f.field}: ${f.problem}`);
      process.exitCode = 1;
    }
  }
}

@SubCommandFrom(RULES_LIST)
export class RulesListCommand extends CommandRunner {
  constructor(private readonly rules: RulesService) {
    super();
  }

  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const rules = await this.rules.list();
    if (o.json) return printJson(rules);
    for (const r of rules)
      console.log(
        `#${r.id} ${r.enabled ? 'on ' : 'off'} p${r.priority} ${r.name} (${r.kind} → ${r.channel}:${r.templateKey}) ${JSON.stringify(r.params)}`,
      );
  }
}

@CommandFrom(RULES, [RulesLoadCommand, RulesListCommand])
export class RulesCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: rules load [FILE] | rules list');
  }
}
