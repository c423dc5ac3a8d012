import { CommandRunner } from 'nest-commander';
import { Clock } from '@touchbase/core';
import { TierService } from '@touchbase/ingest';
import { CommandFrom, SubCommandFrom } from '../../kit/from-syntax';
import { UsageError } from '../../kit/usage';
import { TIERS, TIERS_LIST, TIERS_RECOMPUTE } from '../../syntax/ingest';

/** `touchbase tiers list`: the tiers, best first, with their rule and customer count. */
@SubCommandFrom(TIERS_LIST)
export class TiersListCommand extends CommandRunner {
  constructor(private readonly tiers: TierService) {
    super();
  }

  async run(_: string[], flags: { json?: boolean }): Promise<void> {
    const list = await this.tiers.list();
    if (flags.json) return void console.log(JSON.stringify(list, null, 2));
    if (!list.length) return void console.log('No tiers defined.');
    for (const t of list) {
      const rule =
        t.basis === 'manual'
          ? 'by hand'
          : [
              t.minSpendMinor !== null ? `spend ≥ ${t.minSpendMinor} (minor units)` : null,
              t.minOrders !== null ? `orders ≥ ${t.minOrders}` : null,
            ]
              .filter(Boolean)
              .join(t.match === 'all' ? ' and ' : ' or ') + ` in ${t.windowDays} days`;
      console.log(`${t.rank}. ${t.name} — ${rule} — ${t.customers} customer(s)`);
    }
  }
}

/** `touchbase tiers recompute [--at]`: the engine's daily step, on demand. */
@SubCommandFrom(TIERS_RECOMPUTE)
export class TiersRecomputeCommand extends CommandRunner {
  constructor(
    private readonly tiers: TierService,
    private readonly clock: Clock,
  ) {
    super();
  }

  async run(_: string[], flags: { at?: Date; json?: boolean }): Promise<void> {
    const r = await this.tiers.recompute(flags.at ?? this.clock.now());
    if (flags.json) console.log(JSON.stringify(r));
    else console.log(`Tiers recomputed as of ${r.at}: ${r.changed} customer(s) changed tier.`);
  }
}

@CommandFrom(TIERS, [TiersListCommand, TiersRecomputeCommand])
export class TiersCommand extends CommandRunner {
  async run(): Promise<void> {
    throw new UsageError('expected a subcommand: tiers list | tiers recompute [--at <iso>]');
  }
}
