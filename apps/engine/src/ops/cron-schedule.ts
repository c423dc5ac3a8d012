import { Global, Injectable, Logger, Module } from '@nestjs/common';
import * as cron from 'node-cron';
import { Cadence, Clock, Schedule, ScheduledJob, ScheduledWork } from '@touchbase/core';

/**
 * The engine's Schedule adapter: node-cron for cron cadences, setInterval for fixed intervals.
 * Each beat runs the job with the Clock's `now`; a beat that finds the previous run still going
 * is skipped (node-cron's own noOverlap prints plain-text warnings that break JSON logs).
 */
@Injectable()
export class CronSchedule extends Schedule {
  private readonly log = new Logger('Schedule');
  /** node-cron's own messages (a beat missed while the process was busy, say) go to the engine's structured log, not console lines. */
  private readonly cronLog = {
    info: (message: string) => this.log.log(message),
    warn: (message: string) => this.log.warn(message),
    error: (message: string | Error, e?: Error) =>
      message instanceof Error
        ? this.log.error(message.message, message.stack)
        : this.log.error(message, e?.stack),
    debug: (message: string | Error) => this.log.debug(message instanceof Error ? message.message : message),
  };

  constructor(private readonly clock: Clock) {
    super();
  }

  every(name: string, cadence: Cadence, work: ScheduledWork): ScheduledJob {
    let running: Promise<void> | null = null;
    const beat = () => {
      if (running) return;
      running = work(this.clock.now()).then(
        () => undefined,
        (e: unknown) =>
          this.log.error(
            `${name} failed: ${e instanceof Error ? e.message : String(e)}`,
            (e as Error)?.stack,
          ),
      );
      void running.finally(() => (running = null));
    };
    let stopTimer: () => Promise<void>;
    if ('cron' in cadence) {
      if (!cron.validate(cadence.cron)) throw new Error(`${name}: not a cron expression ("${cadence.cron}")`);
      const task = cron.schedule(cadence.cron, beat, { name, logger: this.cronLog });
      stopTimer = async () => void (await task.destroy());
    } else {
      const timer = setInterval(beat, cadence.everyMs);
      timer.unref();
      stopTimer = async () => clearInterval(timer);
    }
    return {
      name,
      stop: async () => {
        await stopTimer();
        await running;
      },
    };
  }
}

/** Provides the Schedule port to the engine's timers (tests override it with a ManualSchedule). */
@Global()
@Module({
  providers: [CronSchedule, { provide: Schedule, useExisting: CronSchedule }],
  exports: [Schedule],
})
export class ScheduleModule {}
