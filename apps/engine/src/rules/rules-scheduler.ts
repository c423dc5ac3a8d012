import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Clock, Schedule, ScheduledJob } from '@touchbase/core';
import { TickService } from '@touchbase/rules';

/**
 * The rule tick's timer, only when this instance has the `scheduler` role. The Schedule only
 * triggers: the work is runTick(now), i.e. TickService.tick(now).
 *
 * A first tick at start-up: once the server listens (every start-up hook has run, so demo
 * rules and default templates are in place), one tick as of the clock evaluates what is due —
 * catch-up included — instead of waiting for the first cron slot. It runs in the background
 * (readiness is not held up), under the same lock as any tick: with several instances one of
 * them evaluates, the others' first ticks are `skipped`.
 */
@Injectable()
export class RulesScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly JOB = 'rules-tick';
  private readonly logger = new Logger('RulesScheduler');
  private job: ScheduledJob | null = null;
  private first: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly schedule: Schedule,
    private readonly ticks: TickService,
    private readonly clock: Clock,
    private readonly http: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.roles.includes('scheduler')) return;
    this.http.httpAdapter?.getHttpServer()?.once('listening', () => this.startFirstTick());
    // TickService skips a tick that finds one running (counted as "skipped").
    this.job = this.schedule.every(RulesScheduler.JOB, { cron: this.config.scheduler.cron }, (now) =>
      this.runTick(now),
    );
    this.logger.log(`Scheduler ticks on "${this.config.scheduler.cron}"`);
  }

  async runTick(now: Date): Promise<void> {
    await this.ticks.tick(now);
  }

  /**
   * Starts the start-up tick once (scheduler role only). Called when the server listens, or by
   * main.ts after init when the process has no HTTP server.
   */
  startFirstTick(): void {
    if (this.job && !this.first) this.first = this.firstTick();
  }

  /** Resolves once the start-up tick (if any) has finished. */
  async firstTickDone(): Promise<void> {
    await this.first;
  }

  private async firstTick(): Promise<void> {
    try {
      const report = await this.ticks.tick(this.clock.now());
      this.logger.log(
        report.outcome === 'ok'
          ? `First tick at start-up: ${report.touchCount} touch(es), evaluated from ${report.evaluatedFrom ?? 'one grace period back'}`
          : `First tick at start-up skipped: ${report.skippedBecause}`,
      );
    } catch (e) {
      // logged by the tick; the cron slots go on
      this.logger.warn(`First tick at start-up failed: ${(e as Error).message}`);
    }
  }

  /** Graceful shutdown: no new ticks; a tick under way finishes while the database is still open. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
    this.job = null;
    await this.first;
  }
}
