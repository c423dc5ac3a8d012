import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Browser, BrowserContext } from 'playwright-core';
import { Dispatcher } from '@touchbase/messaging';
import { Customer, WaitlistEntry } from '@touchbase/store';
import {
  apiCall,
  describeInBrowser,
  freePort,
  launchChromium,
  newBrowserContext,
  screenshot,
  SmtpSink,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

/**
 * The storefront "notify me" snippet as a shop uses it (docs/shops.md#storefront-notify-me-form):
 * a static shop page on another local port embeds the snippet; a visitor fills in the form; the
 * confirmation email arrives in a real SMTP sink; its link, opened and confirmed in the browser,
 * puts the visitor on the product's waitlist. On a desktop and a phone viewport.
 */
describeInBrowser()('web: the storefront notify-me snippet on a shop page', () => {
  let engine: TestEngine;
  let browser: Browser;
  let sink: SmtpSink;
  let shop: http.Server;
  let shopUrl: string;
  let ctx: BrowserContext;

  beforeAll(async () => {
    // the shop: one product page with the snippet, on its own origin
    shop = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Matcha – Teeladen</title></head>
<body><h1>Matcha</h1><p>Leider ausverkauft.</p>
<div data-touchbase-notify data-sku="TEA-MATCHA" data-product="Matcha" data-locale="de"></div>
<script src="${engine.url}/storefront/notify-me.js" defer></script></body></html>`);
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    sink = await SmtpSink.start();
    const port = await freePort();
    engine = await startTestEngine(testDatabases()[0], {
      at: '2026-06-15T10:00:00Z',
      port,
      env: {
        PUBLIC_BASE_URL: `http://127.0.0.1:${port}`,
        STOREFRONT_ORIGINS: shopUrl,
        SMTP_URL: sink.url,
        SMTP_FROM: 'Teeladen <shop@example.test>',
      },
    });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA', { name: 'Matcha', stock: 0 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
    await sink?.close();
    await new Promise((resolve) => shop?.close(resolve));
  });
  afterEach(async () => ctx?.close());

  it.each([
    ['desktop', 'greta@example.de'],
    ['phone', 'piotr@example.pl'],
  ] as const)('on a %s: form → confirmation email → confirm link → waitlist row', async (viewport, email) => {
    ctx = await newBrowserContext(browser, viewport);
    const page = await ctx.newPage();
    await page.goto(shopUrl);
    const form = page.locator('form.touchbase-notify');
    await form.waitFor();
    expect(await form.innerText()).toContain('Matcha');
    await form.locator('input[name=address]').fill(email);
    await form.locator('input[name=consent]').check();
    await form.locator('button[type=submit]').click();
    // the visitor's answer in the page's language
    await form.locator('[role=status]', { hasText: 'Fast geschafft' }).waitFor({ timeout: 15_000 });
    await screenshot(page, `storefront-notify-me-${viewport}`);

    // The confirmation goes through the outbox to the SMTP sink.
    await engine.app.get(Dispatcher).dispatchDue(engine.clock.now());
    const [mail] = sink.to(email);
    expect(mail).toBeDefined();
    expect(mail.subject).toBe('Bitte bestätigen: Benachrichtigung für Matcha');
    const link = /https?:\/\/\S+\/storefront\/confirm\/[\w-]+/.exec(mail.text ?? '')?.[0];
    expect(link?.startsWith(engine.url)).toBe(true);
    expect(await engine.ds.getRepository(WaitlistEntry).count()).toBe(viewport === 'desktop' ? 0 : 1);

    await page.goto(link!);
    expect(await page.title()).not.toBe('');
    await page.locator('form button[type=submit]').click();
    await page.waitForLoadState();
    expect(await page.locator('body').innerText()).toContain('Danke');
    await screenshot(page, `storefront-confirmed-${viewport}`);
    const customer = await engine.ds.getRepository(Customer).findOneByOrFail({ email });
    expect(customer).toMatchObject({ emailConsent: true, emailConsentSource: 'storefront-double-opt-in' });
    expect(await engine.ds.getRepository(WaitlistEntry).findBy({ customerId: customer.id })).toEqual([
      expect.objectContaining({ status: 'waiting' }),
    ]);
  });
});
