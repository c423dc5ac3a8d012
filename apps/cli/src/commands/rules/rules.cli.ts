import * as path from 'node:path';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { Inject, Optional } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, ValidationFailed } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';
import { MAX_PREVIEW_DAYS, PreviewService, RulesService, TickService } from '@touchbase/rules';
import { parseInstant, parseWholeNumber, printJson, UsageError } from '../../kit/usage';
import { printPreview, printTick } from './print';

const parseAt = (value: string): Date => parseInstant('--at', value);

/** A `--at` this little ahead of the clock (clock skew, a slow start) still counts as now. */
const FUTURE_SLACK_MS = 60_000;

function parsePositive(name: string, max: number) {
  return (value: string): number => parseWholeNumber(name, value, 1, max);
}

@Command({
  name: 'run',
  description: 'run one scheduler tick (evaluate every enabled rule) as of --at, then dispatch',
})
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

  @Option({
    flags: '--at <iso>',
    description: 'the instant to run as of (default: now); a future one only with --dry-run',
  })
  parseAt(value: string): Date {
    return parseAt(value);
  }

  @Option({ flags: '--dry-run', description: 'evaluate and print what would happen; write nothing' })
  parseDryRun(): boolean {
    return true;
  }

  @Option({ flags: '--json', description: 'print the tick report and the dispatch counts as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'preview',
  description: 'who would be touched in the next N days and why — and who would not, and why not',
})
export class PreviewCommand extends CommandRunner {
  constructor(
    private readonly previews: PreviewService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
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
    printPreview(report, this.config.business.defaultLocale);
  }

  @Option({ flags: '--rule <id>', description: 'only this rule (default: all enabled rules)' })
  parseRule(value: string): number {
    return parsePositive('--rule', Number.MAX_SAFE_INTEGER)(value);
  }

  @Option({ flags: '--at <iso>', description: 'preview from this instant (default: now)' })
  parseAt(value: string): Date {
    return parseAt(value);
  }

  @Option({ flags: '--days <n>', description: 'how many days ahead (default 7)' })
  parseDays(value: string): number {
    return parsePositive('--days', MAX_PREVIEW_DAYS)(value);
  }

  @Option({ flags: '--json', description: 'print the whole report (every line) as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'load',
  arguments: '[file]',
  description:
    'load rules from a YAML file (default config/rules/example.yaml); upsert by name, all or nothing',
})
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

@SubCommand({ name: 'list', description: 'list the rules' })
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

  @Option({ flags: '--json', description: 'print the rules as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'rules',
  description: 'manage rules: load, list',
  subCommands: [RulesLoadCommand, RulesListCommand],
})
export class RulesCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: rules load [FILE] | rules list');
  }
}
