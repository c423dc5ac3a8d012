import { Customer } from '@touchbase/store';
import {
  createUserWithToken,
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  spawnEngineProcess,
  testDatabases,
} from '@touchbase/test-kit';
import { DUE_NOW_ENV, outboxCounts, saveLogs, seedBirthdays, waitFor } from './scale-seed';

/**
 * Logs never carry email addresses, phone numbers or names (see docs/security.md#logs): a real
 * engine process with JSON logs runs an import, a tick, the dispatch of what it made (file
 * outbox), an erasure and a failed sign-in; none of the people's details appear in what it
 * wrote to stdout and stderr.
 */
describe.each(testDatabases())('no personal data in the logs of a real engine on $name', (db) => {
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let engine: EngineProcess | undefined;

  beforeAll(async () => {
    store = await openTestDataSource(db);
  });
  afterAll(async () => {
    await killEngineProcesses([engine]);
    if (engine) saveLogs([engine]);
    await store?.close();
  });

  it('an import, a tick, a dispatch, an erasure and a failed sign-in log no address, number or name', async () => {
    const now = new Date();
    const seeded = await seedBirthdays(store.ds, 6, now);
    const { token } = await createUserWithToken(store.ds, 'owner', now);
    engine = await spawnEngineProcess({
      name: `logs-${db.name}`,
      database: store.settings,
      env: {
        ...DUE_NOW_ENV,
        LOG_LEVEL: 'debug',
        SCHEDULER_CRON: '*/2 * * * * *',
        DISPATCH_INTERVAL_MS: '250',
      },
    });
    const auth = { authorization: `Bearer ${token}` };

    // an import through the API, with one bad row (its problem names the field, not the value)
    const imported = ['Wiesława', 'Ignacy'].map((name, i) => ({
      name,
      surname: `Logtest${i}`,
      email: `${name.toLowerCase()}.logtest@example.pl`,
      phone: `+4860100200${i}`,
    }));
    const csv =
      'external_id,first_name,last_name,email,phone\n' +
      imported.map((p, i) => `LOG-${i},${p.name},${p.surname},${p.email},${p.phone}`).join('\n') +
      '\nLOG-BAD,Zbigniewbad,Logtestbad,zbigniew.not-an-address,+48601002009\n';
    const form = new FormData();
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'customers.csv');
    const imp = await fetch(`${engine.url}/api/imports/customers?skipBadRows=true`, {
      method: 'POST',
      headers: auth,
      body: form,
    });
    expect(imp.status).toBe(200);

    // the tick makes the birthday touches and the dispatcher writes them to the file outbox
    await waitFor(
      async () => (await outboxCounts(store.ds)).sent === seeded.emails.length + seeded.phones.length,
      60_000,
    );

    // an erasure, and a sign-in with a wrong password for an address that exists
    const victim = await store.ds.getRepository(Customer).findOneByOrFail({ externalId: 'LOG-0' });
    expect(
      (await fetch(`${engine.url}/api/customers/${victim.id}/erase`, { method: 'POST', headers: auth }))
        .status,
    ).toBe(200);
    const failed = await fetch(`${engine.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: imported[1].email, password: 'not-the-password-1234' }),
    });
    expect(failed.status).toBe(401);

    expect(await engine.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    const logs = engine.logs();
    // the run did log (requests, the tick, the dispatch) …
    expect(engine.jsonLogs().filter((l) => l.context === 'HTTP').length).toBeGreaterThanOrEqual(3);
    // … and none of the people's details
    const seededNames = Array.from({ length: 6 }, (_, i) => `Customer${i} Scale`);
    const personal = [
      ...seeded.emails,
      ...seeded.phones,
      ...seededNames,
      ...imported.flatMap((p) => [p.email, p.phone, p.name, p.surname]),
      'zbigniew.not-an-address',
      'Zbigniewbad',
      '+48601002009',
    ];
    expect(personal.filter((p) => logs.includes(p))).toEqual([]);
    // and no address-shaped text at all
    expect(logs.match(/[\w.+-]+@[\w-]+\.[\w.]+/g) ?? []).toEqual([]);
  });
});
