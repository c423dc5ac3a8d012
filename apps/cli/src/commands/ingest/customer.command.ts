import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { GdprService } from '@touchbase/ingest';
import { NotFound } from '@touchbase/core';

function customerId(raw: string | undefined): number {
  const id = Number(raw);
  if (!raw || !Number.isInteger(id) || id < 1) throw new Error(`expected a customer id, got "${raw ?? ''}"`);
  return id;
}

async function reporting(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (e) {
    process.stderr.write(`touchbase customer: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = e instanceof NotFound ? 3 : 1;
  }
}

@SubCommand({
  name: 'export',
  arguments: '<id>',
  description: 'GDPR: print everything held about a customer as JSON',
})
export class CustomerExportCommand extends CommandRunner {
  constructor(private readonly gdpr: GdprService) {
    super();
  }

  run([id]: string[]): Promise<void> {
    return reporting(async () =>
      console.log(JSON.stringify(await this.gdpr.export(customerId(id)), null, 2)),
    );
  }
}

@SubCommand({
  name: 'erase',
  arguments: '<id>',
  description: 'GDPR: erase a customer’s personal data (needs --yes); keeps a suppression hash',
})
export class CustomerEraseCommand extends CommandRunner {
  constructor(private readonly gdpr: GdprService) {
    super();
  }

  run([id]: string[], flags: { yes?: boolean }): Promise<void> {
    return reporting(async () => {
      if (!flags.yes) throw new Error('erasing cannot be undone: add --yes to confirm');
      const r = await this.gdpr.erase(customerId(id));
      console.log(
        `Erased customer ${r.customerId} at ${r.erasedAt}; ${r.cancelledMessages} queued message(s) cancelled; ${r.suppressionHashes} suppression hash(es) kept.`,
      );
    });
  }

  @Option({ flags: '--yes', description: 'confirm the erase' })
  parseYes(): boolean {
    return true;
  }
}

@Command({
  name: 'customer',
  description: 'GDPR export / erase of one customer',
  subCommands: [CustomerExportCommand, CustomerEraseCommand],
})
export class CustomerCommand extends CommandRunner {
  async run(): Promise<void> {
    process.stderr.write('usage: touchbase customer export <id> | touchbase customer erase <id> --yes\n');
    process.exitCode = 2;
  }
}
