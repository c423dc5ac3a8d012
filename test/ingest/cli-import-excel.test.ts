import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as iconv from 'iconv-lite';
import {
  createDataSource,
  Customer,
  DatabaseSettings,
  ImportMapping,
  ImportRun,
  Order,
} from '@touchbase/store';
import { excelFiles, GERMAN_SMS_COLUMN, runTouchbaseCli, testDatabases } from '@touchbase/test-kit';

/** The real `touchbase import` CLI on files as German and Polish Excel save them (docs/import.md). */
describe.each(testDatabases())('touchbase import of Excel files (CLI) on $name', (db) => {
  let settings: DatabaseSettings;
  let dir: string;
  const touchbase = (args: string[]) => runTouchbaseCli(['import', ...args], { database: settings });
  const file = (name: string) => path.join(dir, name);
  const query = async <T>(fn: (ds: ReturnType<typeof createDataSource>) => Promise<T>): Promise<T> => {
    const ds = createDataSource(settings);
    await ds.initialize();
    try {
      return await fn(ds);
    } finally {
      await ds.destroy();
    }
  };
  const customers = () => query((ds) => ds.getRepository(Customer).find({ order: { externalId: 'ASC' } }));

  beforeAll(async () => {
    settings = await db.create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-excel-'));
    fs.writeFileSync(file('kunden.csv'), excelFiles.germanCustomers());
    fs.writeFileSync(file('bestellungen.csv'), excelFiles.germanOrders());
    fs.writeFileSync(file('klienci.csv'), excelFiles.polishCustomers());
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop(settings);
  });

  it('German Excel (Windows-1252): refuses an unmapped consent column, reports the bad row and writes it to a file to fix', async () => {
    const unmapped = await touchbase(['customers', file('kunden.csv')]);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toMatch(/column "SMS-Werbung OK" looks like consent but is not recognised/);

    const map = ['--map', `${GERMAN_SMS_COLUMN}=sms_consent`];
    const aborted = await touchbase(['customers', file('kunden.csv'), ...map, '--bad-rows', file('bad.csv')]);
    expect(aborted.code).toBe(1);
    expect(aborted.stdout).toMatch(/NOT imported/);
    expect(aborted.stdout).toMatch(/Read as windows-1252 \(detected\), semicolon-separated/);
    expect(aborted.stdout).toMatch(
      /line 5: birthday \("Geburtstag"\): is not a real date: April has 30 days/,
    );
    expect(await customers()).toHaveLength(0);
    const bad = iconv.decode(fs.readFileSync(file('bad.csv')), 'windows-1252');
    expect(bad.split('\r\n')).toEqual([
      'Kundennummer;Vorname;Nachname;E-Mail;Telefon;Geburtstag;Sprache;SMS-Werbung OK;E-Mail erlaubt;problem',
      expect.stringMatching(
        /^K-4;Ödön;Straße;oedoen@example\.de;;31\.04\.1990;de;ja;ja;"line 5: birthday .*April has 30 days/,
      ),
      '',
    ]);

    const applied = await touchbase(['customers', file('kunden.csv'), ...map, '--skip-bad-rows']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /Imported: customers, 4 row\(s\): 3 created, 0 updated, 0 unchanged, 1 bad/,
    );
    expect(
      (await customers()).map((c) => [
        c.externalId,
        `${c.firstName} ${c.lastName}`,
        c.phone,
        c.birthdayYear,
        c.birthdayMd,
        c.locale,
        c.smsConsent,
        c.emailConsent,
      ]),
    ).toEqual([
      ['K-1', 'Björn Größe', '+4915112345678', 1980, '12-24', 'de', true, true],
      ['K-2', 'Jürgen Müller', '+491712345678', null, '11-05', 'de', false, true],
      ['K-3', 'Änne Weiß; geb. Schäfer', null, 1984, '02-29', 'en', false, false],
    ]);

    // Fixed in the bad-rows file (still Windows-1252, still with its "problem" column), imported
    // without --map: the mapping confirmed above is remembered for these headers.
    fs.writeFileSync(file('bad.csv'), iconv.encode(bad.replace('31.04.1990', '30.04.1990'), 'windows-1252'));
    const fixed = await touchbase(['customers', file('bad.csv')]);
    expect(fixed.stdout).toMatch(/Imported: customers, 1 row\(s\): 1 created/);
    expect(fixed.code).toBe(0);
    const k4 = (await customers()).find((c) => c.externalId === 'K-4')!;
    expect([k4.firstName, k4.lastName, k4.birthdayYear, k4.birthdayMd, k4.smsConsent]).toEqual([
      'Ödön',
      'Straße',
      1990,
      '04-30',
      true,
    ]);
    expect(await query((ds) => ds.getRepository(ImportMapping).count())).toBe(1);
  }, 120_000);

  it('UTF-8 with BOM and semicolons: German amounts and local date-times (business time zone)', async () => {
    const r = await touchbase(['orders', file('bestellungen.csv'), '--locale', 'de', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      applied: true,
      created: 2,
      encoding: 'utf-8',
      encodingHow: 'bom',
    });
    const orders = await query((ds) => ds.getRepository(Order).find({ order: { externalId: 'ASC' } }));
    expect(orders.map((o) => [o.externalId, o.totalMinor, o.currency, o.placedAt.toISOString()])).toEqual([
      ['B-100', 104990, 'EUR', '2026-11-27T13:30:00.000Z'],
      ['B-101', 123450, 'EUR', '2026-06-02T07:05:00.000Z'],
    ]);
  }, 60_000);

  it('Polish Excel (Windows-1250): Polish letters, dates, language names and consent', async () => {
    const r = await touchbase(['customers', file('klienci.csv')]);
    expect(r.stdout).toMatch(/Read as windows-1250 \(detected\)/);
    expect(r.code).toBe(0);
    const polish = (await customers()).filter((c) => c.externalId?.startsWith('P-'));
    expect(
      polish.map((c) => [
        `${c.firstName} ${c.lastName}`,
        c.birthdayMd,
        c.locale,
        c.smsConsent,
        c.emailConsent,
      ]),
    ).toEqual([
      ['Łukasz Wiśniewski', '12-24', 'pl', true, false],
      ['Żaneta Kościuszko-Źródło', '11-05', 'pl', false, true],
      ['Małgorzata Ślęzak', null, 'de', true, true],
    ]);
    const runs = await query((ds) => ds.getRepository(ImportRun).find({ order: { id: 'ASC' } }));
    expect(runs.map((x) => [x.fileName, x.status, x.created])).toEqual([
      ['kunden.csv', 'failed', 0],
      ['kunden.csv', 'not_applied', 3], // would have created 3
      ['kunden.csv', 'applied', 3],
      ['bad.csv', 'applied', 1],
      ['bestellungen.csv', 'applied', 2],
      ['klienci.csv', 'applied', 3],
    ]);
    expect(runs[0].actor).toMatch(/^CLI \(/);
  }, 60_000);
});
