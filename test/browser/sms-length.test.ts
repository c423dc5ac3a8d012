import { Browser, BrowserContext } from 'playwright-core';
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

/** The SMS editor counts encoding and parts as the owner types, in every language (docs/web-ui.md#templates). */
describeInBrowser()('web: the SMS editor shows encoding and parts', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner', { name: 'Owner De', locale: 'de' });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const counter = async (page: import('playwright-core').Page) => {
    const box = page.locator('#sms-count');
    return {
      encoding: await box.getAttribute('data-encoding'),
      segments: await box.getAttribute('data-segments'),
      text: await box.innerText(),
    };
  };

  it('finds the Polish birthday SMS to be UCS-2 in two parts, and follows the typing', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/templates/birthday/sms/pl`);
    await page.locator('#sms-count').waitFor();
    let c = await counter(page);
    expect(c).toMatchObject({ encoding: 'UCS-2', segments: '2' });
    expect(c.text).toContain('2 SMS-Teile');
    expect(await page.locator('#preview .hint').innerText()).toContain('UCS-2');
    await screenshot(page, 'sms-length-pl-phone');

    // plain GSM-7 text: one part; typing past 160 makes two
    await page.fill('#t-text', 'Hallo {{ customer.first_name }}, alles Gute!');
    await page.locator('#sms-count[data-encoding="GSM-7"]').waitFor();
    c = await counter(page);
    expect(c).toMatchObject({ encoding: 'GSM-7', segments: '1' });
    expect(c.text).toContain('1 SMS-Teil');
    await page.fill('#t-text', 'x'.repeat(155) + ' €€€');
    await page.locator('#sms-count[data-segments="2"]').waitFor();
    expect((await counter(page)).text).toContain('162 Zeichen');
  });

  it.each(['en', 'de'])('counts in the %s version too', async (lang) => {
    ctx = await newBrowserContext(browser, 'desktop');
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/templates/birthday/sms/${lang}`);
    await page.locator('#sms-count').waitFor();
    expect(await counter(page)).toMatchObject({ encoding: 'GSM-7', segments: '1' });
    await page.fill('#t-text', 'Zażółć gęślą jaźń');
    await page.locator('#sms-count[data-encoding="UCS-2"]').waitFor();
    await screenshot(page, `sms-length-${lang}-desktop`);
  });
});
