import { Logger } from '@nestjs/common';
import { FixedClock } from '@touchbase/core';
import { CronSchedule } from './cron-schedule';

const until = async (done: () => boolean) => {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
};

describe('CronSchedule', () => {
  const clock = new FixedClock('2024-02-29T23:30:00Z');
  let schedule: CronSchedule;
  beforeEach(() => {
    schedule = new CronSchedule(clock);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs the job with the clock’s now on each beat, and skips beats while a run is going', async () => {
    const seen: string[] = [];
    let release!: () => void;
    const job = schedule.every('t', { everyMs: 5 }, (now) => {
      seen.push(now.toISOString());
      return new Promise<void>((r) => (release = r));
    });
    await until(() => seen.length > 0);
    await new Promise((r) => setTimeout(r, 40)); // many beats while the first run hangs
    expect(seen).toEqual(['2024-02-29T23:30:00.000Z']);
    clock.set('2024-03-01T00:00:00Z');
    release();
    await until(() => seen.length > 1);
    const stopped = job.stop();
    release();
    await stopped;
    expect(seen[1]).toBe('2024-03-01T00:00:00.000Z');
  });

  it('a failed run is logged and the job keeps beating; stop waits for the run under way', async () => {
    let runs = 0;
    let finished = false;
    const job = schedule.every('flaky', { everyMs: 5 }, async () => {
      runs++;
      if (runs === 1) throw new Error('database away');
      await new Promise((r) => setTimeout(r, 20));
      finished = true;
    });
    await until(() => runs > 1);
    await job.stop();
    expect(finished).toBe(true);
    expect(Logger.prototype.error).toHaveBeenCalledWith(
      'flaky failed: database away',
      expect.stringContaining('database away'),
    );
    const after = runs;
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(after);
  });

  it('refuses a cron expression that is not one, naming the job', () => {
    expect(() => schedule.every('rules-tick', { cron: 'every day' }, async () => undefined)).toThrow(
      'rules-tick: not a cron expression ("every day")',
    );
    const job = schedule.every('digest', { cron: '*/5 * * * *' }, async () => undefined);
    return job.stop();
  });

  it('a cron beat missed while the process was busy is logged through the engine’s logger, not printed to the console', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const consoleWarn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const job = schedule.every('busy', { cron: '* * * * * *' }, async () => undefined);
    await new Promise((r) => setTimeout(r, 1100)); // node-cron's clock is running
    const end = Date.now() + 3_000;
    while (Date.now() < end); // the event loop blocked past a beat and node-cron's 1 s tolerance
    await until(() => warn.mock.calls.length > 0);
    await job.stop();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('missed execution'));
    expect(consoleWarn).not.toHaveBeenCalled();
  }, 10_000);
});
