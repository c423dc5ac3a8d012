import { CommandRunner } from 'nest-commander';
import { CommandFrom } from '../../kit/from-syntax';
import { DEMO } from '../../syntax/ingest';
import { Clock } from '@touchbase/core';
import { DemoDataService } from '@touchbase/ingest';

/** `touchbase demo`: fill an EMPTY store with the demo shop (customers, orders, products, waitlists). */
@CommandFrom(DEMO)
export class DemoCommand extends CommandRunner {
  constructor(
    private readonly demo: DemoDataService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(): Promise<void> {
    const summary = await this.demo.seedIfEmpty(this.clock.now());
    if (!summary) {
      process.stderr.write(
        'touchbase demo: the store already has customers; demo data goes into an empty store only.\n',
      );
      process.exitCode = 1;
      return;
    }
    console.log(
      `Demo shop created: ${summary.customers} customers, ${summary.orders} orders, ${summary.products} products, ` +
        `${summary.waitlistEntries} waitlist entries; ${summary.birthdaysNextWeek} birthdays in the next 7 days.`,
    );
  }
}
