import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { compactHeap } from './heap-compaction';

const oldSpace = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!;

describe('compactHeap', () => {
  it('gives back old-generation pages that a full collection alone would keep (every page half empty)', () => {
    // ~40 MB of small objects, moved to the old generation by a first collection
    let kept: Array<{ a: number; b: number; c: string } | null> = Array.from({ length: 400_000 }, (_, i) => ({
      a: i,
      b: i * 2,
      c: `item ${i}`,
    }));
    compactHeap();
    // drop every other object: each page keeps live objects, so only moving them frees pages
    for (let i = 0; i < kept.length; i += 2) kept[i] = null;
    const before = oldSpace().space_size;
    const c = compactHeap();
    const after = oldSpace().space_size;
    expect(kept.filter(Boolean)).toHaveLength(200_000);
    expect(before - after).toBeGreaterThan(8 * 2 ** 20);
    expect(c.after).toBeLessThan(c.before);
    expect(c.cpuMs).toBeGreaterThan(0);
    kept = [];
  });

  it('leaves the global gc as it found it (none, unless node was started with --expose-gc)', () => {
    const found = (globalThis as { gc?: unknown }).gc;
    compactHeap();
    expect((globalThis as { gc?: unknown }).gc).toBe(found);
    // and a context made afterwards gets no gc either: the flag is off again
    expect(vm.runInNewContext('typeof gc')).toBe('undefined');
  });
});
