import { CommandRunner } from 'nest-commander';
import { CommandFrom } from '../../kit/from-syntax';
import { REPORT } from '../../syntax/insights';
import { Report, ReportService } from '@touchbase/insights';
import { ValidationFailed } from '@touchbase/core';

/** Plain-text report: per rule and channel, then the incremental effect in a sentence. */
export function printReport(r: Report, out: (line: string) => void = console.log): void {
  out(
    `Touchbase report ${r.from} – ${r.to} (repeat purchases within ${r.windowDays} days; opt-outs within ${r.optOutDays} days)`,
  );
  if (!r.rules.length) out('No rules.');
  for (const rule of r.rules) {
    out('');
    out(
      `#${rule.ruleId} ${rule.ruleName} (${rule.ruleKind}${rule.holdoutPercent ? `, ${rule.holdoutPercent}% held out` : ''})`,
    );
    if (!rule.channels.length) out('  no touches in this period');
    for (const c of rule.channels) {
      const outcomes = Object.entries(c.outcomes)
        .map(([o, n]) => `${o} ${n}`)
        .join(', ');
      out(
        `  ${c.channel.padEnd(5)} touches ${c.touches}, held out ${c.heldOut}, skipped ${c.skipped}, delivered ${c.delivered}, failed ${c.failed}, ` +
          `tasks done ${c.tasksDone}/${c.tasksMade}${outcomes ? ` (${outcomes})` : ''}, opt-outs ${c.optOuts}, ` +
          `rating ${c.averageRating == null ? '–' : `${c.averageRating.toFixed(1)} (${c.ratings})`}` +
          (c.feedbackAverageRating == null
            ? ''
            : `, rated by customers ${c.feedbackAverageRating.toFixed(1)} (${c.feedbackRatings})`),
      );
    }
    if (rule.effect) {
      out(`  ${rule.effect.sentence}`);
      out(`  ${rule.effect.revenueSentence}`);
    }
  }
}

@CommandFrom(REPORT)
export class ReportCommand extends CommandRunner {
  constructor(private readonly reports: ReportService) {
    super();
  }

  async run(
    _args: string[],
    opts: { from?: Date; to?: Date; windowDays?: number; csv?: boolean; json?: boolean },
  ): Promise<void> {
    const options = { from: opts.from, to: opts.to, windowDays: opts.windowDays };
    try {
      if (opts.csv) process.stdout.write(await this.reports.reportCsv(options));
      else if (opts.json) console.log(JSON.stringify(await this.reports.report(options), null, 2));
      else printReport(await this.reports.report(options));
    } catch (e) {
      if (!(e instanceof ValidationFailed)) throw e;
      console.error(
        `touchbase: ${e.fields.map((f) => `--${f.field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${f.problem}`).join('; ')}`,
      );
      process.exitCode = 2;
    }
  }
}
