/**
 * The only place that reads the system clock (docs/architecture.md#invariants). Everything else asks a Clock,
 * so tests and `touchbase run --at` can set the time.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** A clock that stands still until told to move. For tests and `run --at`. */
export class FixedClock extends Clock {
  private current: Date;

  constructor(at: Date | string) {
    super();
    this.current = new Date(at);
    if (Number.isNaN(this.current.getTime())) throw new Error(`FixedClock: invalid instant "${String(at)}"`);
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(at: Date | string): void {
    this.current = new Date(at);
  }

  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
