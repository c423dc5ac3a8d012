import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock } from '@touchbase/core';
import { Dispatcher } from '@touchbase/messaging';

/**
 * The dispatcher's timer, only when ENGINE_ROLES includes `dispatcher`. It only calls
 * dispatchDue(clock.now()); a tick that finds the previous run still going is skipped.
 */
@Injectable()
export class DispatchLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly log = new Logger('DispatchLoop');
  private timer: NodeJS.Timeout | null = null;
  private busy = false;

  constructor(
    private readonly dispatcher: Dispatcher,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('dispatcher')) return;
    this.timer = setInterval(() => void this.tick(), this.config.dispatch.intervalMs);
    this.timer.unref();
  }

  async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.dispatcher.dispatchDue(this.clock.now());
    } catch (e) {
      this.log.error(`dispatch failed: ${e instanceof Error ? e.stack : String(e)}`);
    } finally {
      this.busy = false;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.dispatcher.stop();
  }
}
