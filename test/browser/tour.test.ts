import * as fs from 'node:fs';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { CustomerService, DemoDataService, GdprService } from '@touchbase/ingest';
import { Dispatcher } from '@touchbase/messaging';
import { RulesService, TickService } from '@touchbase/rules';
import { ContactEvent, Customer, OutboxMessage, Rule, User } from '@touchbase/store';
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
 * A tour of every main page on the demo shop, on a desktop and a phone viewport, with a
 * screenshot of each (test-artifacts/screenshots/tour-*.png), plus the language switch and a
 * GDPR export and erase from the customer page.
 */
describeInBrowser()('web: a tour of the demo shop', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let staff: WebUser;
  let ctx: BrowserContext;
  let busyCustomer: number;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T05:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
    staff = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    await createWebUser(engine, 'staff', { name: 'Kim Kasse' });
    await engine.app.get(DemoDataService).seed(engine.clock.now());
    if (!(await engine.ds.getRepository(Rule).count()))
      await engine.app.get(RulesService).loadYamlFile('config/rules/example.yaml');
    // a few days of work: ticks each morning and hour, each followed by a dispatch
    for (const at of [
      '2026-06-15T05:00:00Z',
      '2026-06-15T08:00:00Z',
      '2026-06-16T08:00:00Z',
      '2026-06-17T08:00:00Z',
      '2026-06-17T09:00:00Z',
    ]) {
      engine.clock.set(at);
      await engine.app.get(TickService).tick(engine.clock.now());
      await engine.app.get(Dispatcher).dispatchDue(engine.clock.now());
    }
    // and one message the provider refused, as the dispatcher would have recorded it
    const refused = await engine.ds
      .getRepository(OutboxMessage)
      .findOneOrFail({ where: { status: 'sent' }, order: { id: 'ASC' } });
    await engine.ds
      .getRepository(OutboxMessage)
      .update(
        { id: refused.id },
        { status: 'failed', attempts: 1, lastError: '550 5.1.1 mailbox unavailable (permanent)' },
      );
    const [row] = await engine.ds.query(
      'SELECT customer_id FROM touches GROUP BY customer_id ORDER BY COUNT(*) DESC, customer_id LIMIT 1',
    );
    busyCustomer = Number(row?.customer_id ?? 1);
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  async function visit(page: Page, path: string, shot: string): Promise<void> {
    const res = await page.goto(`${engine.url}${path}`);
    expect(`${path} ${res!.status()}`).toBe(`${path} 200`);
    expect((await page.locator('h1').first().innerText()).length).toBeGreaterThan(0);
    await page.waitForLoadState('networkidle');
    await screenshot(page, shot);
  }

  for (const viewport of ['desktop', 'phone'] as const) {
    it(`shows every owner page on a ${viewport}`, async () => {
      ctx = await newBrowserContext(browser, viewport);
      const page = await ctx.newPage();
      await signIn(page, engine.url, owner);
      const rule = await engine.ds.getRepository(Rule).findOneOrFail({ where: {}, order: { id: 'ASC' } });
      await visit(page, '/overview', `tour-${viewport}-overview`);
      await visit(page, '/today', `tour-${viewport}-today-owner`);
      await visit(page, '/customers', `tour-${viewport}-customers`);
      await visit(page, `/customers/${busyCustomer}`, `tour-${viewport}-customer`);
      await visit(page, '/rules', `tour-${viewport}-rules`);
      await visit(page, `/rules/${rule.id}/edit`, `tour-${viewport}-rule-edit`);
      await visit(page, `/rules/${rule.id}/preview`, `tour-${viewport}-rule-preview`);
      await visit(page, '/templates', `tour-${viewport}-templates`);
      await visit(page, '/templates/birthday/email/de', `tour-${viewport}-template-edit`);
      await visit(page, '/activity', `tour-${viewport}-activity`);
      await visit(page, '/imports', `tour-${viewport}-imports`);
      await visit(page, '/users', `tour-${viewport}-users`);
      await visit(page, '/account', `tour-${viewport}-account`);
      // nothing is wider than the viewport (tables scroll inside their own box)
      const overflow = await page.evaluate(
        () => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth,
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }

  it('shows the staff list on a phone', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    await visit(page, '/today', 'tour-phone-today-staff');
    await visit(page, '/customers', 'tour-phone-customers-staff');
  });

  it('switches the language to German and back, remembered for the user', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/customers`);
    await Promise.all([page.waitForURL('**/customers'), page.selectOption('#locale-switch', 'de')]);
    await page.locator('nav >> text=Kunden').waitFor();
    expect(await page.locator('h1').innerText()).toBe('Kunden');
    expect((await engine.ds.getRepository(User).findOneByOrFail({ id: owner.id })).locale).toBe('de');
    await visit(page, '/overview', 'tour-desktop-overview-de');
    await page.selectOption('#locale-switch', 'en');
    await page.locator('nav >> text=Customers').waitFor();
  });

  it('exports a customer as JSON and erases them after confirmation', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    const { customer } = await engine.app
      .get(CustomerService)
      .create({ firstName: 'Erika', lastName: 'Erase', email: 'erika@example.test', emailConsent: true });
    await engine.ds.getRepository(ContactEvent).insert({
      customerId: customer.id,
      occurredAt: engine.clock.now(),
      direction: 'in',
      kind: 'note',
      summary: 'asked to be forgotten',
    });
    await page.goto(`${engine.url}/customers/${customer.id}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Export (JSON)')]);
    const exported = JSON.parse(fs.readFileSync((await download.path())!, 'utf8'));
    expect(exported.customer.email).toBe('erika@example.test');
    expect(exported).toEqual(
      await engine.app
        .get(GdprService)
        .export(customer.id)
        .then((e) => JSON.parse(JSON.stringify({ ...e, exportedAt: exported.exportedAt }))),
    );

    page.on('dialog', (d) => d.accept());
    await page.fill('#confirm', 'ERASE');
    await Promise.all([page.waitForURL(/erased=1/), page.click('button:has-text("Erase this customer")')]);
    expect(await page.locator('#notice').innerText()).toContain('The customer was erased.');
    const erased = await engine.ds.getRepository(Customer).findOneByOrFail({ id: customer.id });
    expect([erased.email, erased.erasedAt !== null]).toEqual([null, true]);
    expect(await page.locator('main').innerText()).not.toContain('asked to be forgotten');
  });
});
