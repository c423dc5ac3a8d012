import { OutboxMessage, Touch } from '@touchbase/store';
import {
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  describeOnPostgres,
  SmtpSink,
  spawnEngineProcess,
  TwilioStub,
} from '@touchbase/test-kit';
import { duplicates, engineEnv, outboxCounts, saveLogs, seedBirthdays, waitFor } from './scale-seed';

/**
 * Three real engine processes on one PostgreSQL database, each with the scheduler and the
 * dispatcher on, over 2,000 birthday occasions due now (1,000 by email, 1,000 by SMS): every
 * occasion ends as exactly one message at the SMTP sink or the Twilio stub.
 */
const OCCASIONS = 2000;

describeOnPostgres('three engine processes on one PostgreSQL database', (pg) => {
  jest.setTimeout(150_000);
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let sink: SmtpSink;
  let stub: TwilioStub;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    store = await openTestDataSource(pg);
    sink = await SmtpSink.start();
    stub = await TwilioStub.start();
  });
  afterAll(async () => {
    await killEngineProcesses(engines);
    saveLogs(engines);
    await sink?.close();
    await stub?.close();
    await store?.close();
  });

  it('turns every due occasion into exactly one message, none twice, none lost', async () => {
    const seeded = await seedBirthdays(store.ds, OCCASIONS, new Date());
    const env = engineEnv(sink, stub);
    engines.push(
      ...(await Promise.all(
        [1, 2, 3].map((i) => spawnEngineProcess({ name: `engine-${i}`, database: store.settings, env })),
      )),
    );

    const done = await waitFor(async () => {
      const c = await outboxCounts(store.ds);
      return (c.sent ?? 0) === OCCASIONS;
    }, 110_000);
    const counts = await outboxCounts(store.ds);
    expect({ done, counts }).toEqual({ done: true, counts: { sent: OCCASIONS } });

    // The counters of the three instances add up to what the database says.
    const scraped = await Promise.all(engines.map((e) => fetch(`${e.url}/metrics`).then((r) => r.text())));
    const sentBy = scraped.map((t) =>
      sumOf(t, /^touchbase_messages_total\{channel="(email|sms)",status="sent"\} (\d+)$/gm),
    );
    expect(sentBy.reduce((a, b) => a + b, 0)).toBe(OCCASIONS);
    expect(sentBy.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2); // the work was shared
    expect(scraped[0]).toContain(`touchbase_outbox_messages{status="sent"} ${OCCASIONS}`);

    // Structured logs only: every line each instance wrote is a JSON object.
    for (const e of engines)
      expect(
        e
          .logs()
          .split('\n')
          .filter((l) => l.trim() && !l.startsWith('{')),
      ).toEqual([]);

    // Graceful stop: every instance exits 0.
    const exits = await Promise.all(engines.map((e) => e.stop('SIGTERM')));
    expect(exits).toEqual(engines.map(() => ({ code: 0, signal: null })));

    // Exactly one touch per occasion, exactly one message per touch, each arrived once.
    expect(await store.ds.getRepository(Touch).count()).toBe(OCCASIONS);
    expect(await store.ds.getRepository(OutboxMessage).count()).toBe(OCCASIONS);
    const emails = sink.messages.flatMap((m) => m.to);
    const phones = stub.messages.map((m) => m.to);
    expect(duplicates(emails)).toEqual([]);
    expect(duplicates(phones)).toEqual([]);
    expect(new Set(emails)).toEqual(new Set(seeded.emails));
    expect(new Set(phones)).toEqual(new Set(seeded.phones));
    expect(sink.accepted).toBe(OCCASIONS / 2);
    expect(stub.accepted).toBe(OCCASIONS / 2);
  });
});

function sumOf(text: string, re: RegExp): number {
  let n = 0;
  for (const m of text.matchAll(re)) n += Number(m[2]);
  return n;
}
