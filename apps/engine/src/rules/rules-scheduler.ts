import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Schedule, ScheduledJob } from '@touchbase/core';
import { TickService } from '@touchbase/rules';

/**
 * The rule tick's timer, only when this instance has the `scheduler` role. The Schedule only
 * triggers: the work is runTick(now), i.e. TickService.tick(now).
 */
@Injectable()
export class RulesScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly JOB = 'rules-tick';
  private readonly logger = new Logger('RulesScheduler');
  private job: ScheduledJob | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedule: Schedule,
    private readonly ticks: TickService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    // TickService skips a tick that finds one running (counted as "skipped").
    this.job = this.schedule.every(RulesScheduler.JOB, { cron: this.config.scheduler.cron }, (now) =>
      this.runTick(now),
    );
    this.logger.log(`Scheduler ticks on "${this.config.scheduler.cron}"`);
  }

  async runTick(now: Date): Promise<void> {
    await this.ticks.tick(now);
  }

  /** Graceful shutdown: no new ticks; a tick under way finishes while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }
}
