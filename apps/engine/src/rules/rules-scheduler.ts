import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import * as cron from 'node-cron';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { TickService } from '@touchbase/rules';

/**
 * Starts the scheduler when this instance has the `scheduler` role. Cron only triggers:
 * the work is TickService.tick(now), with `now` from the Clock.
 */
@Injectable()
export class RulesScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RulesScheduler');
  private task: cron.ScheduledTask | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly ticks: TickService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    if (!cron.validate(this.config.scheduler.cron))
      throw new Error(`SCHEDULER_CRON: not a cron expression ("${this.config.scheduler.cron}")`);
    // No node-cron noOverlap: it prints a plain-text warning on every blocked run, which breaks
    // JSON logs. TickService skips a tick that finds one running (counted as "skipped").
    this.task = cron.schedule(this.config.scheduler.cron, () => this.runTick(), { name: 'rules-tick' });
    this.logger.log(`Scheduler ticks on "${this.config.scheduler.cron}"`);
  }

  async runTick(): Promise<void> {
    const run = this.ticks.tick(this.clock.now()).then(
      () => undefined,
      (e: unknown) => this.logger.error(`Tick failed: ${(e as Error).message}`, (e as Error).stack),
    );
    this.running ??= run.finally(() => (this.running = null));
    await run;
  }

  /** Graceful shutdown: no new ticks; a tick under way finishes while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    if (this.task) await this.task.destroy();
    this.task = null;
    await this.running;
  }
}
