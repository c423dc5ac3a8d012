import { Module } from '@nestjs/common';
import { CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Clock } from '@touchbase/core';
import { checkSpend, rebuildSpend, type SpendCheck } from '@touchbase/store';
import { CommandFrom, SubCommandFrom } from '../kit/from-syntax';
import { printJson, UsageError } from '../kit/usage';
import { CHECK, CHECK_SPEND } from '../syntax/store';

/** `touchbase check spend [--rebuild] [--json]` (docs/cli.md#check-spend). */
@SubCommandFrom(CHECK_SPEND)
export class CheckSpendCommand extends CommandRunner {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(_args: string[], o: { rebuild?: boolean; json?: boolean }): Promise<void> {
    const rebuilt = o.rebuild ? await rebuildSpend(this.ds, this.clock.now()) : null;
    const check = await checkSpend(this.ds);
    if (check.mismatches) process.exitCode = 1;
    if (o.json) return printJson({ rebuilt: !!rebuilt, ...check });
    if (rebuilt) console.log(`Rebuilt the spend rollup from the orders placed after ${iso(rebuilt.to)}.`);
    console.log(describe(check));
  }
}

function iso(ms: number): string {
  return ms ? new Date(ms).toISOString() : 'the first order';
}

function describe(c: SpendCheck): string {
  const head = `Spend rollup: ${c.rows} row(s), orders placed after ${iso(c.edge)}.`;
  if (!c.mismatches) return `${head} It equals the sum over the orders.`;
  const lines = c.examples.map(
    (e) =>
      `  customer ${e.customerId} ${e.currency}: rollup ${e.spendMinor} in ${e.orders} order(s), orders say ${e.expectedSpendMinor} in ${e.expectedOrders}`,
  );
  return [
    `${head} ${c.mismatches} row(s) differ from the orders:`,
    ...lines,
    'Repair: touchbase check spend --rebuild',
  ].join('\n');
}

@CommandFrom(CHECK, [CheckSpendCommand])
export class CheckCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: check spend');
  }
}

/** The CLI's consistency checks; they need the store only. */
@Module({ providers: [CheckCommand, CheckSpendCommand] })
export class CheckCommandsModule {}
