import type { PreviewReport, TickReport, TouchLine } from '@touchbase/rules';

/** Plain-text output for `touchbase run` and `touchbase preview`. */
export function printLines(lines: TouchLine[], out: (s: string) => void = console.log): void {
  for (const l of lines) {
    const when = l.sendAt && l.sendAt !== l.dueAt ? ` (sends ${l.sendAt})` : '';
    const via = l.channel ? ` via ${l.channel}` : '';
    out(
      `  ${l.dueAt}  ${l.outcome.padEnd(17)} ${l.ruleName} → ${l.customerName} [#${l.customerId}] ${l.occasionKey}${via}${when}${l.reason ? ` — ${l.reason}` : ''}`,
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

export function printPreview(p: PreviewReport, out: (s: string) => void = console.log): void {
  out(
    `Preview ${p.at} → ${p.until} for ${p.rules.map((r) => `#${r.ruleId} ${r.ruleName}`).join(', ') || 'no enabled rules'}`,
  );
  const counts = Object.entries(p.counts)
    .map(([k, v]) => `${v} ${k}`)
    .join(', ');
  out(`${p.total} occasion(s)${counts ? `: ${counts}` : ''}`);
  const would = p.lines.filter((l) => ['touch', 'task', 'waits_quiet_hours'].includes(l.outcome));
  const wouldNot = p.lines.filter((l) => !would.includes(l));
  out('Would be touched:');
  printLines(would, out);
  out('Would NOT be touched:');
  printLines(wouldNot, out);
}
