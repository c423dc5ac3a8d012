import { Browser, BrowserContext, Page } from 'playwright-core';
import { MessageTemplate, Rule } from '@touchbase/store';
import {
  createWebUser,
  describeInBrowser,
  launchChromium,
  newBrowserContext,
  signIn,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

/** The owner renames and deletes templates on the Templates page; a template a rule needs is refused, naming the rule. */
describeInBrowser()('web: owner renames and deletes templates', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owners: Record<'en' | 'de' | 'pl', WebUser>;
  let ctx: BrowserContext;
  const keysOf = async (key: string) =>
    (await engine.ds.getRepository(MessageTemplate).findBy({ key }))
      .map((t) => `${t.channel}/${t.locale}`)
      .sort();

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owners = {
      en: await createWebUser(engine, 'owner', { name: 'Owner En', locale: 'en' }),
      de: await createWebUser(engine, 'owner', { name: 'Owner De', locale: 'de' }),
      pl: await createWebUser(engine, 'owner', { name: 'Owner Pl', locale: 'pl' }),
    };
    const templates = engine.ds.getRepository(MessageTemplate);
    const now = new Date('2026-06-15T08:00:00Z');
    for (const [channel, locale] of [
      ['email', 'en'],
      ['email', 'de'],
      ['sms', 'en'],
    ])
      await templates.save(
        templates.create({
          key: 'spring_sale',
          channel,
          locale,
          subject: 'Spring',
          html: '<p>Hi</p>',
          text: 'Hi',
          updatedAt: now,
        }),
      );
    const rules = engine.ds.getRepository(Rule);
    await rules.save(
      rules.create({
        name: 'Birthday card',
        kind: 'birthday',
        params: {},
        channel: 'email',
        templateKey: 'birthday',
        audience: {},
        createdAt: now,
        updatedAt: now,
      }),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  async function templatesPage(who: WebUser): Promise<Page> {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, who);
    await page.goto(`${engine.url}/templates`);
    page.on('dialog', (d) => void d.accept());
    return page;
  }

  it('renames a key, deletes one version after confirming, then the whole key', async () => {
    const page = await templatesPage(owners.en);
    await page.fill('#r-spring_sale', 'summer_sale');
    await page.click('[data-rename="spring_sale"] button');
    await page.waitForURL('**/templates?renamed=summer_sale');
    expect(await page.locator('#notice').innerText()).toContain('Renamed to summer_sale.');
    expect(await keysOf('spring_sale')).toEqual([]);
    expect(await keysOf('summer_sale')).toEqual(['email/de', 'email/en', 'sms/en']);

    // a bad or taken key is refused in place, nothing changes
    await page.fill('#r-summer_sale', 'birthday');
    const taken = page.waitForResponse((r) => r.url().endsWith('/templates/summer_sale/rename'));
    await page.click('[data-rename="summer_sale"] button');
    expect((await taken).status()).toBe(409);
    await page.waitForLoadState();
    expect(await page.locator('#template-refusal').innerText()).toContain(
      'a template with that key already exists',
    );
    expect(await keysOf('summer_sale')).toHaveLength(3);

    // one version from its editor, after the confirmation
    await page.goto(`${engine.url}/templates/summer_sale/email/de`);
    const confirmText = await page.locator('#delete-version').getAttribute('data-confirm');
    expect(confirmText).toBe('Delete the template summer_sale · email · de?');
    await page.click('#delete-version button');
    await page.waitForURL('**/templates?deleted=*');
    expect(await page.locator('#notice').innerText()).toContain('Deleted summer_sale/email/de.');
    expect(await keysOf('summer_sale')).toEqual(['email/en', 'sms/en']);

    // a cancelled confirmation deletes nothing
    page.removeAllListeners('dialog');
    page.once('dialog', (d) => void d.dismiss());
    await page.click('[data-delete="summer_sale"] button');
    expect(await keysOf('summer_sale')).toEqual(['email/en', 'sms/en']);

    page.once('dialog', (d) => void d.accept());
    await page.click('[data-delete="summer_sale"] button');
    await page.waitForURL('**/templates?deleted=summer_sale');
    expect(await keysOf('summer_sale')).toEqual([]);
    expect(await page.locator('#template-list').innerText()).not.toContain('summer_sale');
  });

  it.each([
    ['en', 'birthday was not deleted: these rules need it', 'birthday was not renamed'],
    [
      'de',
      'birthday wurde nicht gelöscht: Diese Regeln brauchen die Vorlage',
      'birthday wurde nicht umbenannt',
    ],
    ['pl', 'Nie usunięto birthday: te reguły go potrzebują', 'Nie zmieniono nazwy birthday'],
  ] as const)(
    'refuses to delete or rename a template a rule needs, naming the rule (%s)',
    async (lang, deleted, renamed) => {
      const page = await templatesPage(owners[lang]);
      const before = await keysOf('birthday');
      expect(before.length).toBeGreaterThan(0);
      const response = page.waitForResponse((r) => r.url().endsWith('/templates/birthday/delete'));
      await page.click('[data-delete="birthday"] button');
      expect((await response).status()).toBe(409);
      await page.waitForLoadState();
      const refusal = page.locator('#template-refusal');
      expect(await refusal.innerText()).toContain(deleted);
      expect(await refusal.locator('a').innerText()).toContain('Birthday card');
      expect(await refusal.locator('a').getAttribute('href')).toMatch(/^\/rules\/\d+$/);

      await page.fill('#r-birthday', 'birthday_new');
      const renaming = page.waitForResponse((r) => r.url().endsWith('/templates/birthday/rename'));
      await page.click('[data-rename="birthday"] button');
      expect((await renaming).status()).toBe(409);
      await page.waitForLoadState();
      expect(await page.locator('#template-refusal').innerText()).toContain(renamed);
      expect(await keysOf('birthday')).toEqual(before);
      expect(await keysOf('birthday_new')).toEqual([]);
    },
  );
});
