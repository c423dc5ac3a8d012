import * as fs from 'node:fs';
import * as iconv from 'iconv-lite';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { Customer, ImportRun, Order } from '@touchbase/store';
import {
  createWebUser,
  describeInBrowser,
  excelFiles,
  launchChromium,
  newBrowserContext,
  screenshot,
  signIn,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

/**
 * The owner imports the files German and Polish Excel save (docs/import.md): the mapping step,
 * the check with a normalized sample and the bad rows as a file, the confirmation, the history.
 */
describeInBrowser().each(testDatabases())('web: owner imports Excel files on $name', (db) => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;
  let page: Page;

  const upload = async (kind: string, name: string, buffer: Buffer, locale = '') => {
    await page.goto(`${engine.url}/imports`);
    await page.selectOption('#kind', kind);
    await page.selectOption('#locale', locale);
    await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer });
    await page.click('#import-form button[type=submit]');
    await page.locator('#import-mapping').waitFor();
  };
  const check = async () => {
    await page.click('#import-mapping button[type=submit]');
    await page.locator('#import-report[data-dry-run=true]').waitFor();
  };
  const confirm = async (skipBadRows = false) => {
    if (skipBadRows) await page.check('input[name=skipBadRows]');
    await page.click('#import-report button[type=submit]');
    await page.locator('#import-report[data-applied=true]').waitFor();
  };
  const customer = (externalId: string) => engine.ds.getRepository(Customer).findOneByOrFail({ externalId });

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-11-27T15:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner', { locale: 'de', name: 'Olga Owner' });
    ctx = await newBrowserContext(browser);
    page = await ctx.newPage();
    await signIn(page, engine.url, owner);
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await engine?.close();
  });

  it('German Excel (Windows-1252): maps the consent column, shows the sample, hands out the bad row, imports the rest', async () => {
    await upload('customers', 'kunden.csv', excelFiles.germanCustomers());
    expect(await page.locator('#import-read-as').innerText()).toMatch(/windows-1252.*Semikolon/);
    expect(await page.locator('#mapping-problems').innerText()).toMatch(
      /"SMS-Werbung OK" looks like consent/,
    );
    expect(await page.locator('#col_0').inputValue()).toBe('externalId');
    expect(await page.locator('#col_8').inputValue()).toBe('emailConsent');
    expect(await page.locator('tr[data-column="Vorname"]').innerText()).toContain('Björn');
    await page.selectOption('#col_7', 'smsConsent');
    await screenshot(page, 'import-mapping-de');
    await check();

    const first = page.locator('#sample-rows tr[data-line="2"]');
    expect(await first.locator('[data-field=birthday]').innerText()).toBe('1980-12-24');
    expect(await first.locator('[data-field=smsConsent]').innerText()).toBe('yes');
    expect(await first.locator('[data-field=lastName]').innerText()).toBe('Größe');
    expect(await page.locator('#sample-rows tr[data-line="3"] [data-field=birthday]').innerText()).toBe(
      '--11-05',
    );
    expect(await page.locator('#bad-rows tr[data-line="5"]').innerText()).toMatch(/April/);
    expect(await engine.ds.getRepository(Customer).count()).toBe(0);
    await screenshot(page, 'import-check-de');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#bad-rows-download')]);
    const bad = iconv.decode(fs.readFileSync((await download.path())!), 'windows-1252');
    expect(download.suggestedFilename()).toBe('kunden-problems.csv');
    expect(bad).toMatch(
      /^Kundennummer;Vorname;.*;problem\r\nK-4;Ödön;Straße;.*31\.04\.1990;.*Zeile 5: birthday/,
    );

    await confirm(true);
    expect(await page.locator('#import-report').innerText()).toContain('Importiert: 3 neu');
    const k1 = await customer('K-1');
    expect([k1.firstName, k1.lastName, k1.birthdayMd, k1.locale, k1.smsConsent, k1.emailConsent]).toEqual([
      'Björn',
      'Größe',
      '12-24',
      'de',
      true,
      true,
    ]);

    // The fixed bad-rows file comes back: the mapping confirmed above is remembered for these headers.
    await upload(
      'customers',
      'kunden-problems.csv',
      iconv.encode(bad.replace('31.04.1990', '30.04.1990'), 'windows-1252'),
    );
    expect(await page.locator('#import-mapping').innerText()).toContain(
      'Die Zuordnung, die Sie für eine Datei mit diesen Spalten bestätigt haben',
    );
    expect(await page.locator('#col_7').inputValue()).toBe('smsConsent');
    await check();
    await confirm();
    expect((await customer('K-4')).birthdayMd).toBe('04-30');
  });

  it('UTF-8 with BOM and semicolons, read in German: amounts and local order times', async () => {
    await upload('orders', 'bestellungen.csv', excelFiles.germanOrders(), 'de');
    await check();
    expect(await page.locator('#sample-rows tr[data-line="2"] [data-field=total]').innerText()).toBe(
      '1049.90 EUR',
    );
    await confirm();
    const order = await engine.ds.getRepository(Order).findOneByOrFail({ externalId: 'B-100' });
    expect([order.totalMinor, order.placedAt.toISOString()]).toEqual([104990, '2026-11-27T13:30:00.000Z']);
  });

  it('Polish Excel (Windows-1250); every import is in the history with who, file and counts', async () => {
    await upload('customers', 'klienci.csv', excelFiles.polishCustomers());
    expect(await page.locator('#import-read-as').innerText()).toMatch(/windows-1250/);
    await check();
    await confirm();
    const p2 = await customer('P-2');
    expect([p2.firstName, p2.lastName, p2.birthdayMd, p2.locale, p2.smsConsent]).toEqual([
      'Żaneta',
      'Kościuszko-Źródło',
      '11-05',
      'pl',
      false,
    ]);

    await page.goto(`${engine.url}/imports`);
    const rows = page.locator('#import-history tbody tr');
    expect(await rows.count()).toBe(
      await engine.ds.getRepository(ImportRun).count(), // each check and each import
    );
    const latest = await rows.first().innerText();
    expect(latest).toMatch(/Olga Owner/);
    expect(latest).toMatch(/klienci\.csv/);
    expect(latest).toMatch(/importiert/);
    expect(latest).toMatch(/3 Zeilen: 3 neu/);
    await screenshot(page, 'import-history-de');
    await rows.first().locator('a').click();
    await page.locator('#import-report[data-applied=true]').waitFor();
  });
});
