import { Browser, BrowserContext, Page } from 'playwright-core';
import { RulesService } from '@touchbase/rules';
import { ContactEvent, Customer } from '@touchbase/store';
import {
  createWebUser,
  describeInBrowser,
  joinWaitlist,
  launchChromium,
  makeOrder,
  makeProduct,
  newBrowserContext,
  screenshot,
  signIn,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

const AT = '2026-11-30T10:00:00Z';

async function fillNewCustomer(
  page: Page,
  email: string,
  country = 'DE',
  phone = '0151 2345678',
): Promise<void> {
  await page.fill('#c-firstName', 'Anna');
  await page.fill('#c-lastName', 'Zimmer');
  await page.fill('#c-email', email);
  await page.fill('#c-phone', phone);
  await page.fill('#c-birthday', '12-04');
  await page.fill('#c-street', 'Hauptstraße 5');
  await page.fill('#c-postcode', '10115');
  await page.fill('#c-city', 'Berlin');
  await page.fill('#c-country', country);
  await page.fill('#c-tags', 'VIP, regular');
  await page.check('#c-emailConsent');
}

/**
 * The owner adds, edits, logs a call for, filters, exports and erases a customer in a real
 * browser; on both databases (the page's figures and the list are hand-written SQL).
 */
describeInBrowser().each(testDatabases())('web: owner manages customers on $name', (db) => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: AT });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
    await engine.app
      .get(RulesService)
      .create({ name: 'Birthday wishes', kind: 'birthday', channel: 'email', templateKey: 'birthday' });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  it('adds a customer (errors keep what was typed), shows figures and plans, logs a call, edits consent, erases', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/customers`);
    await page.click('#new-customer');
    await fillNewCustomer(page, 'not-an-email');
    await page.click('#customer-form button[type=submit]');
    expect(await page.locator('[data-field=email]').innerText()).toMatch(/email/i);
    expect(await page.inputValue('#c-phone')).toBe('0151 2345678');
    expect(await page.inputValue('#c-street')).toBe('Hauptstraße 5');
    expect(await page.isChecked('#c-emailConsent')).toBe(true);
    await page.fill('#c-email', 'anna@example.com');
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');
    expect(await page.innerText('#saved-notice')).toBe('Customer created.');
    const anna = await engine.ds.getRepository(Customer).findOneByOrFail({ email: 'anna@example.com' });
    expect(anna).toMatchObject({ phone: '+491512345678', country: 'DE', tags: ['regular', 'vip'] });
    // a German address at a German business: postcode before the city, no country line
    expect(await page.innerText('#postal-address')).toBe('Hauptstraße 5\n10115 Berlin');

    const product = await makeProduct(engine.ds, new Date(AT), { name: 'Wool scarf' });
    const other = await engine.ds.getRepository(Customer).save(
      engine.ds.getRepository(Customer).create({
        firstName: 'Ben',
        email: 'ben@example.com',
        createdAt: new Date(AT),
        updatedAt: new Date(AT),
      }),
    );
    await joinWaitlist(engine.ds, other.id, product.id, new Date('2026-11-01T00:00:00Z'));
    await joinWaitlist(engine.ds, anna.id, product.id, new Date('2026-11-02T00:00:00Z'));
    await makeOrder(engine.ds, anna.id, new Date('2026-10-01T10:00:00Z'), 12_990);
    await makeOrder(engine.ds, anna.id, new Date('2026-11-01T10:00:00Z'), 5_000);
    await page.reload();
    expect(await page.innerText('#lifetime-spend')).toBe('€179.90');
    expect(await page.innerText('#order-count')).toBe('2 orders');
    expect(await page.innerText('#waitlist-places')).toBe('Wool scarf: place 2');
    // the birthday email, as the scheduler's own planning will make it, in her time
    await page.waitForSelector('#upcoming-list');
    expect(await page.innerText('#upcoming-list')).toContain(
      'Birthday wishes: Email planned for Dec 4, 09:00 AM their time (Europe/Berlin)',
    );
    await screenshot(page, `customers-page-${db.name}`);

    await page.click('#log-note');
    expect(await page.innerText('#log-contact [data-field=summary]')).toBe('A note needs a text.');
    await page.fill('#log-summary', 'Asked about the autumn collection');
    await page.click('#log-call');
    await page.waitForSelector('#saved-notice');
    expect(await page.innerText('#saved-notice')).toBe('Logged in the timeline.');
    const call = page.locator('#timeline li[data-kind=contact]', {
      hasText: 'Asked about the autumn collection',
    });
    expect(await call.innerText()).toContain('Call · Olivia Owner');

    await page.click('#edit-customer');
    await page.uncheck('#c-emailConsent');
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');
    const history = await page.innerText('#consent-history');
    expect(history).toContain('Opted out: Email: consent withdrawn (web-form) · Olivia Owner');
    expect(history).toContain('Opted in: Email: consent given (web-form) · Olivia Owner');
    const events = await engine.ds.getRepository(ContactEvent).countBy({ customerId: anna.id, kind: 'call' });
    expect(events).toBe(1);

    // the list: a filter, a sort and the CSV of that view
    await page.goto(`${engine.url}/customers`);
    await page.selectOption('#f-sort', 'spend');
    await page.fill('#f-tag', 'vip');
    await page.click('#apply-filters');
    await page.waitForURL(/tag=vip/);
    expect(await page.locator('#customer-table tbody tr').count()).toBe(1);
    expect(await page.innerText('#customer-table tbody')).toContain('€179.90');
    const csv = await page.request.get(
      await page.getAttribute('#export-csv', 'href').then((h) => `${engine.url}${h}`),
    );
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Anna,Zimmer,anna@example.com');
    await page.fill('#f-spend-from', 'lots');
    await page.click('#apply-filters');
    expect(await page.innerText('[data-field=spendFrom]')).toBe('must be a number');
    expect(await page.inputValue('#f-spend-from')).toBe('lots');

    // erase asks first, through the one erase path (GDPR)
    await page.goto(`${engine.url}/customers/${anna.id}`);
    await page.fill('#confirm', 'ERASE');
    page.once('dialog', (d) => d.accept());
    await page.click('button.danger');
    await page.waitForURL(/erased=1/);
    expect(
      (await engine.ds.getRepository(Customer).findOneByOrFail({ id: anna.id })).erasedAt,
    ).not.toBeNull();
  });

  it('shows the form and the page in German on a phone', async () => {
    if (db.name !== 'sqlite') return;
    const de = await createWebUser(engine, 'owner', { name: 'Ida Inhaberin', locale: 'de' });
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, de);
    await page.goto(`${engine.url}/customers/new`);
    // a Polish customer: her local number is read in Poland, her address written the Polish way
    await fillNewCustomer(page, 'kein-email', 'PL', '512 345 678');
    await page.click('#customer-form button[type=submit]');
    expect(await page.innerText('#form-errors')).toContain('Bitte');
    await screenshot(page, 'customers-form-de-phone');
    await page.fill('#c-email', 'anna.de@example.com');
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');
    expect(await page.innerText('#saved-notice')).toBe('Kunde angelegt.');
    expect(await page.innerText('#postal-address')).toBe('Hauptstraße 5\n10115 Berlin\nPOLEN');
    expect(
      (await engine.ds.getRepository(Customer).findOneByOrFail({ email: 'anna.de@example.com' })).phone,
    ).toBe('+48512345678');
    await page.waitForSelector('#upcoming-list');
    expect(await page.innerText('#upcoming-list')).toContain('geplant für 4. Dez., 09:00 Ortszeit');
    await screenshot(page, 'customers-page-de-phone');
    await page.goto(`${engine.url}/customers?sort=name`);
    expect(await page.innerText('#customer-total')).toMatch(/\d+ Kunde/);
    await screenshot(page, 'customers-list-de-phone');
    await ctx.close();
    ctx = await newBrowserContext(browser);
    const desk = await ctx.newPage();
    await signIn(desk, engine.url, owner);
    await desk.goto(`${engine.url}/customers?sort=name`);
    await screenshot(desk, 'customers-list-en-desktop');
    await desk.goto(`${engine.url}/customers/new`);
    await screenshot(desk, 'customers-form-en-desktop');
  });
});
