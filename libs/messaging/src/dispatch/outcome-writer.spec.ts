import type { OutboxMessage } from '@touchbase/store';
import type { Outcome } from './outbox-store';
import { OutcomeWriter } from './outcome-writer';

const outcome = (id: number): Outcome => ({
  kind: 'sent',
  msg: { id } as OutboxMessage,
  providerId: `SM${id}`,
});

/** A write that records its group and finishes when `finish()` is called. */
function writes() {
  const groups: number[][] = [];
  const open: Array<(e?: unknown) => void> = [];
  let running = 0;
  let most = 0;
  const write = (outcomes: Outcome[]) => {
    groups.push(outcomes.map((o) => o.msg.id));
    most = Math.max(most, ++running);
    return new Promise<void>((resolve, reject) =>
      open.push((e) => {
        running--;
        if (e) reject(e);
        else resolve();
      }),
    );
  };
  return { write, groups, open, most: () => most };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('OutcomeWriter (group commit)', () => {
  it('starts a write as soon as `group` outcomes wait, without waiting out the delay', async () => {
    const w = writes();
    const writer = new OutcomeWriter(w.write, { parallel: 1, group: 3, waitMs: 60_000 });
    const done = [1, 2, 3].map((id) => writer.record(outcome(id)));
    await tick();
    expect(w.groups).toEqual([[1, 2, 3]]);
    w.open.shift()!();
    await Promise.all(done);
  });

  it('writes fewer than `group` outcomes once the first has waited `waitMs`', async () => {
    const w = writes();
    const writer = new OutcomeWriter(w.write, { parallel: 1, group: 10, waitMs: 20 });
    const started = performance.now();
    const done = writer.record(outcome(1));
    await tick();
    expect(w.groups).toEqual([]);
    while (!w.groups.length) await new Promise((r) => setTimeout(r, 5));
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(w.groups).toEqual([[1]]);
    w.open.shift()!();
    await done;
  });

  it('runs at most `parallel` writes at once; what arrives meanwhile goes into the next', async () => {
    const w = writes();
    const writer = new OutcomeWriter(w.write, { parallel: 2, group: 1, waitMs: 0 });
    const done = [writer.record(outcome(1))];
    await tick();
    done.push(writer.record(outcome(2)));
    await tick();
    done.push(writer.record(outcome(3)), writer.record(outcome(4)));
    await tick();
    expect(w.groups).toEqual([[1], [2]]);
    w.open.shift()!();
    await done[0];
    await tick(); // the finished write's clean-up schedules the next after this turn
    await tick();
    expect(w.groups).toEqual([[1], [2], [3, 4]]);
    w.open.splice(0).forEach((finish) => finish());
    await Promise.all(done);
    expect(w.most()).toBe(2);
  });

  it('fails every outcome of a failed write, and writes the next group', async () => {
    const w = writes();
    const writer = new OutcomeWriter(w.write, { parallel: 1, group: 2, waitMs: 60_000 });
    const first = [writer.record(outcome(1)), writer.record(outcome(2))];
    await tick();
    w.open.shift()!(new Error('disk full'));
    for (const p of first) await expect(p).rejects.toThrow('disk full');
    const next = [writer.record(outcome(3)), writer.record(outcome(4))];
    await tick();
    expect(w.groups).toEqual([
      [1, 2],
      [3, 4],
    ]);
    w.open.shift()!();
    await Promise.all(next);
  });
});
