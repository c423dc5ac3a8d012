import { Browser, BrowserContext, Page } from 'playwright-core';
import { CustomerService, OrderService } from '@touchbase/ingest';
import { RulesService } from '@touchbase/rules';
import { AccountsService, principal, TasksService } from '@touchbase/staff';
import { Customer, Tier, TierChange } from '@touchbase/store';
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
 * Service tiers in a real browser (docs/web-ui.md#service-tiers): the owner creates a tier (an
 * error keeps what was typed), sees how many customers it has, sets one by hand on the customer
 * form and sees the change on the page's timeline; staff see the tier on their Today card. In
 * English on a desktop and in German on a phone, with screenshots.
 */
describeInBrowser()('web: service tiers', () => {
  let engine: TestEngine;
  let browser: Browser;
  let ctx: BrowserContext;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    const customers = engine.app.get(CustomerService);
    const orders = engine.app.get(OrderService);
    for (const [key, firstName, total] of [
      ['anna', 'Anna', '620.00'],
      ['bert', 'Bert', '80.00'],
    ] as const) {
      ids[key] = (
        await customers.create({
          firstName,
          lastName: 'Schmidt',
          email: `${key}@example.test`,
          phone: '+4915112345678',
        })
      ).customer.id;
      await orders.create({
        externalId: `O-${key}`,
        customerId: ids[key],
        placedAt: '2026-05-02T10:00:00Z',
        total,
        currency: 'EUR',
      });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const staffCard = async (staff: WebUser) => {
    const owner = await engine.app.get(AccountsService).get(staff.id);
    return engine.app.get(TasksService).create(principal(owner, 'session'), {
      customerId: ids.anna,
      kind: 'call',
      title: 'Check in with Anna',
      assigneeId: staff.id,
      dueDay: '2026-06-15',
    });
  };

  async function addTier(page: Page, name: string, rank: string, spend: string) {
    await page.fill('#t-name', name);
    await page.fill('#t-rank', rank);
    await page.check('input[name=basis][value=activity]');
    await page.fill('#t-minSpend', spend);
    await page.fill('#t-minOrders', '');
    await page.fill('#t-windowDays', '365');
    await page.click('#tier-form button[type=submit]');
  }

  it('creates a tier, sees it on the customer and on a staff task, in English on a desktop', async () => {
    const owner = await createWebUser(engine, 'owner');
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/customers`);
    await page.click('#tiers-link');
    await page.waitForSelector('#no-tiers');
    // no threshold: named beside the field, what was typed stays
    await addTier(page, 'VIP', '1', '');
    expect(await page.innerText('[data-field=minSpend]')).toBe(
      'Give a minimum spend, a minimum number of orders, or both.',
    );
    expect(await page.inputValue('#t-name')).toBe('VIP');
    expect(await page.inputValue('#t-windowDays')).toBe('365');
    await page.fill('#t-minSpend', '500');
    await page.click('#tier-form button[type=submit]');
    await page.waitForSelector('#notice .notice');
    const row = page.locator('#tiers tr[data-tier=VIP]');
    expect(await row.innerText()).toContain('spent at least €500.00 in the last 365 days');
    expect(await row.locator('.tier-count').innerText()).toBe('1 customer');
    await screenshot(page, 'tiers-list-en-desktop');
    // the customer page shows the tier, computed, and the change on the timeline
    await page.goto(`${engine.url}/customers/${ids.anna}`);
    expect(await page.innerText('#customer-tier')).toBe('VIP computed');
    expect(await page.innerText('#timeline li[data-kind=tier]')).toContain('Tier: none → VIP');
    // the list filters by tier
    await page.goto(`${engine.url}/customers?tier=VIP`);
    expect(await page.innerText('#customer-total')).toMatch(/^1 /);
    expect(await page.innerText('#customer-table td.tier')).toBe('VIP');
    // a staff member's Today card carries the tier
    const staff = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    const task = await staffCard(staff);
    const staffCtx = await newBrowserContext(browser);
    const staffPage = await staffCtx.newPage();
    await signIn(staffPage, engine.url, staff);
    await staffPage.goto(`${engine.url}/today`);
    expect(await staffPage.innerText(`#task-${task.id} .badge.tier`)).toBe('VIP');
    await screenshot(staffPage, 'tiers-today-en-desktop');
    await staffCtx.close();
    // a tier a rule's audience names cannot be deleted: the page says which rule
    await engine.app
      .get(RulesService)
      .create({ name: 'VIP birthday card', kind: 'birthday', channel: 'task', audience: { tiers: ['VIP'] } });
    await page.goto(`${engine.url}/tiers`);
    page.once('dialog', (d) => void d.accept());
    await page.click('#tiers tr[data-tier=VIP] button.danger');
    await page.waitForSelector('#tiers-problem');
    expect(await page.innerText('#tiers-problem')).toBe(
      'This tier is named in the audience of “VIP birthday card”. Change those rules first.',
    );
    expect(await engine.ds.getRepository(Tier).countBy({ name: 'VIP' })).toBe(1);
  });

  it('sets a tier by hand in German on a phone, recorded with who and shown on the timeline', async () => {
    const de = await createWebUser(engine, 'owner', { name: 'Ida Inhaberin', locale: 'de' });
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, de);
    await page.goto(`${engine.url}/tiers`);
    await page.fill('#t-name', 'Stammkunde');
    await page.fill('#t-rank', '2');
    await page.check('input[name=basis][value=manual]');
    await page.click('#tier-form button[type=submit]');
    await page.waitForSelector('#notice .notice');
    expect(await page.innerText('#tiers tr[data-tier=Stammkunde]')).toContain('von Hand gesetzt');
    await screenshot(page, 'tiers-list-de-phone');
    await page.goto(`${engine.url}/customers/${ids.bert}/edit`);
    await page.selectOption('#c-tier', 'Stammkunde');
    await page.click('#customer-form button[type=submit]');
    await page.waitForSelector('#saved-notice');
    expect(await page.innerText('#saved-notice')).not.toContain('Nichts geändert');
    expect(await page.innerText('#customer-tier')).toBe('Stammkunde von Hand gesetzt');
    const entry = page.locator('#timeline li[data-kind=tier]').first();
    expect(await entry.innerText()).toContain('Stufe: keine → Stammkunde');
    expect(await entry.innerText()).toContain('Ida Inhaberin');
    await screenshot(page, 'tiers-customer-de-phone');
    const change = await engine.ds.getRepository(TierChange).findOneByOrFail({ customerId: ids.bert });
    expect(change).toMatchObject({ toName: 'Stammkunde', reason: 'manual', userId: de.id });
    // delete asks first; the customer loses the tier
    await page.goto(`${engine.url}/tiers`);
    page.once('dialog', (d) => {
      expect(d.message()).toContain('„Stammkunde“ löschen?');
      void d.accept();
    });
    await page.click('#tiers tr[data-tier=Stammkunde] button.danger');
    await page.waitForSelector('#notice .notice');
    expect(await engine.ds.getRepository(Tier).countBy({ name: 'Stammkunde' })).toBe(0);
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: ids.bert })).tierId).toBeNull();
    // the same pages the other way round: German on a desktop, English on a phone
    await ctx.close();
    ctx = await newBrowserContext(browser);
    const desk = await ctx.newPage();
    await signIn(desk, engine.url, de);
    await desk.goto(`${engine.url}/customers/${ids.anna}`);
    expect(await desk.innerText('#customer-tier')).toBe('VIP berechnet');
    await screenshot(desk, 'tiers-customer-de-desktop');
    await ctx.close();
    ctx = await newBrowserContext(browser, 'phone');
    const phone = await ctx.newPage();
    await signIn(phone, engine.url, await createWebUser(engine, 'owner', { name: 'Owen Owner' }));
    await phone.goto(`${engine.url}/tiers`);
    expect(await phone.innerText('#tiers tr[data-tier=VIP]')).toContain('1 customer');
    await screenshot(phone, 'tiers-list-en-phone');
  });
});
