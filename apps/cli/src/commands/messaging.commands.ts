import { Module } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { CommandFrom, SubCommandFrom } from '../kit/from-syntax';
import {
  CHANNELS,
  CHANNELS_RESUME,
  DISPATCH,
  TEMPLATES,
  TEMPLATES_CHECK,
  TEMPLATES_LIST,
  TEMPLATES_PREVIEW,
} from '../syntax/messaging';
import { Clock } from '@touchbase/core';
import {
  ChannelState,
  Dispatcher,
  MessagingModule,
  TemplatePreviewService,
  TemplateService,
} from '@touchbase/messaging';
import { RulesModule, TemplateReferences } from '@touchbase/rules';

import { oneOf, printJson, UsageError } from '../kit/usage';

const CHANNEL_NAMES = ['email', 'sms'] as const;

@CommandFrom(DISPATCH)
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
}

@SubCommandFrom(TEMPLATES_LIST)
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
}

@SubCommandFrom(TEMPLATES_CHECK)
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
}

@SubCommandFrom(TEMPLATES_PREVIEW)
export class TemplatesPreviewCommand extends CommandRunner {
  constructor(private readonly previews: TemplatePreviewService) {
    super();
  }
  async run(
    [key, rawChannel]: string[],
    o: { customer?: number; locale?: string; json?: boolean },
  ): Promise<void> {
    const channel = oneOf('channel', rawChannel, CHANNEL_NAMES);
    const m = await this.previews.preview(key, channel, { customerId: o.customer, locale: o.locale });
    if (o.json) return printJson(m);
    console.log(
      channel === 'email'
        ? `To: ${m.recipient}\nSubject: ${m.subject}\nLocale: ${m.locale}\n\n${m.text}`
        : `To: ${m.recipient}\nLocale: ${m.locale}\n\n${m.text}`,
    );
  }
}

@CommandFrom(TEMPLATES, [TemplatesListCommand, TemplatesCheckCommand, TemplatesPreviewCommand])
export class TemplatesCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: templates list | check | preview KEY email|sms');
  }
}

@SubCommandFrom(CHANNELS_RESUME)
export class ChannelsResumeCommand extends CommandRunner {
  constructor(private readonly channels: ChannelState) {
    super();
  }
  async run([channel]: string[]): Promise<void> {
    await this.channels.resume(oneOf('channel', channel, CHANNEL_NAMES));
    console.log(`${channel} resumed`);
  }
}

@CommandFrom(CHANNELS, [ChannelsResumeCommand])
export class ChannelsCommand extends CommandRunner {
  constructor(private readonly channels: ChannelState) {
    super();
  }
  async run(_args: string[], o: { json?: boolean }): Promise<void> {
    if (o.json) return printJson(await this.channels.all());
    for (const c of await this.channels.all())
      console.log(`${c.channel.padEnd(6)} ${c.paused ? `PAUSED since ${c.at}: ${c.reason}` : 'active'}`);
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
