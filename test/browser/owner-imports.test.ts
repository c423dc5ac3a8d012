import { Browser, BrowserContext } from 'playwright-core';
import { Customer } from '@touchbase/store';
import {
  createWebUser,
  describeInBrowser,
  launchChromium,
  newBrowserContext,
  screenshot,
  signIn,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

const CSV = [
  'external_id,first_name,last_name,email,birthday',
  'C-1,Zofia,Łukasiewicz,zofia@example.test,1985-03-04',
  'C-2,Bad,Birthday,bad@example.test,1990-02-30',
  'C-3,"Müller, Hans",Müller,hans@example.test,',
].join('\r\n');

/** The owner uploads a CSV, sees the bad row's line and reason in the dry-run report, then imports the good rows. */
describeInBrowser()('web: owner imports a CSV', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], {
      at: '2026-06-15T08:00:00Z',
      env: { UPLOAD_MAX_MB: '1' },
    });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner', { locale: 'de' });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  it('reports the bad row by line, writes nothing, then imports the good rows when told to skip it', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/imports`);
    expect(await page.locator('h1').innerText()).toBe('Importe');
    await page.setInputFiles('#file', {
      name: 'kunden.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(CSV, 'utf8'),
    });
    await page.click('#import-form button[type=submit]');
    // The mapping step: every column recognised; the check runs with it.
    await page.locator('#import-mapping').waitFor();
    expect(await page.locator('#col_4').inputValue()).toBe('birthday');
    await page.click('#import-mapping button[type=submit]');
    const bad = page.locator('#bad-rows tr[data-line="3"]');
    await bad.waitFor();
    expect(await bad.innerText()).toMatch(/birthday/i);
    // the problem in the owner's language, in the report and in the bad-rows file
    expect(await bad.innerText()).toContain(
      'ist kein gültiges Datum: Der Februar hat 28 Tage („1990-02-30“)',
    );
    const href = await page.locator('#bad-rows-download').getAttribute('href');
    const file = await (await page.request.get(`${engine.url}${href}`)).text();
    expect(file).toContain('Zeile 3: birthday: ist kein gültiges Datum: Der Februar hat 28 Tage');
    expect(await page.locator('#bad-rows tbody tr').count()).toBe(1);
    expect(await engine.ds.getRepository(Customer).count()).toBe(0);
    await screenshot(page, 'import-report-de');

    await page.check('input[name=skipBadRows]');
    await page.click('#import-report button[type=submit]');
    await page.locator('#import-report[data-applied=true]').waitFor();
    expect(await page.locator('#import-report').innerText()).toContain('Importiert: 2 neu');
    const names = (await engine.ds.getRepository(Customer).find({ order: { externalId: 'ASC' } })).map(
      (c) => `${c.firstName} ${c.lastName}`,
    );
    expect(names).toEqual(['Zofia Łukasiewicz', 'Müller, Hans Müller']);
  });

  it("refuses a file over UPLOAD_MAX_MB with a message in the owner's language naming the limit", async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/imports`);
    const row = 'X-1,Anna,Big\n';
    await page.setInputFiles('#file', {
      name: 'gross.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        `external_id,first_name,last_name\n${row.repeat(Math.ceil((1.5 * 1024 * 1024) / row.length))}`,
      ),
    });
    const refused = page.waitForResponse((r) => r.url().endsWith('/imports/check'));
    await page.click('#import-form button[type=submit]');
    expect((await refused).status()).toBe(413);
    const notice = page.locator('#notice');
    await notice.locator('text=UPLOAD_MAX_MB').waitFor();
    expect(await notice.innerText()).toContain('Die Datei ist größer als die Upload-Grenze von 1 MB');
    expect(await notice.innerText()).not.toContain('File too large');
    expect(await engine.ds.getRepository(Customer).count()).toBe(2);
  });
});
