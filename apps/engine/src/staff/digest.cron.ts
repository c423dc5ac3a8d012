import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Schedule, ScheduledJob } from '@touchbase/core';
import { DigestService } from '@touchbase/staff';

/** Every 5 minutes on instances with the scheduler role: queue the morning digests that are due. */
@Injectable()
export class DigestCron implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly JOB = 'morning-digest';
  private job: ScheduledJob | null = null;

  constructor(
    private readonly digest: DigestService,
    private readonly schedule: Schedule,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    this.job = this.schedule.every(DigestCron.JOB, { cron: '*/5 * * * *' }, (now) => this.run(now));
  }

  async run(now: Date): Promise<void> {
    await this.digest.digestTick(now);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }
}
