import { Module } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { Clock, LOCALES } from '@touchbase/core';
import {
  ChannelState,
  Dispatcher,
  MessagingModule,
  TemplatePreviewService,
  TemplateService,
} from '@touchbase/messaging';
import { RulesModule, TemplateReferences } from '@touchbase/rules';

import { oneOf, parseInstant, parseWholeNumber, printJson, UsageError } from '../kit/usage';

const CHANNELS = ['email', 'sms'] as const;

@Command({
  name: 'dispatch',
  description: 'send what is due in the outbox as of --at (the engine does this every DISPATCH_INTERVAL_MS)',
})
export class DispatchCommand extends CommandRunner {
  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(_args: string[], o: { at?: Date; json?: boolean }): Promise<void> {
    const s = await this.dispatcher.dispatchDue(o.at ?? this.clock.now());
    if (o.json) return printJson(s);
    console.log(
      `Sent ${s.sent}, retrying ${s.retried}, failed ${s.failed}, cancelled ${s.cancelled}, waiting for quiet hours ${s.deferred}` +
        (s.pausedChannels.length
          ? `; paused channels: ${s.pausedChannels.join(', ')} (touchbase channels resume <channel>)`
          : ''),
    );
  }

  @Option({ flags: '--at <iso>', description: 'the instant to dispatch as of (default: now)' })
  parseAt(v: string): Date {
    return parseInstant('--at', v);
  }

  @Option({ flags: '--json', description: 'print the counts as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({ name: 'list', description: 'list templates (key, channel, locale)' })
export class TemplatesListCommand extends CommandRunner {
  constructor(private readonly templates: TemplateService) {
    super();
  }
  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const all = await this.templates.list();
    if (o.json)
      return printJson(
        all.map((t) => ({ key: t.key, channel: t.channel, locale: t.locale, updatedAt: t.updatedAt })),
      );
    for (const t of all) console.log(`${t.key.padEnd(24)} ${t.channel.padEnd(6)} ${t.locale}`);
  }

  @Option({ flags: '--json', description: 'print the list as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'check',
  description:
    'validate every stored template and every rule’s template references; exits 1 naming each problem',
})
export class TemplatesCheckCommand extends CommandRunner {
  constructor(
    private readonly templates: TemplateService,
    private readonly references: TemplateReferences,
  ) {
    super();
  }
  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    const all = await this.templates.list();
    const templates = all.flatMap((t) =>
      this.templates
        .validate(t.key, t.channel, t.locale, t)
        .map((p) => ({ template: `${t.key}/${t.channel}/${t.locale}`, ...p })),
    );
    const rules = await this.references.checkAll();
    const bad = templates.length + rules.length;
    if (bad) process.exitCode = 1;
    if (o.json) return printJson({ ok: !bad, templates: all.length, problems: { templates, rules } });
    const report = bad ? (s: string) => process.stderr.write(`${s}\n`) : (s: string) => console.log(s);
    for (const p of templates) report(`template ${p.template} ${p.field}: ${p.problem}`);
    for (const p of rules)
      report(`rule #${p.ruleId} "${p.ruleName}"${p.enabled ? '' : ' (off)'} ${p.field}: ${p.problem}`);
    report(bad ? `${bad} problem(s)` : `${all.length} templates OK; every rule's templates exist`);
  }

  @Option({ flags: '--json', description: 'print the problems as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@SubCommand({
  name: 'preview',
  arguments: '<key> <channel>',
  description: 'render a template for a customer (or the sample customer)',
})
export class TemplatesPreviewCommand extends CommandRunner {
  constructor(private readonly previews: TemplatePreviewService) {
    super();
  }
  async run(
    [key, rawChannel]: string[],
    o: { customer?: number; locale?: string; json?: boolean },
  ): Promise<void> {
    const channel = oneOf('channel', rawChannel, CHANNELS);
    const m = await this.previews.preview(key, channel, { customerId: o.customer, locale: o.locale });
    if (o.json) return printJson(m);
    console.log(
      channel === 'email'
        ? `To: ${m.recipient}\nSubject: ${m.subject}\nLocale: ${m.locale}\n\n${m.text}`
        : `To: ${m.recipient}\nLocale: ${m.locale}\n\n${m.text}`,
    );
  }
  @Option({ flags: '--customer <id>', description: 'customer id' })
  parseCustomer(v: string): number {
    return parseWholeNumber('--customer', v, 1, Number.MAX_SAFE_INTEGER);
  }
  @Option({ flags: '--locale <locale>', description: 'en, de or pl (default: the customer’s)' })
  parseLocale(v: string): string {
    return oneOf('--locale', v, LOCALES);
  }
  @Option({ flags: '--json', description: 'print the rendered message as JSON' })
  parseJson(): boolean {
    return true;
  }
}

@Command({
  name: 'templates',
  description: 'message templates: list, check, preview',
  subCommands: [TemplatesListCommand, TemplatesCheckCommand, TemplatesPreviewCommand],
})
export class TemplatesCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: templates list | check | preview KEY email|sms');
  }
}

@SubCommand({
  name: 'resume',
  arguments: '<channel>',
  description: 'resume a channel paused by a configuration error',
})
export class ChannelsResumeCommand extends CommandRunner {
  constructor(private readonly channels: ChannelState) {
    super();
  }
  async run([channel]: string[]): Promise<void> {
    await this.channels.resume(oneOf('channel', channel, CHANNELS));
    console.log(`${channel} resumed`);
  }
}

@Command({
  name: 'channels',
  description: 'show whether email/SMS are paused; `channels resume <channel>`',
  subCommands: [ChannelsResumeCommand],
})
export class ChannelsCommand extends CommandRunner {
  constructor(private readonly channels: ChannelState) {
    super();
  }
  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    if (o.json) return printJson(await this.channels.all());
    for (const c of await this.channels.all())
      console.log(`${c.channel.padEnd(6)} ${c.paused ? `PAUSED since ${c.at}: ${c.reason}` : 'active'}`);
  }

  @Option({ flags: '--json', description: 'print the channels’ states as JSON' })
  parseJson(): boolean {
    return true;
  }
}

/** The CLI commands of the messaging area; MessagingModule also gives `touchbase run` its Dispatcher. */
@Module({
  imports: [MessagingModule, RulesModule],
  providers: [
    DispatchCommand,
    TemplatesCommand,
    TemplatesListCommand,
    TemplatesCheckCommand,
    TemplatesPreviewCommand,
    ChannelsCommand,
    ChannelsResumeCommand,
  ],
})
export class MessagingCommandsModule {}
