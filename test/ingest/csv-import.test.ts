import { Readable } from 'node:stream';
import { Customer, ImportRun, Order, Product, RestockEvent } from '@touchbase/store';
import { CsvImportService, ImportFileError, ImportKind, ImportOptions } from '@touchbase/ingest';
import { excelFiles, startTestEngine, testDatabases, TestEngine, uploadCsv } from '@touchbase/test-kit';

const CUSTOMERS_OK = [
  '\uFEFFExternal ID,First Name,Last name,E-Mail,Phone,Birthday,Timezone,Locale,Email consent,Tags',
  'C-1,Jürgen,"Müller, Jr.",JUERGEN@Example.de,0151 12345678,1980-02-29,Europe/Berlin,de,ja,"vip;tea"',
  'C-2,Łucja,Wiśniewska,lucja@example.pl,+48 512 345 678,--12-24,Europe/Warsaw,pl,tak,',
  'C-3,Zoë 🎉,"Smith ""the tea lover""",zoe@example.co.uk,,12-31,Europe/London,en,yes,',
  '',
].join('\r\n');

describe.each(testDatabases())('CSV import on $name', (db) => {
  let engine: TestEngine;
  let imports: CsvImportService;
  const run = (kind: ImportKind, csv: string, opts: ImportOptions = {}) =>
    imports.import(kind, Readable.from([Buffer.from(csv, 'utf8')]), opts);
  const count = () => engine.ds.getRepository(Customer).count();

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    imports = engine.app.get(CsvImportService);
  });
  afterAll(() => engine.close());

  it('bad rows are reported by physical line with every reason, and nothing is written', async () => {
    const csv = [
      'external_id,first_name,email,birthday,phone',
      'A-1,Anna,anna@example.com,1990-01-01,',
      'A-2,"Multi',
      'line",anna2@example.com,1990-02-30,', // a quoted line break: this row starts on line 3
      'A-3,Ok,ok@example.com,,',
      'A-4,<script>x</script>,bad-email,2099-01-01,12',
      ',Nobody,,,',
    ].join('\n');
    const r = await run('customers', csv);
    expect(r.applied).toBe(false);
    expect(r.badRowCount).toBe(3);
    expect(r.badRows.map((b) => b.line)).toEqual([3, 6, 7]);
    expect(r.badRows[0].problems.map((p) => p.field)).toEqual(['firstName ("first_name")', 'birthday']);
    expect(r.badRows[0].problems[0].problem).toMatch(/contains LF/);
    expect(r.badRows[1].problems.map((p) => p.field)).toEqual(['email', 'phone', 'birthday']);
    expect(r.badRows[1].problems[2].problem).toMatch(/future/);
    expect(r.badRows[2].problems[0].problem).toMatch(/external id or an email/);
    expect(await count()).toBe(0);

    const skipped = await run('customers', csv, { skipBadRows: true });
    expect(skipped).toMatchObject({ applied: true, created: 2, badRowCount: 3 });
    expect(await count()).toBe(2);
  });

  it('handles BOM, CRLF, quoted commas and quotes, UTF-8 names, aliases; re-import changes nothing', async () => {
    const first = await run('customers', CUSTOMERS_OK);
    expect(first).toMatchObject({
      applied: true,
      rows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      badRowCount: 0,
    });
    const c1 = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' });
    expect(c1).toMatchObject({
      lastName: 'Müller, Jr.',
      email: 'juergen@example.de',
      phone: '+4915112345678',
      birthdayMd: '02-29',
      birthdayYear: 1980,
      locale: 'de',
      emailConsent: true,
      emailConsentSource: 'import',
      tags: ['tea', 'vip'],
    });
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-3' })).toMatchObject({
      firstName: 'Zoë 🎉',
      lastName: 'Smith "the tea lover"',
    });
    const updatedAt = c1.updatedAt.getTime();

    engine.clock.advance(3_600_000);
    const again = await run('customers', CUSTOMERS_OK);
    expect(again).toMatchObject({ applied: true, created: 0, updated: 0, unchanged: 3 });
    expect(
      (await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' })).updatedAt.getTime(),
    ).toBe(updatedAt);
  });

  it('matches rows without an external id by email, case-insensitively; --dry-run writes nothing', async () => {
    const csv = 'Email;Vorname;Telefon\nLUCJA@EXAMPLE.PL;Łucja;512 345 679\nnew@example.de;Neu;\n';
    const dry = await run('customers', csv, { dryRun: true });
    expect(dry).toMatchObject({ applied: false, dryRun: true, created: 1, updated: 1 });
    expect(await engine.ds.getRepository(Customer).findOneBy({ email: 'new@example.de' })).toBeNull();
    const real = await run('customers', csv);
    expect(real).toMatchObject({ applied: true, created: 1, updated: 1 });
    // the local number is read in DEFAULT_PHONE_REGION (DE) since the row names no country
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-2' })).phone).toBe(
      '+49512345679',
    );
  });

  it('a customer twice in one file is created once and then updated, in file order', async () => {
    const csv =
      'external_id,first_name,email,sms_consent\nD-1,Dora,dora@example.com,no\nD-1,Dorota,dora@example.com,yes\n,,DORA@example.com,\n';
    const r = await run('customers', csv);
    expect(r).toMatchObject({ applied: true, created: 1, updated: 1, unchanged: 1 });
    const rows = await engine.ds.getRepository(Customer).find({ where: { email: 'dora@example.com' } });
    expect(rows.map((c) => [c.externalId, c.firstName, c.smsConsent, c.smsConsentSource])).toEqual([
      ['D-1', 'Dorota', true, 'import'],
    ]);
  });

  it('reads postal addresses from German and Polish headers; a re-import changes nothing', async () => {
    const csv = ['E-Mail;Straße;PLZ;Ort;Land', 'post-de@example.com;Hauptstraße 5;10115;Berlin;de', ''].join(
      '\n',
    );
    expect(await run('customers', csv)).toMatchObject({ applied: true, created: 1 });
    const pl = 'email,ulica,kod pocztowy,miasto,kraj\npost-pl@example.com,ul. Długa 5,00-950,Warszawa,PL\n';
    expect(await run('customers', pl)).toMatchObject({ applied: true, created: 1 });
    const rows = await engine.ds.getRepository(Customer).find({
      where: [{ email: 'post-de@example.com' }, { email: 'post-pl@example.com' }],
      order: { email: 'ASC' },
    });
    expect(rows.map((c) => [c.street, c.postcode, c.city, c.country])).toEqual([
      ['Hauptstraße 5', '10115', 'Berlin', 'DE'],
      ['ul. Długa 5', '00-950', 'Warszawa', 'PL'],
    ]);
    expect(await run('customers', pl)).toMatchObject({ applied: true, unchanged: 1 });
  });

  it('refuses a file without a usable header, or with broken quoting', async () => {
    await expect(run('customers', 'name,city\nAnna,Berlin\n')).rejects.toThrow(ImportFileError);
    await expect(run('customers', 'email,first_name\n"a@example.com,Anna\n')).rejects.toThrow(
      /not valid CSV/,
    );
    await expect(run('orders', '')).rejects.toThrow(/empty/);
  });

  it('imports orders by customer external id or email, with exact decimal totals; re-import unchanged', async () => {
    const csv = [
      // In English (the business locale here) "1.049,90" is not an amount; in German (--locale de) it is 1049.90.
      'Order ID,Customer ID,Customer Email,Date,Total,Currency,Items',
      'O-1,C-1,,2026-05-01T12:00:00+02:00,"1.049,90",EUR,TEA-MATCHA x2',
      'O-1b,C-1,,2026-05-01T12:00:00+02:00,1049.90,EUR,TEA-MATCHA x2; BRW-V60',
      'O-2,,zoe@EXAMPLE.co.uk,2026-05-02T09:00:00Z,19.9,EUR,',
      'O-3,NOBODY,,2026-05-02T09:00:00Z,10,EUR,',
    ].join('\n');
    const r = await run('orders', csv);
    expect(r.badRows.map((b) => [b.line, b.problems[0].field])).toEqual([
      [2, 'total ("Total")'],
      [5, 'customerExternalId ("Customer ID")'],
    ]);
    expect(await engine.ds.getRepository(Order).count()).toBe(0);
    const ok = await run('orders', csv, { skipBadRows: true });
    expect(ok).toMatchObject({ created: 2, applied: true });
    expect(await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'O-1b' })).toMatchObject({
      totalMinor: 104990,
      lines: [
        { sku: 'TEA-MATCHA', quantity: 2 },
        { sku: 'BRW-V60', quantity: 1 },
      ],
    });
    expect((await run('orders', csv, { skipBadRows: true })).unchanged).toBe(2);
    const changed = await run(
      'orders',
      'order id,customer id,date,total\nO-2,C-1,2026-05-02T09:00:00Z,25\nO-4,C-1,2026-05-03T09:00:00Z,5\nO-4,C-1,2026-05-03T09:00:00Z,6\n',
    );
    expect(changed).toMatchObject({ applied: true, created: 1, updated: 2, unchanged: 0 });
    const o2 = await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'O-2' });
    const c1 = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'C-1' });
    expect([o2.totalMinor, o2.customerId]).toEqual([2500, c1.id]);
    expect((await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'O-4' })).totalMinor).toBe(
      600,
    );
  });

  it('products: stock crossing from ≤ 0 to > 0 through an import records a restock event', async () => {
    expect((await run('products', 'sku,name,stock,price\nMUG,Mug,0,12.50\nPOT,Teapot,2,79\n')).created).toBe(
      2,
    );
    const r = await run('products', 'sku,stock\nMUG,6\nPOT,3\n');
    expect(r).toMatchObject({ updated: 2, warnings: [{ line: 2, message: 'back in stock (0 → 6)' }] });
    const mug = await engine.ds.getRepository(Product).findOneByOrFail({ sku: 'MUG' });
    expect(mug).toMatchObject({ stock: 6, priceMinor: 1250 });
    expect(await engine.ds.getRepository(RestockEvent).find({ where: { productId: mug.id } })).toMatchObject([
      { previousStock: 0, newStock: 6, source: 'import' },
    ]);
    expect((await run('products', 'sku,stock\nMUG,6\n')).unchanged).toBe(1);
    const bad = await run('products', 'Artikelnummer;Bestand;Preis\nNEW-1;3;9,99\nMUG;2.5;\n');
    expect(bad.badRows).toEqual([
      {
        line: 2,
        problems: [
          { field: 'name', problem: 'is required for a new product', code: 'newProductName', params: {} },
        ],
      },
      {
        line: 3,
        problems: [
          expect.objectContaining({
            field: 'stock ("Bestand")',
            problem: expect.stringMatching(/whole number/),
          }),
        ],
      },
    ]);
    expect(await engine.ds.getRepository(Product).findOneBy({ sku: 'NEW-1' })).toBeNull();
  });

  it('the API upload reports the same and answers 422 when bad rows stopped it', async () => {
    const csv = 'email,first_name\nupload1@example.com,Ula\nnot-an-email,Bad\n';
    const stopped = await uploadCsv(engine, 'customers', csv);
    expect(stopped.status).toBe(422);
    expect(stopped.body).toMatchObject({ applied: false, badRowCount: 1, badRows: [{ line: 3 }] });
    const dry = await uploadCsv(engine, 'customers', csv, '?dryRun=true&skipBadRows=true');
    expect([dry.status, dry.body.applied]).toEqual([200, false]);
    const applied = await uploadCsv(engine, 'customers', csv, '?skipBadRows=true');
    expect([applied.status, applied.body.applied, applied.body.created]).toEqual([200, true, 1]);
    const badKind = await uploadCsv(engine, 'unicorns', csv);
    expect(badKind.status).toBe(400);
    const noHeader = await uploadCsv(engine, 'customers', 'foo,bar\n1,2\n');
    expect([noHeader.status, noHeader.body.fields[0].field]).toEqual([400, 'file']);
  });

  it('the API upload reads German Excel with a language and a mapping, and lists the run in the history', async () => {
    const mapping = encodeURIComponent(JSON.stringify({ 'SMS-Werbung OK': 'smsConsent' }));
    const r = await uploadCsv(
      engine,
      'customers',
      excelFiles.germanCustomers(),
      `?locale=de&skipBadRows=true&mapping=${mapping}`,
    );
    expect([r.status, r.body.applied, r.body.created, r.body.encoding, r.body.locale]).toEqual([
      200,
      true,
      3,
      'windows-1252',
      'de',
    ]);
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'K-1' })).lastName).toBe(
      'Größe',
    );
    const badMapping = await uploadCsv(engine, 'customers', excelFiles.germanCustomers(), '?mapping=%7Bnope');
    expect([badMapping.status, badMapping.body.fields[0].field]).toEqual([400, 'mapping']);
    const unclear = await uploadCsv(
      engine,
      'customers',
      Buffer.from('email;city\r\nmi\xb3osz@example.pl;\xa3\xf3d\x9f\r\n', 'latin1'),
    );
    expect([unclear.status, unclear.body.message]).toEqual([
      400,
      expect.stringMatching(/cannot tell the file's encoding/),
    ]);
    const runs = await engine.ds.getRepository(ImportRun).find({ order: { id: 'DESC' }, take: 2 });
    expect(runs.map((x) => [x.status, x.fileName])).toEqual([
      ['failed', 'customers.csv'],
      ['applied', 'customers.csv'],
    ]);
  });
});
