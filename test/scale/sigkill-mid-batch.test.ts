import {
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  postgresTestDatabase,
  SmtpSink,
  spawnEngineProcess,
  TwilioStub,
} from '@touchbase/test-kit';
import { duplicates, engineEnv, outboxCounts, saveLogs, seedBirthdays, waitFor } from './scale-seed';

/**
 * A dispatcher SIGKILLed in the middle of one big batch, while the providers are accepting its
 * messages (see docs/delivery-guarantees.md#crashes). Each outcome is recorded as it completes,
 * so at the kill at most the sends in flight (DISPATCH_CONCURRENCY) are accepted but not
 * recorded; another instance takes the rest over after the lease and no customer receives a
 * second message: SMS in doubt are looked up in Twilio's list before any resend, an email in
 * doubt is resent at most once with the same Message-ID.
 */
const pg = postgresTestDatabase();
if (!pg) console.warn('test/scale/sigkill-mid-batch: SKIPPED — needs PostgreSQL (set TEST_DATABASE_URL).');
const describePg = pg ? describe : describe.skip;

const OCCASIONS = 600;
const CONCURRENCY = 8;

describePg('a dispatcher SIGKILLed mid-batch while the providers accept', () => {
  jest.setTimeout(120_000);
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let sink: SmtpSink;
  let stub: TwilioStub;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    store = await openTestDataSource(pg!);
    [sink, stub] = await Promise.all([SmtpSink.start(), TwilioStub.start()]);
    // a slower provider, so the kill lands in the middle of the batch
    sink.replyDelayMs = 10;
    stub.replyDelayMs = 10;
  });
  afterAll(async () => {
    await killEngineProcesses(engines);
    saveLogs(engines);
    await Promise.all([sink?.close(), stub?.close()]);
    await store?.close();
  });

  it('leaves at most the sends in flight in doubt, and sends nobody anything twice', async () => {
    const seeded = await seedBirthdays(store.ds, OCCASIONS, new Date());
    const env = engineEnv(sink, stub, {
      DISPATCH_BATCH_SIZE: String(OCCASIONS),
      DISPATCH_CONCURRENCY: String(CONCURRENCY),
      DISPATCH_LEASE_SECONDS: '6',
      DISPATCH_UNKNOWN_DELAY_SECONDS: '0',
    });
    const victim = await spawnEngineProcess({ name: 'victim', database: store.settings, env });
    engines.push(victim);
    const accepted = () => sink.accepted + stub.accepted;
    expect(await waitFor(async () => accepted() >= OCCASIONS / 4, 60_000, 20)).toBe(true);
    await victim.stop('SIGKILL');
    expect(victim.exited()).toEqual({ code: null, signal: 'SIGKILL' });

    // Right after the kill: what the providers took and the outbox does not know is at most
    // what was in flight. (Recording once per batch, it was every accepted message.)
    await new Promise((r) => setTimeout(r, 200)); // let replies already on the wire land
    const atKill = await outboxCounts(store.ds);
    expect(atKill.sending ?? 0).toBeGreaterThan(0); // the batch was cut off
    expect(accepted()).toBeLessThan(OCCASIONS);
    const inDoubt = accepted() - (atKill.sent ?? 0);
    expect(inDoubt).toBeGreaterThanOrEqual(0);
    expect(inDoubt).toBeLessThanOrEqual(CONCURRENCY);

    const survivor = await spawnEngineProcess({ name: 'survivor', database: store.settings, env });
    engines.push(survivor);
    const done = await waitFor(async () => ((await outboxCounts(store.ds)).sent ?? 0) === OCCASIONS, 60_000);
    expect({ done, counts: await outboxCounts(store.ds) }).toEqual({
      done: true,
      counts: { sent: OCCASIONS },
    });

    // Every customer got their message; no phone got two SMS.
    const phones = stub.messages.map((m) => m.to);
    expect(duplicates(phones)).toEqual([]);
    expect(new Set(phones)).toEqual(new Set(seeded.phones));
    // No address got two different emails; a resend in doubt carries the same Message-ID.
    const byAddress = new Map<string, Set<string>>();
    for (const m of sink.messages)
      for (const to of m.to) byAddress.set(to, (byAddress.get(to) ?? new Set()).add(m.parsed!.messageId!));
    expect(new Set(byAddress.keys())).toEqual(new Set(seeded.emails));
    expect([...byAddress.values()].filter((ids) => ids.size > 1)).toEqual([]);
    const emailCopies = sink.messages.length - byAddress.size;
    expect(emailCopies).toBeLessThanOrEqual(CONCURRENCY);

    const rows: Array<{ n: string | number }> = await store.ds.query(
      'SELECT COUNT(*) AS n FROM outbox_messages WHERE unknown_count > 0',
    );
    expect(Number(rows[0].n)).toBe(atKill.sending);
    expect(await survivor.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });
});
