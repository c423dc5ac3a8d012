import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { GdprService } from '@touchbase/ingest';
import { parseWholeNumber, UsageError } from '../../kit/usage';

function customerId(raw: string | undefined): number {
  return parseWholeNumber('id', raw ?? '', 1, Number.MAX_SAFE_INTEGER);
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

  async run([id]: string[]): Promise<void> {
    console.log(JSON.stringify(await this.gdpr.export(customerId(id)), null, 2));
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

  async run([id]: string[], flags: { yes?: boolean }): Promise<void> {
    const target = customerId(id);
    if (!flags.yes) throw new UsageError('erasing cannot be undone: add --yes to confirm');
    const r = await this.gdpr.erase(target);
    console.log(
      `Erased customer ${r.customerId} at ${r.erasedAt}; ${r.cancelledMessages} queued message(s) cancelled; ${r.suppressionHashes} suppression hash(es) kept.`,
    );
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
    throw new UsageError('expected a subcommand: customer export <id> | customer erase <id> --yes');
  }
}
