import { Browser, BrowserContext } from 'playwright-core';
import { ContactEvent, Customer } from '@touchbase/store';
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

const AT = '2026-11-30T10:00:00Z';

/**
 * The owner sees and sets what a customer gets per channel — everything, or only birthday and
 * personal messages — on the customer's form; the page shows it beside the consent and the
 * consent history records who, when and how (docs/web-ui.md#customers).
 */
describeInBrowser().each(testDatabases())('web: owner sets a customer’s preference scope on $name', (db) => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: AT });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  it('narrows email to personal messages in English on a desktop, shown and recorded', async () => {
    const c = await makeCustomer(engine.ds, new Date(AT), { firstName: 'Anna', lastName: 'Zimmer' });
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/customers/${c.id}/edit`);
    expect(await page.inputValue('#c-emailScope')).toBe('all');
    expect(await page.innerText('label[for=c-emailScope]')).toBe('Messages by email');
    await page.selectOption('#c-emailScope', 'personal');
    await screenshot(page, `customers-scope-form-en-desktop-${db.name}`);
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');

    expect(await page.innerText('#consent [data-scope=email]')).toBe('Only birthday and personal messages');
    expect(await page.locator('#consent [data-scope=sms]').count()).toBe(0);
    expect(await page.innerText('#consent-history')).toContain(
      'Preferences: Email: only birthday and personal messages (web-form) · Olivia Owner',
    );
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).toMatchObject({
      emailScope: 'personal',
      smsScope: 'all',
      emailConsent: true,
    });
    const events = await engine.ds
      .getRepository(ContactEvent)
      .findBy({ customerId: c.id, kind: 'preference' });
    expect(events.map((e) => [e.userId, e.occurredAt.toISOString()])).toEqual([
      [owner.id, AT.replace('Z', '.000Z')],
    ]);
    await screenshot(page, `customers-scope-page-en-desktop-${db.name}`);

    // back to everything: the form starts from what is stored
    await page.click('#edit-customer');
    expect(await page.inputValue('#c-emailScope')).toBe('personal');
    await page.selectOption('#c-emailScope', 'all');
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');
    expect(await page.locator('#consent [data-scope=email]').count()).toBe(0);
    expect(await page.innerText('#consent-history')).toContain('Preferences: Email: everything (web-form)');
  });

  it('narrows SMS in German on a phone, and keeps the choice when the form shows an error', async () => {
    if (db.name !== 'sqlite') return;
    const de = await createWebUser(engine, 'owner', { name: 'Ida Inhaberin', locale: 'de' });
    const c = await makeCustomer(engine.ds, new Date(AT), { firstName: 'Jörg', locale: 'de' });
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, de);
    await page.goto(`${engine.url}/customers/${c.id}/edit`);
    expect(await page.innerText('label[for=c-smsScope]')).toBe('Nachrichten per SMS');
    await page.selectOption('#c-smsScope', 'personal');
    await page.fill('#c-email', 'kein-email');
    await page.click('#customer-form button[type=submit]');
    expect(await page.innerText('#form-errors')).toContain('Bitte');
    expect(await page.inputValue('#c-smsScope')).toBe('personal');
    await screenshot(page, 'customers-scope-form-de-phone');
    await page.fill('#c-email', 'joerg@example.com');
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');
    expect(await page.innerText('#consent [data-scope=sms]')).toBe(
      'Nur Geburtstagsgrüße und persönliche Nachrichten',
    );
    expect(await page.innerText('#consent-history')).toContain(
      'Wünsche: SMS: only birthday and personal messages (web-form) · Ida Inhaberin',
    );
    await screenshot(page, 'customers-scope-page-de-phone');
  });
});
