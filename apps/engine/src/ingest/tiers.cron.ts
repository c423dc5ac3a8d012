import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Schedule, ScheduledJob } from '@touchbase/core';
import { TierService } from '@touchbase/ingest';

/**
 * Hourly on instances with the scheduler role; the work is TierService.dailyRecompute(now), which
 * recomputes every customer's tier once per business-local day (docs/ingest.md#service-tiers).
 */
@Injectable()
export class TiersCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly JOB = 'tiers-daily';
  private job: ScheduledJob | null = null;

  constructor(
    private readonly tiers: TierService,
    private readonly schedule: Schedule,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    this.job = this.schedule.every(TiersCron.JOB, { cron: '7 * * * *' }, (now) => this.run(now));
  }

  async run(now: Date): Promise<void> {
    await this.tiers.dailyRecompute(now);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }
}
