import type { Outcome } from './outbox-store';

/**
 * Records outcomes as they complete (see docs/delivery-guarantees.md#crashes): each sender
 * waits until its outcome is written before it starts the next send. Outcomes that complete
 * while the writes run are written together in the next one (group commit), so after a crash
 * at most the sends in flight are in doubt. Up to `parallel` write transactions run at once:
 * 1 on SQLite (one writer anyway), 2 on PostgreSQL, so the senders waiting for one write's
 * round trips are not also waiting for the write before it. Each message has one outcome per
 * claim, so the order between groups does not matter. A write starts after the event loop's I/O
 * phase (setImmediate, no timer), so the sends that complete in the same turn share it: on
 * SQLite a write runs synchronously, and starting it at once committed every outcome alone
 * (one COMMIT per message).
 */
export class OutcomeWriter {
  private pending: Array<{ outcome: Outcome; done: (e?: unknown) => void }> = [];
  private writes = 0;
  private scheduled = false;

  constructor(
    private readonly write: (outcomes: Outcome[]) => Promise<void>,
    private readonly parallel = 1,
  ) {}

  record(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ outcome, done: (e) => (e === undefined ? resolve() : reject(e)) });
      this.schedule();
    });
  }

  /** Starts a write after this turn's I/O callbacks, if one may start and something waits. */
  private schedule(): void {
    if (this.scheduled || this.writes >= this.parallel || !this.pending.length) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    if (this.writes >= this.parallel || !this.pending.length) return;
    const group = this.pending.splice(0);
    this.writes++;
    this.write(group.map((p) => p.outcome))
      .then(
        () => group.forEach((p) => p.done()),
        (e: unknown) => group.forEach((p) => p.done(e ?? new Error('outcome write failed'))),
      )
      .finally(() => {
        this.writes--;
        this.schedule();
      });
  }
}
