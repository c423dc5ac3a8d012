import * as path from 'node:path';
import { Browser, BrowserContext } from 'playwright-core';
import { PreviewService, RulesService } from '@touchbase/rules';
import {
  createWebUser,
  describeInBrowser,
  launchChromium,
  makeCustomer,
  newBrowserContext,
  screenshot,
  signIn,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

/**
 * The all-rules preview page: every line (paged, never cut, headings that agree with the rows),
 * send times in each customer's own zone, reasons as sentences in the owner's language.
 */
describeInBrowser()('web: the owner previews all rules together', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner', { name: 'Ottilie Owner', locale: 'de' });
    await engine.app.get(RulesService).loadYamlFile(path.resolve('config/rules/example.yaml'));
    const at = new Date('2026-06-01T00:00:00Z');
    // 130 birthdays over the next days: more than one page of "would be touched"
    for (let i = 0; i < 130; i++)
      await makeCustomer(engine.ds, at, {
        firstName: `Kunde${String(i).padStart(3, '0')}`,
        birthdayMonth: 6,
        birthdayDay: 16 + (i % 5),
      });
    await makeCustomer(engine.ds, at, {
      firstName: 'Sydney',
      lastName: 'Sue',
      timezone: 'Australia/Sydney',
      birthdayMonth: 6,
      birthdayDay: 17,
    });
    await makeCustomer(engine.ds, at, {
      firstName: 'Nora',
      lastName: 'Noconsent',
      emailConsent: false,
      smsConsent: false,
      birthdayMonth: 6,
      birthdayDay: 18,
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  it('lists every line across pages, in the customer’s local time and the owner’s language', async () => {
    const report = await engine.app.get(PreviewService).preview({ at: engine.clock.now(), days: 7 });
    const willTotal = (report.counts.queued ?? 0) + (report.counts.task ?? 0);
    expect(willTotal).toBeGreaterThan(100);

    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/rules`);
    await Promise.all([page.waitForURL('**/rules/preview'), page.click('#preview-all')]);
    expect(await page.locator('h1').innerText()).toBe('Vorschau: alle eingeschalteten Regeln');
    expect(await page.locator('#will').innerText()).toBe(`Würden kontaktiert (${willTotal})`);
    expect(await page.locator('#pager-will').innerText()).toContain(`1–100 von ${willTotal}`);

    const seen: string[] = [];
    for (;;) {
      seen.push(...(await page.locator('#preview-will tbody tr').allInnerTexts()));
      const next = page.locator('#pager-will a', { hasText: 'Weiter' });
      if (!(await next.count())) break;
      await Promise.all([page.waitForURL(/will=\d+/), next.click()]);
    }
    expect(seen).toHaveLength(willTotal);
    expect(new Set(seen).size).toBe(willTotal);

    const sydney = seen.find((r) => r.includes('Sydney Sue'))!;
    // 09:00 on 17 June in Sydney, shown as the customer's local time with the zone
    expect(sydney).toMatch(/17\.06\.2026, 09:00 Australia\/Sydney|17\. Juni 2026, 09:00 Australia\/Sydney/);
    expect(sydney).toContain('Nachricht');

    const wont = await page.locator('#preview-wont').innerText();
    expect(wont).toContain('Nora Noconsent');
    expect(wont).toContain('keine Einwilligung für E-Mails; kein anderer nutzbarer Kanal');
    expect(wont).not.toMatch(/no email consent|no_consent/);
    await screenshot(page, 'rules-preview-all');
  }, 120_000);
});
