import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** How long after start-up the engine compacts its heap (the first tick has begun by then). */
export const COMPACT_AFTER_START_MS = 2_000;

export interface Compaction {
  /** V8's committed heap before and after, bytes. */
  before: number;
  after: number;
  /** CPU time the collection took (user + system), ms. */
  cpuMs: number;
}

/**
 * One full garbage collection that also compacts V8's old generation, once the engine has
 * started (docs/operations.md#memory). Start-up loads about 2,000 modules and leaves 8–10 MB of
 * the old generation's pages as free space between live objects; V8 keeps those pages, and its
 * memory reducer never runs for them (no collection after start-up frees enough to start it).
 * Compacting moves the live objects together and gives the emptied pages back: about 7 MB of
 * the idle engine's resident memory (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory).
 *
 * Node has no API for it: the gc extension is enabled for one new context (the main context
 * does not get a global `gc`), and V8's compact-on-every-full-gc is switched on for this one
 * collection only, so later collections keep V8's own heuristics.
 */
export function compactHeap(): Compaction {
  const before = v8.getHeapStatistics().total_heap_size;
  const cpu = process.cpuUsage();
  v8.setFlagsFromString('--expose-gc');
  let gc: () => void;
  try {
    gc = vm.runInNewContext('gc') as () => void;
  } finally {
    v8.setFlagsFromString('--no-expose-gc');
  }
  v8.setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    v8.setFlagsFromString('--no-compact-on-every-full-gc');
  }
  const used = process.cpuUsage(cpu);
  return {
    before,
    after: v8.getHeapStatistics().total_heap_size,
    cpuMs: (used.user + used.system) / 1000,
  };
}

/** Compacts the heap once, COMPACT_AFTER_START_MS after start-up; the timer does not keep the process alive. */
export function compactHeapAfterStart(log: (message: string) => void): void {
  setTimeout(() => {
    const c = compactHeap();
    const mb = (n: number) => (n / 2 ** 20).toFixed(1);
    log(
      `heap compacted after start-up: ${mb(c.before)} → ${mb(c.after)} MB committed in ${c.cpuMs.toFixed(0)} ms CPU`,
    );
  }, COMPACT_AFTER_START_MS).unref();
}
