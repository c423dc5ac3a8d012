import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource, Customer, DatabaseSettings } from '@touchbase/store';
import { runTouchbaseCli, testDatabases } from '@touchbase/test-kit';

/** Runs the real `touchbase` CLI (apps/cli/src/main.ts) against the given database. */
const touchbase = (settings: DatabaseSettings, args: string[]) =>
  runTouchbaseCli(args, { database: settings });

describe.each(testDatabases())('touchbase import (CLI) on $name', (db) => {
  let settings: DatabaseSettings;
  let dir: string;
  const customers = async () => {
    const ds = createDataSource(settings);
    await ds.initialize();
    try {
      return await ds.getRepository(Customer).find({ order: { id: 'ASC' } });
    } finally {
      await ds.destroy();
    }
  };

  beforeAll(async () => {
    settings = await db.create();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-import-'));
    fs.writeFileSync(
      path.join(dir, 'customers.csv'),
      '\uFEFFKundennummer;Vorname;Nachname;E-Mail;Telefon;Geburtstag\r\n' +
        'K-1;Jürgen;Müller;JM@example.de;0151 12345678;1980-02-29\r\n' +
        'K-2;Łukasz;"Nowak; Jr.";lukasz@example.pl;+48 512 345 678;--02-29\r\n' +
        'K-3;Bad;Row;nope;12;1990-02-30\r\n',
    );
  });
  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await db.drop(settings);
  });

  it('reports bad rows by line, imports nothing and exits 1; then --skip-bad-rows imports the rest; a re-run (--json) changes nothing', async () => {
    const file = path.join(dir, 'customers.csv');
    const aborted = await touchbase(settings, ['import', 'customers', file]);
    expect(aborted.code).toBe(1);
    expect(aborted.stdout).toMatch(/NOT imported/);
    expect(aborted.stdout).toMatch(/line 4: email \("E-Mail"\): is not a valid email address/);
    expect(aborted.stdout).toMatch(/birthday \("Geburtstag"\): is not a real date/);
    expect(await customers()).toHaveLength(0);

    const applied = await touchbase(settings, ['import', 'customers', file, '--skip-bad-rows']);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /Imported: customers, 3 row\(s\): 2 created, 0 updated, 0 unchanged, 1 bad/,
    );
    expect(
      (await customers()).map((c) => [c.externalId, c.firstName, c.lastName, c.email, c.phone, c.birthdayMd]),
    ).toEqual([
      ['K-1', 'Jürgen', 'Müller', 'jm@example.de', '+4915112345678', '02-29'],
      ['K-2', 'Łukasz', 'Nowak; Jr.', 'lukasz@example.pl', '+48512345678', '02-29'],
    ]);

    const again = await touchbase(settings, ['import', 'customers', file, '--skip-bad-rows', '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({
      applied: true,
      created: 0,
      updated: 0,
      unchanged: 2,
      badRowCount: 1,
      badRows: [{ line: 4 }],
    });
  }, 60_000);

  // (each run starts a process: kept to a few; unknown kinds and --dry-run are covered by the service and API tests)
  it('exits 2 for a file without a usable header', async () => {
    fs.writeFileSync(path.join(dir, 'nohead.csv'), 'foo,bar\n1,2\n');
    const r = await touchbase(settings, ['import', 'customers', path.join(dir, 'nohead.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 1: header: a customers file needs/);
  }, 60_000);
});
