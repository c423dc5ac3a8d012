import { openTestDataSource, testConfig, testDatabases } from '@touchbase/test-kit';
import { createDataSource, SettingsService } from '@touchbase/store';
import { FixedClock, ValidationFailed } from '@touchbase/core';

const owner = { userId: 1, name: 'owner@shop.example' };

describe.each(testDatabases())('the settings store on $name', (db) => {
  let h: Awaited<ReturnType<typeof openTestDataSource>>;
  let other: ReturnType<typeof createDataSource>;
  let a: SettingsService;
  let b: SettingsService;
  const clock = new FixedClock('2026-06-15T10:00:00Z');

  beforeAll(async () => {
    h = await openTestDataSource(db);
    const config = testConfig(h.settings, { BUSINESS_NAME: 'Env Shop', QUIET_HOURS_START: '09:00' });
    // a second process on the same database: its own connection and its own copy of the settings
    other = createDataSource(h.settings);
    await other.initialize();
    a = new SettingsService(h.ds, clock, config);
    b = new SettingsService(other, clock, config);
    await a.onApplicationBootstrap();
    await b.onApplicationBootstrap();
  });
  afterAll(async () => {
    await other.destroy();
    await h.close();
  });

  it('starts from the environment, then a change made by one process is seen by the other on its next refresh', async () => {
    expect(b.get().businessName).toBe('Env Shop');
    expect(b.get().quietHours.email[0]).toEqual({ start: '09:00', end: '21:00' });
    await a.update({ businessName: 'Blumen Müller', 'quietHours.email.sun': 'off' }, owner);
    // b's copy is younger than a second: unchanged until it checks the version again
    expect(b.get().businessName).toBe('Env Shop');
    const seen = await b.refresh({ maxAgeMs: 0 });
    expect(seen.businessName).toBe('Blumen Müller');
    expect(seen.quietHours.email[6]).toBeNull();
    expect(seen.quietHours.sms[6]).toEqual({ start: '09:00', end: '21:00' });
  });

  it('records who changed what, before and after, and a reset to the default', async () => {
    await a.update({ businessName: null }, { userId: null, name: 'cli' });
    const [reset, ...older] = await a.history();
    expect(reset).toMatchObject({
      actor: 'cli',
      setting: 'businessName',
      before: 'Blumen Müller',
      after: 'Env Shop',
      reset: true,
    });
    expect(older.map((r) => [r.actor, r.setting, r.before, r.after])).toEqual(
      expect.arrayContaining([
        ['owner@shop.example', 'businessName', 'Env Shop', 'Blumen Müller'],
        ['owner@shop.example', 'quietHours.email.sun', '09:00-21:00', 'off'],
      ]),
    );
    expect((await b.view()).overridden).toEqual(['quietHours.email.sun']);
  });

  it('refuses bad values naming each field, and writes nothing', async () => {
    const before = await a.history();
    const err = await a
      .update(
        {
          timezone: 'Mars/Olympus',
          replyTo: 'not-an-address',
          'quietHours.sms.mon': '21:00-08:00',
          budgetDays: '0',
          wat: 'x',
        },
        owner,
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationFailed);
    expect((err as ValidationFailed).fields.map((f) => f.field).sort()).toEqual([
      'budgetDays',
      'quietHours.sms.mon',
      'replyTo',
      'timezone',
      'wat',
    ]);
    expect(await a.history()).toEqual(before);
    expect((await b.refresh({ maxAgeMs: 0 })).timezone).toBe('Europe/Berlin');
  });

  it('keeps an uploaded logo small and describes it in the audit instead of copying it', async () => {
    const png = `data:image/png;base64,${Buffer.alloc(2048, 1).toString('base64')}`;
    await a.update({ logo: png }, owner);
    expect((await a.history(1))[0].after).toBe('(uploaded image/png, 2 KB)');
    const big = `data:image/png;base64,${Buffer.alloc(200 * 1024, 1).toString('base64')}`;
    await expect(a.update({ logo: big }, owner)).rejects.toThrow(/logo: expected an http\(s\) image URL/);
    await expect(a.update({ logo: 'data:image/svg+xml;base64,PHN2Zz4=' }, owner)).rejects.toThrow(
      ValidationFailed,
    );
  });
});
