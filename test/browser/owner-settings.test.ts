import { Browser, BrowserContext } from 'playwright-core';
import { SettingsService } from '@touchbase/store';
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

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * The owner's settings page (docs/web-ui.md#settings): change a setting and a day's quiet hours,
 * see them saved and in the change log, a bad value refused by name with the typed values kept,
 * reset to the default; staff cannot reach it.
 */
describeInBrowser()('web: owner settings page', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owners: Record<'en' | 'de', WebUser>;
  let staff: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owners = {
      en: await createWebUser(engine, 'owner'),
      de: await createWebUser(engine, 'owner', { name: 'Otto Inhaber', locale: 'de' }),
    };
    staff = await createWebUser(engine, 'staff');
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const texts = {
    en: {
      nav: 'Settings',
      saved: 'Settings saved.',
      tz: 'Enter a time zone such as Europe/Berlin.',
      tzLabel: 'Time zone',
      name: 'Business name',
      monday: 'Quiet hours · Email · Monday',
    },
    de: {
      nav: 'Einstellungen',
      saved: 'Einstellungen gespeichert.',
      tz: 'Geben Sie eine Zeitzone wie Europe/Berlin ein.',
      tzLabel: 'Zeitzone',
      name: 'Name des Geschäfts',
      monday: 'Ruhezeiten · E-Mail · Montag',
    },
  } as const;

  it.each([
    ['en', 'desktop'],
    ['de', 'desktop'],
    ['en', 'phone'],
    ['de', 'phone'],
  ] as const)(
    'in %s on a %s: saves, refuses a bad time zone by name, logs and resets',
    async (lang, size) => {
      const t = texts[lang];
      const shop = `Bohne ${lang}`;
      ctx = await newBrowserContext(browser, size);
      const page = await ctx.newPage();
      await signIn(page, engine.url, owners[lang]);
      await page.goto(`${engine.url}/overview`);
      await page.locator(`nav[aria-label=main] a[href="/settings"]`).click();
      await page.waitForURL('**/settings');
      expect(await page.locator('nav[aria-label=main] a[href="/settings"]').innerText()).toBe(t.nav);
      // each field shows the environment's default beside it
      expect(await page.locator('#field-timezone .default').innerText()).toContain('BUSINESS_TIMEZONE');

      // a bad time zone: refused by name, everything typed is kept, nothing saved
      await page.fill('#s-businessName', shop);
      await page.fill('#s-quietHours-email-mon', '09:00-18:00');
      await page.fill('#s-timezone', 'Mars/Olympus');
      await page.click('#settings-form button[type=submit]');
      expect(await page.locator('[data-field=timezone]').innerText()).toBe(t.tz);
      expect(await page.locator('#s-timezone').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#s-businessName').inputValue()).toBe(shop);
      expect(await page.locator('#s-quietHours-email-mon').inputValue()).toBe('09:00-18:00');
      expect(await page.locator('#s-timezone').inputValue()).toBe('Mars/Olympus');
      await screenshot(page, `settings-error-${lang}-${size}`);
      expect((await engine.app.get(SettingsService).view()).values.businessName).not.toBe(shop);

      await page.fill('#s-timezone', 'Europe/Berlin');
      await page.click('#settings-form button[type=submit]');
      await page.waitForURL('**/settings?saved=1');
      expect(await page.locator('#notice').innerText()).toBe(t.saved);
      expect(await page.locator('#s-businessName').inputValue()).toBe(shop);
      expect(await page.locator('#s-quietHours-email-mon').inputValue()).toBe('09:00-18:00');
      const view = await engine.app.get(SettingsService).view();
      expect(view.values.businessName).toBe(shop);
      expect(view.values['quietHours.email.mon']).toBe('09:00-18:00');
      expect(view.overridden).toContain('businessName');

      // the change log: who, which setting, before → after
      const nameRow = page.locator('#settings-history tr[data-setting=businessName]').first();
      const cells = await nameRow.locator('td').allInnerTexts();
      expect(cells.slice(1, 3)).toEqual([owners[lang].name, t.name]);
      expect(cells[4]).toBe(shop);
      const monRow = page.locator('#settings-history tr[data-setting="quietHours.email.mon"]').first();
      expect((await monRow.locator('td').allInnerTexts()).slice(2)).toEqual([
        t.monday,
        '08:00-21:00',
        '09:00-18:00',
      ]);
      await screenshot(page, `settings-${lang}-${size}`);

      // reset to the default: the environment's value again
      await page.check('input[name="reset.businessName"]');
      await page.check('input[name="reset.quietHours.email.mon"]');
      await page.click('#settings-form button[type=submit]');
      await page.waitForURL('**/settings?saved=1');
      const after = await engine.app.get(SettingsService).view();
      expect(after.overridden).not.toContain('businessName');
      expect(after.values.businessName).toBe(after.defaults.businessName);
      expect(await page.locator('#s-businessName').inputValue()).toBe(after.defaults.businessName);
      expect(await page.locator('#s-quietHours-email-mon').inputValue()).toBe('08:00-21:00');
      expect(await page.locator('input[name="reset.businessName"]').count()).toBe(0);
    },
  );

  it('is not for staff: no nav link, and the page answers 403', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    expect(await page.locator('nav[aria-label=main] a[href="/settings"]').count()).toBe(0);
    expect((await page.goto(`${engine.url}/settings`))!.status()).toBe(403);
  });
  it('uploads a logo (shown, served at /brand/logo); an SVG is refused in the owner’s language', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owners.de);
    await page.goto(`${engine.url}/settings`);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>');
    await page.setInputFiles('#logo-file', { name: 'logo.svg', mimeType: 'image/svg+xml', buffer: svg });
    await page.click('#logo-upload button[type=submit]');
    expect(await page.locator('#logo-problem [data-field=logo]').innerText()).toContain(
      'PNG, JPEG, GIF oder WebP',
    );
    expect((await engine.app.get(SettingsService).view()).values.logo).toBe('');

    await page.setInputFiles('#logo-file', { name: 'logo.png', mimeType: 'image/png', buffer: PNG });
    await page.click('#logo-upload button[type=submit]');
    await page.waitForURL('**/settings?saved=1');
    expect((await engine.app.get(SettingsService).view()).values.logo).toBe(
      `data:image/png;base64,${PNG.toString('base64')}`,
    );
    expect(
      await page
        .locator('#logo-current')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBe(1);
    const row = page.locator('#settings-history tr[data-setting=logo]').first();
    expect(await row.locator('td').nth(4).innerText()).toMatch(/^\(uploaded image\/png, 0 KB\)/);
  });
});
