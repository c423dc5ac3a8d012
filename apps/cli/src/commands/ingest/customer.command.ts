import { CommandRunner } from 'nest-commander';
import { CommandFrom, SubCommandFrom } from '../../kit/from-syntax';
import { CUSTOMER, CUSTOMER_ERASE, CUSTOMER_EXPORT } from '../../syntax/ingest';
import { GdprService } from '@touchbase/ingest';
import { parseWholeNumber, UsageError } from '../../kit/usage';

function customerId(raw: string | undefined): number {
  return parseWholeNumber('id', raw ?? '', 1, Number.MAX_SAFE_INTEGER);
}

@SubCommandFrom(CUSTOMER_EXPORT)
export class CustomerExportCommand extends CommandRunner {
  constructor(private readonly gdpr: GdprService) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    console.log(JSON.stringify(await this.gdpr.export(customerId(id)), null, 2));
  }
}

@SubCommandFrom(CUSTOMER_ERASE)
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
}

@CommandFrom(CUSTOMER, [CustomerExportCommand, CustomerEraseCommand])
export class CustomerCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: customer export <id> | customer erase <id> --yes');
  }
}
