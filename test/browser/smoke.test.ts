import { Browser } from 'playwright-core';
import { createWebUser, describeInBrowser, launchChromium, newBrowserContext, screenshot, signIn, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

describeInBrowser()('web smoke', () => {
  let engine: TestEngine;
  let browser: Browser;
  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('signs in', async () => {
    const owner = await createWebUser(engine, 'owner');
    const ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await screenshot(page, 'smoke');
    expect(page.url()).toContain('/overview');
  });
});
