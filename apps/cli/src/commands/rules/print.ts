import { DateTime } from 'luxon';
import { reasonText, type PreviewReport, type TickReport, type TouchLine } from '@touchbase/rules';

/** An instant in the recipient's own time zone, with the zone: "2026-03-08 09:00 Europe/Berlin". */
export function localTime(iso: string, zone: string): string {
  return `${DateTime.fromISO(iso, { zone }).toFormat('yyyy-LL-dd HH:mm')} ${zone}`;
}

/** Plain-text output for `touchbase run` and `touchbase preview`; reasons in `locale` (en/de/pl). */
export function printLines(lines: TouchLine[], out: (s: string) => void = console.log, locale = 'en'): void {
  for (const l of lines) {
    const when = localTime(l.sendAt ?? l.dueAt, l.zone);
    const via = l.channel ? ` via ${l.channel}` : '';
    const why = reasonText(l.reasons ?? [], locale) || l.reason;
    out(
      `  ${when}  ${l.outcome.padEnd(15)} ${l.ruleName} → ${l.customerName} [#${l.customerId}] ${l.occasionKey}${via}${why ? ` — ${why}` : ''}`,
    );
  }
}

export function printTick(r: TickReport, out: (s: string) => void = console.log): void {
  if (r.outcome === 'skipped') {
    out(`Tick at ${r.at} skipped: ${r.skippedBecause}.`);
    return;
  }
  out(
    `${r.dryRun ? 'Dry run (nothing written): tick' : 'Tick'} at ${r.at}, evaluated from ${r.evaluatedFrom ?? 'the grace period before'} — ${r.durationMs} ms`,
  );
  for (const rule of r.rules) {
    const counts =
      Object.entries(rule.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ') || 'nothing due';
    out(`  rule #${rule.ruleId} ${rule.ruleName} (${rule.kind}): ${counts}`);
  }
  if (r.touches.length) {
    out(
      `${r.touchCount} touch(es)${r.touchCount > r.touches.length ? `, first ${r.touches.length} shown` : ''}:`,
    );
    printLines(r.touches, out);
  }
}

/** Every line of the preview (none cut), times in each recipient's zone. */
export function printPreview(p: PreviewReport, locale = 'en', out: (s: string) => void = console.log): void {
  out(
    `Preview ${p.at} → ${p.until}, one tick a day, for ${p.rules.map((r) => `#${r.ruleId} ${r.ruleName}`).join(', ') || 'no enabled rules'}`,
  );
  const counts = Object.entries(p.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  out(`${p.total} line(s)${counts ? `: ${counts}` : ''}`);
  const would = p.lines.filter((l) => ['queued', 'task'].includes(l.outcome));
  const wouldNot = p.lines.filter((l) => !would.includes(l));
  out(`Would be touched (${would.length}):`);
  printLines(would, out, locale);
  out(`Would NOT be touched (${wouldNot.length}):`);
  printLines(wouldNot, out, locale);
}
