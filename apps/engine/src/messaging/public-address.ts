import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { ENGINE_STATE, writeState } from '@touchbase/store';

/**
 * Records the engine's public base URL in engine_state at start, so messages queued by the CLI
 * (which may not know the engine's PUBLIC_BASE_URL or PORT) link to the same address.
 */
@Injectable()
export class PublishPublicAddress implements OnApplicationBootstrap {
  private readonly log = new Logger('PublicAddress');

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await writeState(this.ds, ENGINE_STATE.publicBaseUrl, this.config.http.publicBaseUrl, this.clock.now());
    } catch (e) {
      this.log.warn(`could not record the public address: ${(e as Error).message}`);
    }
  }
}
