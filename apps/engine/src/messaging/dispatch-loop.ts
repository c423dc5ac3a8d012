import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Schedule, ScheduledJob } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';

/**
 * The dispatcher's timer, only when ENGINE_ROLES includes `dispatcher`. It only calls
 * dispatchDue(now); a beat that finds the previous run still going is skipped by the Schedule.
 */
@Injectable()
export class DispatchLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly JOB = 'dispatch';
  private job: ScheduledJob | null = null;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly schedule: Schedule,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('dispatcher')) return;
    this.job = this.schedule.every(DispatchLoop.JOB, { everyMs: this.config.dispatch.intervalMs }, (now) =>
      this.tick(now),
    );
  }

  async tick(now: Date): Promise<void> {
    await this.dispatcher.dispatchDue(now);
  }

  async beforeApplicationShutdown(): Promise<void> {
    // No new beats; the run under way is the dispatcher's to finish (or abandon, see DispatchDrain).
    void this.job?.stop();
    this.job = null;
    await this.dispatcher.stop();
  }
}
