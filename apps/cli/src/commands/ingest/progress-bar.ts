import { performance } from 'node:perf_hooks';
import type { ImportJobStatus } from '@touchbase/ingest';

/**
 * A one-line progress bar on stderr — only when stderr is a terminal (a pipe or a log file gets
 * the final report alone). Redrawn at most every 200 ms.
 */
export function importProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  let drawn = false;
  const draw = (s: ImportJobStatus) => {
    if (!stream.isTTY) return;
    const now = performance.now(); // a redraw interval, not a point in time
    if (!s.done && now - last < 200) return;
    last = now;
    const share = s.totalBytes ? Math.min(1, s.bytesRead / s.totalBytes) : 0;
    const width = 28;
    const filled = Math.round(share * width);
    const eta = s.etaSeconds == null ? '' : `, ~${formatSeconds(s.etaSeconds)} left`;
    const text =
      `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(share * 100)}% ` +
      `${s.rows.toLocaleString('en')} rows, ${s.rate.toLocaleString('en')} rows/s${s.done ? '' : eta}`;
    stream.write(`\r${text.slice(0, (stream.columns ?? 100) - 1)}\x1b[K`);
    drawn = true;
    if (s.done) {
      stream.write('\n');
      drawn = false;
    }
  };
  return { draw, clear: () => drawn && stream.write('\r\x1b[K') };
}

function formatSeconds(s: number): string {
  if (s < 60) return `${Math.ceil(s)} s`;
  return `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s`;
}
