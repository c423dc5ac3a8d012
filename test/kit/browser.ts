import * as fs from 'node:fs';
import * as path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import type { UserRole } from '@touchbase/core';
import { AccountsService } from '@touchbase/staff';
import type { TestEngine } from './engine';

/**
 * Browser tests drive Debian's Chromium through playwright-core (`npx playwright install`
 * cannot download a browser here). Playwright gives every launch a fresh temporary profile
 * (its own --user-data-dir), so runs never share cookies or caches.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SCREENSHOT_DIR = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');
export const DESKTOP = { width: 1280, height: 860 };
export const PHONE = { width: 390, height: 844 };

/**
 * True when Chromium is installed. Missing on a developer machine: skip loudly. Missing in CI
 * (process.env.CI set): fail, because .ci/run installs it.
 */
export function chromiumAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI)
    throw new Error(`Browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`);
  console.warn(
    `\n*** BROWSER TESTS SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it with "apt-get install -y chromium". ***\n`,
  );
  return false;
}

/** `describe` when Chromium is there, else `describe.skip` (with the loud message above). */
export function describeInBrowser(): jest.Describe {
  return chromiumAvailable() ? describe : describe.skip;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/** A fresh context (own cookies) with a desktop or phone viewport. */
export function newBrowserContext(
  browser: Browser,
  viewport: 'desktop' | 'phone' = 'desktop',
): Promise<BrowserContext> {
  return browser.newContext(
    viewport === 'phone'
      ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'en-GB' }
      : { viewport: DESKTOP, locale: 'en-GB' },
  );
}

export interface WebUser {
  id: number;
  email: string;
  password: string;
  name: string;
}

/** Makes a user who can sign in on the web (through the staff area's AccountsService). */
export async function createWebUser(
  engine: TestEngine,
  role: UserRole,
  opts: { name?: string; email?: string; password?: string; locale?: string } = {},
): Promise<WebUser> {
  const name = opts.name ?? (role === 'owner' ? 'Olivia Owner' : 'Sam Staff');
  const email = opts.email ?? `${name.toLowerCase().replace(/\W+/g, '.')}@shop.test`;
  const password = opts.password ?? 'correct horse battery';
  const { user } = await engine.app
    .get(AccountsService)
    .createUser({ email, name, role, password, locale: opts.locale ?? 'en' });
  return { id: user.id, email, password, name };
}

/** Signs in through the real sign-in form and waits for the home page. */
export async function signIn(page: Page, baseUrl: string, user: WebUser): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#email', user.email);
  await page.fill('#password', user.password);
  await Promise.all([
    page.waitForURL((url) => !url.pathname.startsWith('/login')),
    page.click('button[type=submit]'),
  ]);
}

/** Saves a full-page screenshot to test-artifacts/screenshots/<name>.png (kept by the test run). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
