import { Browser, BrowserContext, Page } from 'playwright-core';
import { DemoDataService } from '@touchbase/ingest';
import { RulesService } from '@touchbase/rules';
import { Rule, User } from '@touchbase/store';
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
import { en, translate } from '../../apps/engine/src/web/i18n';

const LANGS = ['en', 'de', 'pl'] as const;
const KEYS = Object.keys(en);

/**
 * Every page in English, German and Polish (docs/web-ui.md#languages): the page's language,
 * a title naming the page, the favicon, the language switcher showing the current language, no
 * catalog key left untranslated, counts and dates written the language's way; screenshots of
 * each page on a desktop and of the main ones on a phone (test-artifacts/screenshots/lang-*.png).
 */
describeInBrowser()('web: every page in en, de and pl', () => {
  let engine: TestEngine;
  let browser: Browser;
  let ctx: BrowserContext;
  const owners: Record<string, WebUser> = {};
  let rule: Rule;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T05:00:00Z' });
    browser = await launchChromium();
    for (const lang of LANGS)
      owners[lang] = await createWebUser(engine, 'owner', { name: `Owner ${lang}`, locale: lang });
    await engine.app.get(DemoDataService).seed(engine.clock.now());
    if (!(await engine.ds.getRepository(Rule).count()))
      await engine.app.get(RulesService).loadYamlFile('config/rules/example.yaml');
    rule = await engine.ds.getRepository(Rule).findOneOrFail({ where: {}, order: { id: 'ASC' } });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const pages = () => [
    '/overview',
    '/today',
    '/customers',
    '/customers/1',
    '/products',
    '/products/TEA-MATCHA',
    '/waitlists',
    '/rules',
    `/rules/${rule.id}/edit`,
    `/rules/${rule.id}/preview`,
    '/templates',
    '/templates/birthday/email/en',
    '/activity',
    '/imports',
    '/users',
    '/webhooks-settings',
    '/account',
  ];

  async function check(page: Page, lang: string, path: string): Promise<void> {
    const res = await page.goto(`${engine.url}${path}`);
    expect(`${path} ${res!.status()}`).toBe(`${path} 200`);
    await page.waitForLoadState('networkidle');
    expect(`${path} ${await page.getAttribute('html', 'lang')}`).toBe(`${path} ${lang}`);
    const title = await page.title();
    expect(`${path} ${title}`).toMatch(new RegExp(`^${path} .+ · ${engine.config.business.name}$`));
    expect(await page.getAttribute('link[rel=icon]', 'href')).toBe('/assets/favicon.svg');
    expect(`${path} ${await page.inputValue('#locale-switch')}`).toBe(`${path} ${lang}`);
    const text = await page.locator('body').innerText();
    const raw = KEYS.filter((k) => text.includes(k));
    expect(`${path} untranslated: ${raw.join(', ')}`).toBe(`${path} untranslated: `);
  }

  // a dozen pages per test: generous budgets, as browser tests share two cores with the rest
  for (const lang of LANGS) {
    it(`shows every owner page in ${lang} on a desktop`, async () => {
      ctx = await newBrowserContext(browser);
      const page = await ctx.newPage();
      await signIn(page, engine.url, owners[lang]);
      for (const path of pages()) {
        await check(page, lang, path);
        await screenshot(page, `lang-${lang}-desktop${path.replace(/\//g, '-')}`);
      }
      // counts and dates the language's way
      await page.goto(`${engine.url}/customers`);
      const total = Number(await page.locator('#customer-total').getAttribute('data-total'));
      expect(await page.locator('#customer-total').innerText()).toBe(
        translate(lang, 'customers.results', { n: total }),
      );
      await page.goto(`${engine.url}/overview`);
      const june = new Intl.DateTimeFormat(lang, { month: 'short', timeZone: 'UTC' }).format(
        new Date('2026-06-15T12:00:00Z'),
      );
      expect(await page.locator('main').innerText()).toContain(june);
    }, 240_000);

    it(`shows the main pages in ${lang} on a phone`, async () => {
      ctx = await newBrowserContext(browser, 'phone');
      const phone = await ctx.newPage();
      await signIn(phone, engine.url, owners[lang]);
      for (const path of ['/today', '/customers', '/customers/1', '/webhooks-settings']) {
        await check(phone, lang, path);
        await screenshot(phone, `lang-${lang}-phone${path.replace(/\//g, '-')}`);
      }
    }, 120_000);
  }

  it('the sign-in page follows the browser’s language; the switcher keeps the page and the choice', async () => {
    ctx = await browser.newContext({ locale: 'pl-PL' });
    const page = await ctx.newPage();
    await page.goto(`${engine.url}/login`);
    expect(await page.getAttribute('html', 'lang')).toBe('pl');
    expect(await page.locator('h1').innerText()).toBe('Logowanie');
    expect(await page.title()).toBe(`Logowanie · ${engine.config.business.name}`);
    await screenshot(page, 'lang-pl-login');
    await signIn(page, engine.url, owners.en);
    await page.goto(`${engine.url}/webhooks-settings`);
    await Promise.all([page.waitForURL('**/webhooks-settings'), page.selectOption('#locale-switch', 'pl')]);
    await page.locator('h2', { hasText: 'Formularz „Powiadom mnie” w sklepie' }).waitFor();
    expect((await engine.ds.getRepository(User).findOneByOrFail({ id: owners.en.id })).locale).toBe('pl');
    // a refused form keeps what was typed and says what is wrong, in Polish
    await page.fill('#sf-origins', 'sklep.example.pl/bez-schematu');
    await page.fill('#sf-limitPerIp', '0');
    await page.click('#storefront-settings button[type=submit]');
    await page.locator('[data-field=limitPerIp]').waitFor();
    expect(await page.locator('[data-field=limitPerIp]').innerText()).toBe(
      'Podaj liczbę całkowitą od 1 do 10\u00a0000.',
    );
    expect(await page.inputValue('#sf-origins')).toBe('sklep.example.pl/bez-schematu');
    expect(await page.inputValue('#sf-limitPerIp')).toBe('0');
    await screenshot(page, 'lang-pl-storefront-settings-error');
    await Promise.all([page.waitForURL('**/webhooks-settings'), page.selectOption('#locale-switch', 'en')]);
  }, 120_000);
});
