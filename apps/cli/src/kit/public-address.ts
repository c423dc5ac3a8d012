import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { ENGINE_STATE, readState } from '@touchbase/store';

/**
 * Without PUBLIC_BASE_URL the CLI would link to `http://localhost:<PORT>` (its own PORT, usually
 * the default 3000), not to where customers reach the engine. So it takes the address the engine
 * recorded at its last start (engine_state `http.public_base_url`); an explicit PUBLIC_BASE_URL
 * wins, and before any engine has run (or before `migrate`) the guess stays.
 */
@Injectable()
export class AdoptEnginePublicAddress implements OnModuleInit {
  constructor(
    private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.http.publicBaseUrlDefaulted) return;
    const recorded = await readState(this.ds, ENGINE_STATE.publicBaseUrl).catch(() => null);
    if (recorded) (this.config.http as { publicBaseUrl: string }).publicBaseUrl = recorded;
  }
}
