import { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoDataService } from '@touchbase/ingest';
import { RulesService } from '@touchbase/rules';
import { Customer, Product, RestockEvent, WaitlistEntry } from '@touchbase/store';
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

/**
 * Products, stock and waitlists in a real browser (docs/web-ui.md): a German owner adds a
 * product with a German price, puts a customer on a waitlist at the counter, takes a place off
 * (after a confirmation) and records a restock after seeing how many will be told; an English
 * staff member on a phone sees the lines. Screenshots products-<lang>-<viewport>-*.png.
 */
describeInBrowser()('web: products, stock and waitlists', () => {
  let engine: TestEngine;
  let browser: Browser;
  let ctx: BrowserContext;
  let ownerDe: WebUser;
  let ownerEn: WebUser;
  let staffEn: WebUser;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-11-27T09:00:00Z' });
    browser = await launchChromium();
    ownerDe = await createWebUser(engine, 'owner', { name: 'Olga Inhaberin', locale: 'de' });
    ownerEn = await createWebUser(engine, 'owner', { name: 'Olivia Owner', locale: 'en' });
    staffEn = await createWebUser(engine, 'staff', { name: 'Sam Staff', locale: 'en' });
    await engine.app.get(DemoDataService).seed(engine.clock.now());
    await engine.app.get(RulesService).loadYamlFile('config/rules/example.yaml');
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const waiting = (sku: string) =>
    engine.ds
      .getRepository(Product)
      .findOneByOrFail({ sku })
      .then((p) =>
        engine.ds
          .getRepository(WaitlistEntry)
          .find({ where: { productId: p.id, status: 'waiting' }, order: { joinedAt: 'ASC', id: 'ASC' } }),
      );

  async function open(page: Page, viewport: string, lang: string, name: string, path: string) {
    const res = await page.goto(`${engine.url}${path}`);
    expect(`${path} ${res!.status()}`).toBe(`${path} 200`);
    await screenshot(page, `products-${lang}-${viewport}-${name}`);
  }

  it('a German owner adds a product, keeps a waitlist at the counter and records a restock (desktop)', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, ownerDe);
    await page.click('nav >> text=Produkte');
    expect(await page.locator('#product-total').innerText()).toMatch(/^\d+ Produkte$/);
    await page.fill('#q', 'matcha');
    await page.locator('#product-total[data-total="1"]').waitFor();
    expect(await page.locator('#product-results').innerText()).toContain('28,90');
    await screenshot(page, 'products-de-desktop-list');

    // a new product: a bad address is refused beside the field, keeping what was typed
    await page.goto(`${engine.url}/products/new`);
    await page.fill('#p-sku', 'TEA-HOJICHA');
    await page.fill('#p-name', 'Hojicha 80 g');
    await page.fill('#p-price', '12,90');
    await page.fill('#p-url', 'shop.example.com/hojicha');
    await page.click('main form button[type=submit]');
    expect(await page.locator('[data-field=url]').innerText()).toBe('muss eine http(s)-Adresse sein');
    expect(await page.inputValue('#p-price')).toBe('12,90');
    await screenshot(page, 'products-de-desktop-new-error');
    await page.fill('#p-url', 'https://shop.example.com/products/tea-hojicha');
    await Promise.all([
      page.waitForURL('**/products/TEA-HOJICHA?done=created'),
      page.click('main form button[type=submit]'),
    ]);
    expect(await page.locator('#notice').innerText()).toBe('Produkt angelegt.');
    expect(await engine.ds.getRepository(Product).findOneByOrFail({ sku: 'TEA-HOJICHA' })).toMatchObject({
      priceMinor: 1290,
      url: 'https://shop.example.com/products/tea-hojicha',
    });
    expect(await page.inputValue('#p-price')).toBe('12,90');

    // the matcha's line, in order; a customer at the counter joins it
    const before = await waiting('TEA-MATCHA');
    expect(before.length).toBeGreaterThan(1);
    const onList = new Set(before.map((w) => w.customerId));
    const walkIn = (await engine.ds.getRepository(Customer).find({ order: { id: 'ASC' }, take: 50 })).find(
      (c) => !onList.has(c.id) && c.email,
    )!;
    await page.goto(`${engine.url}/products/TEA-MATCHA`);
    expect(await page.locator('#waitlist-total').innerText()).toContain(`${before.length} Kunden warten`);
    await page.fill('#wq', walkIn.email!);
    await Promise.all([page.waitForURL(/q=/), page.click('#waitlist form[role=search] button')]);
    await Promise.all([page.waitForURL(/done=added/), page.click('#matches button')]);
    const name = `${walkIn.firstName} ${walkIn.lastName}`;
    expect(await page.locator('#notice').innerText()).toBe(
      `${name} steht auf der Warteliste, Platz ${before.length + 1}.`,
    );
    await screenshot(page, 'products-de-desktop-product');

    // taking a place off asks first
    const asked: string[] = [];
    page.once('dialog', (d) => (asked.push(d.message()), d.dismiss()));
    await page.click(`#waitlist tr[data-entry="${before[0].id}"] button`);
    expect(asked[0]).toMatch(/^.+ von der Warteliste für Ceremonial matcha 30 g nehmen\?$/);
    expect((await waiting('TEA-MATCHA')).length).toBe(before.length + 1);
    page.once('dialog', (d) => d.accept());
    await Promise.all([
      page.waitForURL(/done=removed/),
      page.click(`#waitlist tr[data-entry="${before[0].id}"] button`),
    ]);
    expect(await page.locator('#notice').innerText()).toBe('Von der Warteliste entfernt.');
    expect((await waiting('TEA-MATCHA')).length).toBe(before.length);

    // a restock of 2: the confirmation counts who will be told, then the same path as the webhook
    await page.fill('#s-stock', '2');
    await Promise.all([page.waitForURL(/\/stock$/), page.click('#stock button[type=submit]')]);
    expect(await page.locator('#reach').innerText()).toBe(
      'Das ist Nachschub: 2 wartende Kunden werden beim nächsten Lauf des Planers benachrichtigt, in der Reihenfolge der Warteliste.',
    );
    await screenshot(page, 'products-de-desktop-restock-confirm');
    expect(await engine.ds.getRepository(RestockEvent).count()).toBe(0);
    await Promise.all([page.waitForURL(/done=restocked/), page.click('#confirm button[type=submit]')]);
    expect(await page.locator('#notice').innerText()).toContain(
      'Bestand auf 2 gesetzt: Nachschub; 2 wartende Kunden',
    );
    expect(await engine.ds.getRepository(RestockEvent).findOneByOrFail({ newStock: 2 })).toMatchObject({
      source: 'web',
      previousStock: 0,
    });
    await open(page, 'desktop', 'de', 'waitlists', '/waitlists');
  }, 180_000);

  it('an English owner sees the same pages on a desktop; a German owner on a phone', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, ownerEn);
    await open(page, 'desktop', 'en', 'list', '/products');
    await open(page, 'desktop', 'en', 'product', '/products/GRD-HAND');
    expect(await page.locator('#waitlist h2').innerText()).toBe('Waitlist');
    await open(page, 'desktop', 'en', 'new', '/products/new');
    await open(page, 'desktop', 'en', 'waitlists', '/waitlists');
    await ctx.close();

    ctx = await newBrowserContext(browser, 'phone');
    const phone = await ctx.newPage();
    await signIn(phone, engine.url, ownerDe);
    await open(phone, 'phone', 'de', 'list', '/products');
    await open(phone, 'phone', 'de', 'product', '/products/GRD-HAND');
    await open(phone, 'phone', 'de', 'waitlists', '/waitlists');
  }, 120_000);

  it('English staff on a phone see the lines and add a customer, but do not edit products', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, staffEn);
    await open(page, 'phone', 'en', 'list', '/products');
    const before = await waiting('GRD-HAND');
    await open(page, 'phone', 'en', 'product', '/products/GRD-HAND');
    expect(await page.locator('#edit').count()).toBe(0);
    expect(await page.locator('#s-stock').count()).toBe(0);
    const onList = new Set(before.map((w) => w.customerId));
    const walkIn = (await engine.ds.getRepository(Customer).find({ order: { id: 'DESC' }, take: 50 })).find(
      (c) => !onList.has(c.id) && c.email,
    )!;
    await page.fill('#wq', walkIn.email!);
    await Promise.all([page.waitForURL(/q=/), page.click('#waitlist form[role=search] button')]);
    await Promise.all([page.waitForURL(/done=added/), page.click('#matches button')]);
    expect(await page.locator('#notice').innerText()).toContain(`place ${before.length + 1}.`);
    await screenshot(page, 'products-en-phone-added');
    await open(page, 'phone', 'en', 'waitlists', '/waitlists');
    expect((await page.goto(`${engine.url}/products/new`))!.status()).toBe(403);
  }, 120_000);
});
