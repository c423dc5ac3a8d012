import { Module } from '@nestjs/common';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { Clock } from '@touchbase/core';
import {
  ChannelState,
  Dispatcher,
  MessagingModule,
  TemplatePreviewService,
  TemplateService,
} from '@touchbase/messaging';

/** Prints a clear message and exits non-zero (nest-commander would otherwise exit 0). */
async function reporting(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    process.stderr.write(`touchbase: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

function parseInstant(flag: string, v: string): Date {
  const at = new Date(v);
  if (!/^\d{4}-\d\d-\d\dT/.test(v) || Number.isNaN(at.getTime()))
    throw new Error(`${flag}: expected an ISO instant such as 2026-06-15T09:00:00Z (got "${v}")`);
  return at;
}

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

  run(_args: string[], o: { at?: Date }): Promise<void> {
    return reporting(async () => {
      const s = await this.dispatcher.dispatchDue(o.at ?? this.clock.now());
      console.log(
        `Sent ${s.sent}, retrying ${s.retried}, failed ${s.failed}, cancelled ${s.cancelled}, waiting for quiet hours ${s.deferred}` +
          (s.pausedChannels.length
            ? `; paused channels: ${s.pausedChannels.join(', ')} (touchbase channels resume <channel>)`
            : ''),
      );
    });
  }

  @Option({ flags: '--at <iso>', description: 'the instant to dispatch as of (default: now)' })
  parseAt(v: string): Date {
    return parseInstant('--at', v);
  }
}

@SubCommand({ name: 'list', description: 'list templates (key, channel, locale)' })
export class TemplatesListCommand extends CommandRunner {
  constructor(private readonly templates: TemplateService) {
    super();
  }
  async run(): Promise<void> {
    for (const t of await this.templates.list())
      console.log(`${t.key.padEnd(24)} ${t.channel.padEnd(6)} ${t.locale}`);
  }
}

@SubCommand({ name: 'check', description: 'validate every stored template; exits 1 naming each problem' })
export class TemplatesCheckCommand extends CommandRunner {
  constructor(private readonly templates: TemplateService) {
    super();
  }
  async run(): Promise<void> {
    let bad = 0;
    const all = await this.templates.list();
    for (const t of all) {
      for (const p of this.templates.validate(t.key, t.channel, t.locale, t)) {
        bad++;
        console.log(`${t.key}/${t.channel}/${t.locale} ${p.field}: ${p.problem}`);
      }
    }
    console.log(bad ? `${bad} problem(s)` : `${all.length} templates OK`);
    if (bad) process.exitCode = 1;
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
  run([key, channel]: string[], o: { customer?: number; locale?: string }): Promise<void> {
    return reporting(async () => {
      if (channel !== 'email' && channel !== 'sms') throw new Error('channel: expected email or sms');
      const m = await this.previews.preview(key, channel, { customerId: o.customer, locale: o.locale });
      console.log(
        channel === 'email'
          ? `To: ${m.recipient}\nSubject: ${m.subject}\nLocale: ${m.locale}\n\n${m.text}`
          : `To: ${m.recipient}\nLocale: ${m.locale}\n\n${m.text}`,
      );
    });
  }
  @Option({ flags: '--customer <id>', description: 'customer id' })
  parseCustomer(v: string): number {
    if (!/^\d+$/.test(v)) throw new Error(`--customer: expected a customer id (got "${v}")`);
    return Number(v);
  }
  @Option({ flags: '--locale <locale>', description: 'en, de or pl (default: the customer’s)' })
  parseLocale(v: string): string {
    return v;
  }
}

@Command({
  name: 'templates',
  description: 'message templates: list, check, preview',
  subCommands: [TemplatesListCommand, TemplatesCheckCommand, TemplatesPreviewCommand],
})
export class TemplatesCommand extends CommandRunner {
  async run(): Promise<void> {
    this.command.help();
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
  run([channel]: string[]): Promise<void> {
    return reporting(async () => {
      if (channel !== 'email' && channel !== 'sms') throw new Error('channel: expected email or sms');
      await this.channels.resume(channel);
      console.log(`${channel} resumed`);
    });
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
  async run(): Promise<void> {
    for (const c of await this.channels.all())
      console.log(`${c.channel.padEnd(6)} ${c.paused ? `PAUSED since ${c.at}: ${c.reason}` : 'active'}`);
  }
}

/** The CLI commands of the messaging area; MessagingModule also gives `touchbase run` its Dispatcher. */
@Module({
  imports: [MessagingModule],
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
