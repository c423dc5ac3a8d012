import { Browser, BrowserContext } from 'playwright-core';
import { ApiToken } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
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

/** The API tokens page: an owner sees and revokes everyone's tokens, staff only their own. */
describeInBrowser()('web: API tokens page', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let sam: WebUser;
  let ctx: BrowserContext;
  let samToken: { token: string; id: number };
  let kimToken: { token: string; id: number };

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
    sam = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    const kim = await createWebUser(engine, 'staff', { name: 'Kim Kasse' });
    const accounts = engine.app.get(AccountsService);
    samToken = await accounts.issueToken(sam.id, 'nightly import');
    kimToken = await accounts.issueToken(kim.id, 'till script');
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  it('lets the owner see every token (never the secret) and revoke one', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.click('nav >> text=API tokens');
    await page.waitForURL('**/tokens');
    const rows = page.locator('#token-list tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await page.locator(`#token-${samToken.id}`).innerText()).toContain('Sam Staff');
    expect(await page.locator(`#token-${kimToken.id}`).innerText()).toContain('till script');
    const html = await page.content();
    expect(html).not.toContain(samToken.token);
    expect(html).not.toContain(kimToken.token);
    await screenshot(page, 'tokens-owner');
    page.once('dialog', (d) => void d.accept());
    await page.click(`#token-${kimToken.id} button:has-text("Revoke")`);
    await page.waitForURL('**/tokens?revoked=1');
    expect(await page.locator('#tokens-notice').innerText()).toContain('revoked');
    expect(await page.locator(`#token-${kimToken.id}`).count()).toBe(0);
    expect(await engine.ds.getRepository(ApiToken).countBy({ id: kimToken.id })).toBe(0);
    const api = await fetch(`${engine.url}/api/me`, {
      headers: { authorization: `Bearer ${kimToken.token}` },
    });
    expect(api.status).toBe(401);
  });

  it('shows staff only their own tokens, and refuses to revoke anyone else’s', async () => {
    const other = await engine.app.get(AccountsService).issueToken(owner.id, 'owner backup');
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, sam);
    await page.goto(`${engine.url}/tokens`);
    expect(await page.locator('#token-list tbody tr').count()).toBe(1);
    expect(await page.locator(`#token-${samToken.id}`).count()).toBe(1);
    await screenshot(page, 'tokens-staff-phone');
    // a hand-made form for the owner's token: 404, and the token stays
    const csrf = await page.locator('input[name=_csrf]').first().inputValue();
    const res = await page.request.post(`${engine.url}/tokens/${other.id}/revoke`, {
      form: { _csrf: csrf },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(404);
    expect(await engine.ds.getRepository(ApiToken).countBy({ id: other.id })).toBe(1);
    page.once('dialog', (d) => void d.accept());
    await page.click(`#token-${samToken.id} button:has-text("Revoke")`);
    await page.waitForURL('**/tokens?revoked=1');
    expect(await page.locator('#no-tokens').isVisible()).toBe(true);
  });
});
