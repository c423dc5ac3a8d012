import { Browser, BrowserContext, Page } from 'playwright-core';
import { MessageTemplate } from '@touchbase/store';
import {
  createWebUser,
  DESKTOP,
  describeInBrowser,
  launchChromium,
  newBrowserContext,
  PHONE,
  screenshot,
  signIn,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

/**
 * The owner edits the email layout on the Templates page (docs/web-ui.md#templates): the preview
 * shows a birthday email in it, a broken layout is refused with the Liquid error, a reset brings
 * back the shipped one; the email renders at 390 px and on a desktop, light and dark.
 */
describeInBrowser()('web: the email layout', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owners: Record<'en' | 'de', WebUser>;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], {
      at: '2026-06-15T08:00:00Z',
      env: {
        BUSINESS_NAME: 'Kaffeerösterei Bohne',
        BUSINESS_ADDRESS: 'Kaffeerösterei Bohne GmbH\\nMusterstraße 1\\n10115 Berlin',
        SHOP_URL: 'https://shop.example.test',
      },
    });
    browser = await launchChromium();
    owners = {
      en: await createWebUser(engine, 'owner', { name: 'Owner En', locale: 'en' }),
      de: await createWebUser(engine, 'owner', { name: 'Owner De', locale: 'de' }),
    };
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  async function editor(
    who: WebUser,
    lang: string,
    viewport: 'desktop' | 'phone' = 'desktop',
  ): Promise<Page> {
    ctx = await newBrowserContext(browser, viewport);
    const page = await ctx.newPage();
    page.on('dialog', (d) => void d.accept());
    await signIn(page, engine.url, who);
    await page.goto(`${engine.url}/templates`);
    await page.click(`#email-layout a:text-is("${lang}")`);
    await page.waitForURL(`**/templates/_layout/email/${lang}`);
    return page;
  }

  const previewDoc = async (page: Page) => {
    const frame = page.locator('#preview-html');
    await frame.waitFor();
    return (await frame.getAttribute('srcdoc'))!;
  };

  /** The previewed email alone, as a mail client shows it: at a width, light or dark. */
  async function renderEmail(html: string, name: string, size: { width: number; height: number }) {
    const view = await browser.newContext({ viewport: size });
    const page = await view.newPage();
    await page.setContent(html);
    const out: Record<string, { overflow: boolean; card: string }> = {};
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      out[scheme] = await page.evaluate(() => {
        const d = (globalThis as unknown as { document: any }).document;
        const card = d.querySelector('.tb-card');
        return {
          overflow: d.documentElement.scrollWidth > d.documentElement.clientWidth,
          card: (globalThis as any).getComputedStyle(card).backgroundColor as string,
        };
      });
      await screenshot(page, `email-${name}-${scheme}`);
    }
    await view.close();
    return out;
  }

  it.each([
    ['de', 'Hallo Anna', 'Zu unserem Shop', 'Abmelden'],
    ['en', 'Dear Anna', 'Visit our shop', 'Unsubscribe'],
  ] as const)(
    'shows a %s birthday email in the layout, fitting 390 px and a desktop, light and dark',
    async (lang, hello, shop, unsub) => {
      const page = await editor(owners[lang], lang, 'phone');
      expect(await page.locator('#layout-intro').innerText()).toContain('{{ content }}');
      const html = await previewDoc(page);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain('name="viewport"');
      for (const part of [hello, shop, unsub, 'Kaffeerösterei Bohne GmbH<br>Musterstraße 1<br>10115 Berlin'])
        expect(html).toContain(part);
      await screenshot(page, `email-layout-editor-${lang}-phone`);
      for (const [name, size] of [
        ['phone', PHONE],
        ['desktop', DESKTOP],
      ] as const) {
        const r = await renderEmail(html, `${lang}-${name}`, size);
        expect(r.light).toEqual({ overflow: false, card: 'rgb(255, 255, 255)' });
        expect(r.dark).toEqual({ overflow: false, card: 'rgb(27, 32, 40)' });
      }
    },
  );

  it('refuses a broken layout with the Liquid error, keeps what was typed, and resets to the shipped one', async () => {
    const page = await editor(owners.en, 'en');
    const shipped = await page.locator('#t-html').inputValue();
    const broken = shipped.replace('{% endif %}', '');
    await page.fill('#t-html', broken);
    await page.locator('#error-html:not(:empty)').waitFor();
    expect(await page.locator('#error-html').innerText()).toMatch(/not closed/);
    const saved = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/_layout/email/en'),
    );
    await page.click('#template-form button[type=submit]');
    expect((await saved).status()).toBe(422);
    await page.waitForLoadState();
    expect(await page.locator('#error-html').innerText()).toMatch(/not closed/);
    expect(await page.locator('#t-html').inputValue()).toBe(broken);

    // a working edit is saved and previewed
    await page.fill('#t-html', shipped.replace('Visit our shop', 'Our roastery'));
    await page.click('#template-form button[type=submit]');
    await page.waitForURL('**/_layout/email/en?saved=1');
    expect(await previewDoc(page)).toContain('Our roastery');
    const repo = engine.ds.getRepository(MessageTemplate);
    expect((await repo.findOneByOrFail({ key: '_layout', channel: 'email', locale: 'en' })).html).toContain(
      'Our roastery',
    );

    await page.click('#reset-layout button');
    await page.waitForURL('**/_layout/email/en?saved=reset');
    expect(await page.locator('#notice').innerText()).toContain('The shipped layout is back.');
    expect((await repo.findOneByOrFail({ key: '_layout', channel: 'email', locale: 'en' })).html).toBe(
      shipped,
    );
  });
});
