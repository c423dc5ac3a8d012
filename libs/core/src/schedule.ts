/**
 * Timers: cron only triggers a plain method taking `now` (see docs/architecture.md). The three
 * timers of the engine (the rule tick, the morning digests, the dispatch loop) all go through this
 * port; the engine's adapter uses node-cron and setInterval, tests drive a ManualSchedule.
 */
export type Cadence = { cron: string } | { everyMs: number };

/** A job's work: a plain method taking the instant of the beat. */
export type ScheduledWork = (now: Date) => Promise<unknown>;

export interface ScheduledJob {
  readonly name: string;
  /** No new beats; resolves once a run under way has finished. */
  stop(): Promise<void>;
}

export abstract class Schedule {
  /**
   * Runs `work(clock.now())` on every beat of `cadence`. A beat that finds the job's previous run
   * still going is skipped; a failed run is logged and the job keeps its cadence.
   */
  abstract every(name: string, cadence: Cadence, work: ScheduledWork): ScheduledJob;
}

/** A schedule that beats only when told: for tests (`fire('rules-tick', at)`). */
export class ManualSchedule extends Schedule {
  readonly jobs = new Map<string, { cadence: Cadence; work: ScheduledWork }>();

  every(name: string, cadence: Cadence, work: ScheduledWork): ScheduledJob {
    this.jobs.set(name, { cadence, work });
    return {
      name,
      stop: async () => {
        this.jobs.delete(name);
      },
    };
  }

  /** One beat of the named job at `now`; fails when no such job is scheduled. */
  async fire(name: string, now: Date): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`ManualSchedule: no job "${name}" is scheduled`);
    await job.work(now);
  }
}
