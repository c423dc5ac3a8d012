import { Browser, BrowserContext } from 'playwright-core';
import { OutboxMessage, User } from '@touchbase/store';
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

/** "Forgot password" from the sign-in page, and an owner editing a user and sending them a reset link. */
describeInBrowser()('web: password reset and editing users', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let sam: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
    sam = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const lastLink = async (to: string) => {
    const [m] = await engine.ds
      .getRepository(OutboxMessage)
      .find({ where: { purpose: 'password_reset', recipient: to }, order: { id: 'DESC' }, take: 1 });
    return /\/reset\/[0-9a-f]{64}/.exec(m.text)![0];
  };

  it('resets a forgotten password through the emailed link, once', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await page.goto(`${engine.url}/login`);
    await page.click('#forgot-link');
    await page.waitForURL('**/forgot');
    await page.fill('#forgot-email', sam.email);
    await page.click('#forgot button[type=submit]');
    expect(await page.locator('#forgot-sent').innerText()).toContain('30 minutes');
    await screenshot(page, 'forgot-password-phone');

    const link = await lastLink(sam.email);
    await page.goto(`${engine.url}${link}`);
    await page.fill('#reset-new', 'sams new passphrase');
    await page.fill('#reset-repeat', 'sams new passphrase!');
    await page.click('#reset button[type=submit]');
    expect(await page.locator('[data-field=repeat]').innerText()).toContain('not the same');
    await page.fill('#reset-new', 'sams new passphrase');
    await page.fill('#reset-repeat', 'sams new passphrase');
    await page.click('#reset button[type=submit]');
    await page.waitForURL('**/login?reset=1');
    expect(await page.locator('#reset-done').isVisible()).toBe(true);
    await signIn(page, engine.url, { ...sam, password: 'sams new passphrase' });
    expect(new URL(page.url()).pathname).toBe('/today');

    const again = await page.goto(`${engine.url}${link}`);
    expect(again!.status()).toBe(410);
    expect(await page.locator('#reset-invalid').innerText()).toContain('expired or was already used');
    await screenshot(page, 'reset-link-used-phone');
  });

  it("lets the owner edit a user's name, email and role, and send them a reset link", async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/users`);
    await page.click(`#user-${sam.id} a:has-text("Sam Staff")`);
    await page.waitForURL(`**/users/${sam.id}`);
    await page.fill('#e-name', 'Samira Staff');
    await page.fill('#e-email', 'owner-not-unique');
    await page.click('#edit-user button[type=submit]');
    expect(await page.locator('#edit-user [data-field=email]').innerText()).toContain('email');
    expect(await page.locator('#e-name').inputValue()).toBe('Samira Staff');
    await page.fill('#e-email', 'samira@shop.test');
    await page.click('#edit-user button[type=submit]');
    await page.waitForURL('**/users?saved=1');
    const stored = await engine.ds.getRepository(User).findOneByOrFail({ id: sam.id });
    expect([stored.name, stored.email]).toEqual(['Samira Staff', 'samira@shop.test']);

    await page.goto(`${engine.url}/users/${sam.id}`);
    await page.click('#reset-user button[type=submit]');
    await page.waitForURL(`**/users/${sam.id}?reset=1`);
    expect(await page.locator('#user-notice').innerText()).toContain('samira@shop.test');
    expect(await lastLink('samira@shop.test')).toMatch(/^\/reset\//);
    await screenshot(page, 'user-edit');

    // the last owner cannot make themselves staff here either
    await page.goto(`${engine.url}/users/${owner.id}`);
    await page.selectOption('#e-role', 'staff');
    await page.click('#edit-user button[type=submit]');
    expect(await page.locator('#edit-user [data-field=role]').innerText()).toContain('last active owner');
  });

  it("lets the owner set a person's working days, holiday and cover on the user page", async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/users/${sam.id}`);
    // Monday to Friday by default; untick Monday and Friday
    await page.uncheck('#user-days input[value="1"]');
    await page.uncheck('#user-days input[value="5"]');
    await page.fill('#e-away-from', '2026-08-14');
    await page.fill('#e-away-until', '2026-08-03');
    await page.selectOption('#e-cover', String(owner.id));
    await page.click('#edit-user button[type=submit]');
    expect(await page.locator('#edit-user [data-field=awayUntil]').innerText()).toContain('awayFrom');
    expect(await page.locator('#user-days input[value="1"]').isChecked()).toBe(false);
    await page.fill('#e-away-from', '2026-08-03');
    await page.fill('#e-away-until', '2026-08-14');
    await page.click('#edit-user button[type=submit]');
    await page.waitForURL('**/users?saved=1');
    const stored = await engine.ds.getRepository(User).findOneByOrFail({ id: sam.id });
    expect([stored.workingDays, stored.awayFrom, stored.awayUntil, stored.coverUserId]).toEqual([
      '2,3,4',
      '2026-08-03',
      '2026-08-14',
      owner.id,
    ]);
    await page.goto(`${engine.url}/users/${sam.id}`);
    expect(await page.locator('#user-days input[value="3"]').isChecked()).toBe(true);
    await screenshot(page, 'user-days-phone');
  });
});
