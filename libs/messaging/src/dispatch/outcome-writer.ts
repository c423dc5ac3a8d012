import type { Outcome } from './outbox-store';

export interface GroupCommit {
  /** Up to this many write transactions at once: 1 on SQLite (one writer anyway), 2 on PostgreSQL. */
  parallel: number;
  /** A write starts as soon as this many outcomes wait for it... */
  group: number;
  /** ...or once the first of them has waited this long. */
  waitMs: number;
}

/**
 * Records outcomes as they complete (see docs/delivery-guarantees.md#crashes): each sender
 * waits until its outcome is written before it starts the next send, so after a crash at most
 * the sends in flight (the dispatcher's concurrency) are in doubt, however the outcomes are
 * grouped. Outcomes are written together (group commit): a write starts once `group` outcomes
 * wait, or once the first of them has waited `waitMs`, whichever comes first, and after the
 * event loop's I/O phase (setImmediate), so the outcomes that complete in the same turn share it.
 * Up to `parallel` writes run at once, so the senders waiting for one write's round trips are
 * not also waiting for the write before it. Each message has one outcome per claim, so the order
 * between groups does not matter. A write transaction costs about the same for 3 outcomes as for
 * 25 (BEGIN, COMMIT, a statement per kind of row), so the group size is most of the outcome
 * writes' cost per message (docs/benchmarks.md#npm-run-benchdispatch).
 */
export class OutcomeWriter {
  private pending: Array<{ outcome: Outcome; done: (e?: unknown) => void }> = [];
  /** When the oldest pending outcome arrived (performance.now()). */
  private firstAt = 0;
  private writes = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;

  constructor(
    private readonly write: (outcomes: Outcome[]) => Promise<void>,
    private readonly commit: GroupCommit,
  ) {}

  record(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (!this.pending.length) this.firstAt = performance.now();
      this.pending.push({ outcome, done: (e) => (e === undefined ? resolve() : reject(e)) });
      this.schedule();
    });
  }

  /** Schedules the next write if one may start and something waits. */
  private schedule(): void {
    if (this.immediate || this.writes >= this.commit.parallel || !this.pending.length) return;
    const waited = performance.now() - this.firstAt;
    if (this.pending.length >= this.commit.group || waited >= this.commit.waitMs) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.immediate = setImmediate(() => this.start());
    } else this.timer ??= setTimeout(() => this.start(), this.commit.waitMs - waited);
  }

  private start(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.immediate = null;
    if (this.writes >= this.commit.parallel || !this.pending.length) return;
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
