import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import * as cron from 'node-cron';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { TickService } from '@touchbase/rules';

/**
 * Starts the scheduler when this instance has the `scheduler` role. Cron only triggers:
 * the work is TickService.tick(now), with `now` from the Clock.
 */
@Injectable()
export class RulesScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('RulesScheduler');
  private task: cron.ScheduledTask | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly ticks: TickService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    if (!cron.validate(this.config.scheduler.cron)) throw new Error(`SCHEDULER_CRON: not a cron expression ("${this.config.scheduler.cron}")`);
    this.task = cron.schedule(this.config.scheduler.cron, () => this.runTick(), { noOverlap: true, name: 'rules-tick' });
    this.logger.log(`Scheduler ticks on "${this.config.scheduler.cron}"`);
  }

  async runTick(): Promise<void> {
    try {
      await this.ticks.tick(this.clock.now());
    } catch (e) {
      this.logger.error(`Tick failed: ${(e as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.task) await this.task.destroy();
    this.task = null;
  }
}
