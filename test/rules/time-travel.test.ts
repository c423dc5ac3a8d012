import { Dispatcher } from '@touchbase/messaging';
import { TickService } from '@touchbase/rules';
import { ENGINE_STATE, OutboxMessage } from '@touchbase/store';
import { ledger, makeCustomer, makeRule, startRulesEngine, testDatabases } from '@touchbase/test-kit';
import { RunCommand } from '../../apps/cli/src/commands/rules/rules.cli';
import { UsageError } from '../../apps/cli/src/kit/usage';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

/**
 * `touchbase run --at` (the command's own code, on a fixed clock): the past is planned as of
 * `--at` but sent at the real time, quiet hours judged then; the future is refused without
 * --dry-run and moves no mark.
 */
describe.each(testDatabases())('time travel with run --at on $name', (db) => {
  let engine: Engine;
  // the real time: 16:16 UTC = 02:16 in Sydney, 18:16 in Berlin
  const REAL = '2026-06-15T16:16:00Z';

  beforeAll(async () => {
    engine = await startRulesEngine(db, { real: true, at: REAL });
  }, 60_000);
  afterAll(() => engine?.close());

  const command = () => new RunCommand(engine.app.get(TickService), engine.clock, engine.app.get(Dispatcher));
  const quietly = async (work: () => Promise<void>) => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await work();
    } finally {
      log.mockRestore();
    }
  };

  it('plans as of a past --at, sends at the real time and judges quiet hours then', async () => {
    const at = new Date(REAL);
    await makeRule(engine.ds, at, { kind: 'birthday', templateKey: 'birthday', transactional: true });
    const sue = await makeCustomer(engine.ds, at, {
      firstName: 'Sue',
      timezone: 'Australia/Sydney',
      birthdayMonth: 6,
      birthdayDay: 15,
    });
    const bea = await makeCustomer(engine.ds, at, {
      firstName: 'Bea',
      timezone: 'Europe/Berlin',
      birthdayMonth: 6,
      birthdayDay: 15,
    });
    // 09:05 on 15 June in Berlin: both birthdays are due (Sydney's at 23:00 UTC the day before)
    await quietly(() => command().run([], { at: new Date('2026-06-15T07:05:00Z') }));
    expect((await ledger(engine.ds)).map((t) => t.customer_id).sort()).toEqual([sue.id, bea.id].sort());
    const messages = await engine.ds.getRepository(OutboxMessage).find();
    const of = (id: number) => messages.find((m) => m.customerId === id)!;
    // Berlin: sent now, stamped with the real send time, not the simulated one
    expect(of(bea.id).status).toBe('sent');
    expect(of(bea.id).sentAt!.toISOString()).toBe('2026-06-15T16:16:00.000Z');
    // Sydney: it is 02:16 there now, so it waits for 08:00 local, though it was due at 09:00 local
    expect(of(sue.id).status).toBe('queued');
    expect(of(sue.id).nextAttemptAt.toISOString()).toBe('2026-06-15T22:00:00.000Z');
  });

  it('refuses a future --at without --dry-run: nothing planned, nothing sent, the marks stay', async () => {
    const marks = async () =>
      engine.ds.query(
        `SELECT key, value FROM engine_state WHERE key IN ('${ENGINE_STATE.lastTickAt}', '${ENGINE_STATE.evaluatedUpTo}') ORDER BY key`,
      );
    const before = { marks: await marks(), touches: (await ledger(engine.ds)).length };
    await expect(command().run([], { at: new Date('2026-06-17T09:00:00Z') })).rejects.toThrow(UsageError);
    await expect(command().run([], { at: new Date('2026-06-17T09:00:00Z') })).rejects.toThrow(
      /is in the future.*--dry-run/,
    );
    await quietly(() => command().run([], { at: new Date('2026-06-17T09:00:00Z'), dryRun: true }));
    expect({ marks: await marks(), touches: (await ledger(engine.ds)).length }).toEqual(before);
    expect(before.marks.every((m: { value: string }) => m.value <= REAL.replace('Z', '.000Z'))).toBe(true);
  });
});
