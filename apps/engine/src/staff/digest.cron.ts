import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import * as cron from 'node-cron';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { DigestService } from '@touchbase/staff';

/** Every 5 minutes on instances with the scheduler role: queue the morning digests that are due. */
@Injectable()
export class DigestCron implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Digest');
  private job: { stop(): unknown } | null = null;

  constructor(
    private readonly digest: DigestService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    this.job = cron.schedule('*/5 * * * *', () => {
      this.digest
        .digestTick(this.clock.now())
        .catch((e) => this.log.error(`Digest run failed: ${e instanceof Error ? e.message : e}`));
    });
  }

  onModuleDestroy(): void {
    this.job?.stop();
    this.job = null;
  }
}
