import { In } from 'typeorm';
import { OutboxMessage } from '@touchbase/store';
import {
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  describeOnPostgres,
  SmtpSink,
  spawnEngineProcess,
  TwilioStub,
} from '@touchbase/test-kit';
import { BlackHole } from './black-hole';
import { duplicates, engineEnv, outboxCounts, saveLogs, seedBirthdays, waitFor } from './scale-seed';

/**
 * One of three engine processes is SIGKILLed in the middle of dispatch, holding claimed messages:
 * those are sent exactly once, by another instance, after their lease ran out. The victim sends to
 * endpoints that never answer, so at the moment of the kill it holds a claimed batch of which
 * nothing has reached a provider (a send the provider had accepted just before a kill is the one
 * case an outbox cannot rule out; see docs/operations.md#how-a-restarted-instance-catches-up).
 */
const OCCASIONS = 600;
const LEASE_SECONDS = 10;

describeOnPostgres('an engine SIGKILLed in the middle of dispatch', (pg) => {
  jest.setTimeout(120_000);
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let sink: SmtpSink;
  let stub: TwilioStub;
  let hole: BlackHole;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    store = await openTestDataSource(pg);
    [sink, stub, hole] = await Promise.all([SmtpSink.start(), TwilioStub.start(), BlackHole.start()]);
  });
  afterAll(async () => {
    await killEngineProcesses(engines);
    saveLogs(engines);
    await Promise.all([sink?.close(), stub?.close(), hole?.close()]);
    await store?.close();
  });

  it("sends the victim's claimed messages once, from another instance, after the lease", async () => {
    const seeded = await seedBirthdays(store.ds, OCCASIONS, new Date());
    const common = { DISPATCH_LEASE_SECONDS: String(LEASE_SECONDS), DISPATCH_BATCH_SIZE: '40' };
    const [victim, ...survivors] = await Promise.all([
      spawnEngineProcess({
        name: 'victim',
        database: store.settings,
        env: engineEnv(sink, stub, { ...common, SMTP_URL: hole.smtpUrl, TWILIO_API_BASE_URL: hole.httpUrl }),
      }),
      ...[1, 2].map((i) =>
        spawnEngineProcess({
          name: `survivor-${i}`,
          database: store.settings,
          env: engineEnv(sink, stub, common),
        }),
      ),
    ]);
    engines.push(victim, ...survivors);
    const outbox = store.ds.getRepository(OutboxMessage);
    const heldByVictim = async () =>
      outbox
        .createQueryBuilder('m')
        .where('m.status = :s AND m.leaseOwner LIKE :owner', { s: 'sending', owner: `%:${victim.pid}:%` })
        .getMany();

    // All three tick and dispatch; the victim claims a batch and hangs inside the send.
    let held: OutboxMessage[] = [];
    expect(
      await waitFor(
        async () => (held = await heldByVictim()).length > 0 && hole.connections > 0,
        60_000,
        100,
      ),
    ).toBe(true);
    await victim.stop('SIGKILL');
    expect(victim.exited()).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAt = Date.now();
    expect(held.every((m) => m.leaseUntil!.getTime() > killedAt)).toBe(true); // still its own when it died

    const done = await waitFor(async () => ((await outboxCounts(store.ds)).sent ?? 0) === OCCASIONS, 60_000);
    expect({ done, counts: await outboxCounts(store.ds) }).toEqual({
      done: true,
      counts: { sent: OCCASIONS },
    });

    // Exactly once at the providers, the victim's rows included.
    const emails = sink.messages.flatMap((m) => m.to);
    const phones = stub.messages.map((m) => m.to);
    expect(duplicates([...emails, ...phones])).toEqual([]);
    expect(new Set(emails)).toEqual(new Set(seeded.emails));
    expect(new Set(phones)).toEqual(new Set(seeded.phones));

    // The victim's rows were taken over only once their lease had run out.
    const after = await outbox.findBy({ id: In(held.map((m) => m.id)) });
    for (const m of after) {
      const before = held.find((h) => h.id === m.id)!;
      expect(m.status).toBe('sent');
      expect(m.leaseOwner).toBeNull();
      expect(m.sentAt!.getTime()).toBeGreaterThanOrEqual(before.leaseUntil!.getTime());
      expect(m.attempts).toBe(before.attempts + 1);
      expect([...emails, ...phones]).toContain(m.recipient);
    }

    const exits = await Promise.all(survivors.map((e) => e.stop('SIGTERM')));
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });
});
