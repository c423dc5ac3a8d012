import { DataSource } from 'typeorm';
import { createDataSource, DatabaseSettings, SettingChange } from '@touchbase/store';
import { runTouchbaseCli, testDatabases } from '@touchbase/test-kit';

/**
 * `touchbase settings show | set | reset` (docs/cli.md#settings): the settings page's effective
 * settings and their sources, changed through SettingsService.update like the page (checked
 * together, nothing written when one is bad), recorded in the change history as "cli".
 */
describe.each(testDatabases())('touchbase settings on $name', (db) => {
  let database: DatabaseSettings;
  let ds: DataSource;
  const env = { BUSINESS_NAME: 'Env Shop', CONTACT_BUDGET_MAX: '1' };
  const cli = (...args: string[]) => runTouchbaseCli(args, { database, env, timeoutMs: 170_000 });
  const show = async () => {
    const r = await cli('settings', 'show', '--json');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as Array<{ key: string; value: string; source: string; env: string }>;
  };

  beforeAll(async () => {
    database = await db.create();
    expect((await cli('migrate')).code).toBe(0);
    ds = createDataSource(database);
    await ds.initialize();
  }, 180_000);
  afterAll(async () => {
    await ds?.destroy();
    await db.drop(database);
  });

  it('shows every setting with its environment default and source', async () => {
    const rows = await show();
    expect(rows.find((r) => r.key === 'businessName')).toEqual({
      key: 'businessName',
      value: 'Env Shop',
      source: 'environment',
      env: 'BUSINESS_NAME',
      default: 'Env Shop',
    });
    expect(rows.map((r) => r.key)).toEqual(expect.arrayContaining(['quietHours.sms.sun', 'digestTime']));
    const text = await cli('settings', 'show');
    expect(text.stdout).toMatch(/^budgetMax\s+environment\s+1\s+\(CONTACT_BUDGET_MAX\)$/m);
  });

  it('sets values as the settings page does, recorded as "cli"; show names the database', async () => {
    const r = await cli(
      'settings',
      'set',
      'businessName=Laden am Eck',
      'quietHours.sms.sun=off',
      'budgetMax=2',
    );
    expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    expect(r.stdout).toContain('businessName = Laden am Eck');
    const rows = await show();
    expect(rows.find((x) => x.key === 'businessName')).toMatchObject({
      value: 'Laden am Eck',
      source: 'database',
    });
    expect(rows.find((x) => x.key === 'budgetMax')).toMatchObject({ value: '2', source: 'database' });
    const changes = await ds.getRepository(SettingChange).find({ order: { id: 'ASC' } });
    expect(changes.map((c) => [c.setting, c.before, c.after, c.actor, c.userId])).toEqual([
      ['businessName', 'Env Shop', 'Laden am Eck', 'cli', null],
      ['quietHours.sms.sun', '08:00-21:00', 'off', 'cli', null],
      ['budgetMax', '1', '2', 'cli', null],
    ]);
  });

  it('refuses a bad value naming each field, exit 2, and writes nothing', async () => {
    const before = await ds.getRepository(SettingChange).count();
    const r = await cli('settings', 'set', 'budgetMax=lots', 'timezone=Mars/Base', 'businessName=Other');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('budgetMax: ');
    expect(r.stderr).toContain('timezone: ');
    const bad = await cli('settings', 'set', 'colour=red');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('colour: is not a setting');
    expect((await cli('settings', 'set', 'businessName')).stderr).toContain('expected key=value');
    expect(await ds.getRepository(SettingChange).count()).toBe(before);
    expect((await show()).find((x) => x.key === 'businessName')!.value).toBe('Laden am Eck');
  });

  it('resets a setting to the environment default, recorded as a reset', async () => {
    const r = await cli('settings', 'reset', 'businessName');
    expect(r.code).toBe(0);
    expect((await show()).find((x) => x.key === 'businessName')).toMatchObject({
      value: 'Env Shop',
      source: 'environment',
    });
    const last = await ds.getRepository(SettingChange).findOne({ where: {}, order: { id: 'DESC' } });
    expect(last).toMatchObject({ setting: 'businessName', after: 'Env Shop', reset: true, actor: 'cli' });
  });
});
