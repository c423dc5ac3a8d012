import type { Outcome } from './outbox-store';

/**
 * Records outcomes as they complete (see docs/delivery-guarantees.md#crashes): each sender
 * waits until its outcome is written before it starts the next send. Outcomes that complete
 * while a write runs are written together in the next one (group commit), so there is one
 * write at a time and, after a crash, at most the sends in flight are in doubt. A write starts
 * after the event loop's I/O phase (setImmediate, no timer), so the sends that complete in the
 * same turn share it: on SQLite a write runs synchronously, and starting it at once committed
 * every outcome alone (one COMMIT per message).
 */
export class OutcomeWriter {
  private pending: Array<{ outcome: Outcome; done: (e?: unknown) => void }> = [];
  private writing: Promise<void> | null = null;

  constructor(private readonly write: (outcomes: Outcome[]) => Promise<void>) {}

  record(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ outcome, done: (e) => (e === undefined ? resolve() : reject(e)) });
      this.writing ??= afterIo()
        .then(() => this.drain())
        .finally(() => (this.writing = null));
    });
  }

  private async drain(): Promise<void> {
    while (this.pending.length) {
      const group = this.pending.splice(0);
      try {
        await this.write(group.map((p) => p.outcome));
        for (const p of group) p.done();
      } catch (e) {
        for (const p of group) p.done(e ?? new Error('outcome write failed'));
      }
    }
  }
}

/** Resolves after the I/O callbacks of the current event-loop turn have run. */
function afterIo(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
