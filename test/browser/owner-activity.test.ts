import { Browser, BrowserContext, Page } from 'playwright-core';
import { CustomerService } from '@touchbase/ingest';
import { UnsubscribeLinks } from '@touchbase/messaging';
import { RulesService } from '@touchbase/rules';
import { Customer, OutboxMessage, Touch } from '@touchbase/store';
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
 * Activity's filters and pages, the Overview's periods and CSV (docs/web-ui.md#activity,
 * docs/insights.md#the-overview-page) and the customer's preference centre
 * (docs/delivery.md#the-preference-centre), in English and German, desktop and phone.
 */
describeInBrowser()('web: activity, overview periods and the preference centre', () => {
  let engine: TestEngine;
  let browser: Browser;
  let olivia: WebUser;
  let otto: WebUser;
  let ctx: BrowserContext;
  let anna: number;
  let lena: number;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], {
      at: '2026-06-17T10:00:00Z',
      env: { BUSINESS_TIMEZONE: 'Europe/Berlin', BUSINESS_NAME: 'Blumen Berg' },
    });
    browser = await launchChromium();
    olivia = await createWebUser(engine, 'owner');
    otto = await createWebUser(engine, 'owner', { name: 'Otto Owner', locale: 'de' });
    const customers = engine.app.get(CustomerService);
    anna = (
      await customers.create({
        firstName: 'Anna',
        lastName: 'Schmidt',
        email: 'anna@example.test',
        phone: '+49 151 23456789',
        emailConsent: true,
        smsConsent: true,
        locale: 'de',
      })
    ).customer.id;
    lena = (
      await customers.create({
        firstName: 'Lena',
        lastName: 'Lang',
        email: 'lena@example.test',
        emailConsent: true,
      })
    ).customer.id;
    const rule = await engine.app
      .get(RulesService)
      .create({ name: 'Birthday wishes', kind: 'birthday', channel: 'email', templateKey: 'birthday' });
    // 60 emails to Anna, one a day back from 16 June, and 5 to Lena, each with its touch
    for (let i = 0; i < 65; i++) {
      const customerId = i < 60 ? anna : lena;
      const at = new Date(Date.parse('2026-06-16T07:00:00Z') - (i % 60) * 86_400_000);
      const m = await engine.ds.getRepository(OutboxMessage).insert({
        customerId,
        channel: 'email',
        purpose: 'touch',
        recipient: 'x@example.test',
        subject: `Happy birthday #${i}`,
        status: i % 3 ? 'sent' : 'delivered',
        nextAttemptAt: at,
        createdAt: at,
        sentAt: at,
      });
      const t = await engine.ds.getRepository(Touch).insert({
        ruleId: rule.id,
        customerId,
        occasionKey: `o:${i}`,
        dueAt: at,
        status: 'sent',
        reason: '',
        channel: 'email',
        messageId: Number(m.identifiers[0].id),
        createdAt: at,
        updatedAt: at,
      });
      await engine.ds
        .getRepository(OutboxMessage)
        .update(Number(m.identifiers[0].id), { touchId: Number(t.identifiers[0].id) });
    }
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  const open = async (viewport: 'desktop' | 'phone', user?: WebUser): Promise<Page> => {
    ctx = await newBrowserContext(browser, viewport);
    const page = await ctx.newPage();
    if (user) await signIn(page, engine.url, user);
    return page;
  };

  it('English, desktop: search, filter and page through Activity; the view is a URL', async () => {
    const page = await open('desktop', olivia);
    await page.goto(`${engine.url}/activity`);
    await page.fill('#f-q', 'schmidt');
    await page.selectOption('#f-status', 'delivered');
    await Promise.all([page.waitForURL(/q=schmidt/), page.click('#activity-filter button[type=submit]')]);
    expect(page.url()).toContain('status=delivered');
    expect(page.url()).not.toContain('rule='); // empty fields stay out of the URL
    expect(await page.locator('#tab-sent .badge').innerText()).toBe('20');
    await Promise.all([page.waitForURL(/section=sent/), page.click('#sent a.show-all')]);
    expect(await page.locator('#sent tbody tr').count()).toBe(20);
    expect(await page.locator('#sent tbody tr').first().innerText()).toContain('Birthday wishes');
    expect(await page.locator('#f-q').inputValue()).toBe('schmidt');
    // a bookmark: the same URL in a fresh tab shows the same view
    const bookmark = page.url();
    await page.selectOption('#f-status', '');
    await Promise.all([
      page.waitForURL((u) => !u.search.includes('status=')),
      page.click('#activity-filter button[type=submit]'),
    ]);
    expect(await page.locator('.pager .muted').innerText()).toBe('1–50 of 60');
    await Promise.all([page.waitForURL(/offset=50/), page.click('.pager a[rel=next]')]);
    expect(await page.locator('.pager .muted').innerText()).toBe('51–60 of 60');
    await screenshot(page, 'activity-en-desktop');
    await page.goto(bookmark);
    expect(await page.locator('#sent tbody tr').count()).toBe(20);
    expect(await page.locator('#f-status').inputValue()).toBe('delivered');
  });

  it('English, desktop: the Overview picks last month and a custom period, and downloads CSV', async () => {
    const page = await open('desktop', olivia);
    await page.goto(`${engine.url}/overview`);
    await Promise.all([page.waitForURL(/period=last-month/), page.click('#periods >> text=Last month')]);
    expect(await page.locator('#period-range').innerText()).toContain('Last month');
    // every day of May has one of Anna's emails
    expect(await page.locator('.bars .value').first().innerText()).toBe('31');
    await page.fill('#p-from', '2026-06-10');
    await page.fill('#p-to', '2026-06-16');
    await Promise.all([page.waitForURL(/period=custom/), page.click('#custom-period button[type=submit]')]);
    expect(await page.locator('.bars .value').first().innerText()).toBe('12');
    const href = await page.locator('#overview-csv').getAttribute('href');
    expect(href).toBe('/overview/csv?period=custom&from=2026-06-10&to=2026-06-16');
    const csv = await page.request.get(`${engine.url}${href}`);
    expect(await csv.text()).toContain('Touches by rule,Birthday wishes,12');
    await screenshot(page, 'overview-en-desktop');
  });

  it('German, phone: Activity and the Overview in German, and the language switcher names its languages', async () => {
    const page = await open('phone', otto);
    await page.goto(`${engine.url}/activity?q=lang`);
    expect(await page.locator('#activity-filter button[type=submit]').innerText()).toBe('Filtern');
    expect(await page.locator('#tab-sent .badge').innerText()).toBe('5');
    await screenshot(page, 'activity-de-phone');
    await page.goto(`${engine.url}/overview?period=this-month`);
    expect(await page.locator('#periods a[aria-current=page]').innerText()).toBe('Dieser Monat');
    expect(await page.locator('#overview-csv').innerText()).toBe('Als CSV herunterladen');
    await screenshot(page, 'overview-de-phone');
    await page.goto(`${engine.url}/templates`);
    const names = await page.locator('#locale-switch option').allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual(['English', 'Deutsch', 'Polski']);
  });

  it('German customer, phone: only birthday and personal notes by email, saved', async () => {
    const token = engine.app.get(UnsubscribeLinks).token(anna, 'email');
    const page = await open('phone');
    await page.goto(`${engine.url}/u/${token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    await screenshot(page, 'preferences-de-phone');
    await page.check('input[name=email][value=personal]');
    await page.click('form.preferences button[type=submit]');
    await page.waitForSelector('p[role=status]');
    expect(await page.locator('ul.saved').innerText()).toContain(
      'Nur Geburtstagsgrüße und persönliche Nachrichten',
    );
    const c = await engine.ds.getRepository(Customer).findOneByOrFail({ id: anna });
    expect([c.emailConsent, c.emailScope]).toEqual([true, 'personal']);
    await screenshot(page, 'preferences-de-phone-saved');
  });

  it('English customer, desktop: nothing, then back in only after confirming', async () => {
    const token = engine.app.get(UnsubscribeLinks).token(lena, 'email');
    const page = await open('desktop');
    await page.goto(`${engine.url}/u/${token}`);
    await page.check('input[name=email][value=none]');
    await page.click('form.preferences button[type=submit]');
    await page.waitForSelector('p[role=status]');
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: lena })).emailConsent).toBe(false);
    await page.goto(`${engine.url}/u/${token}`);
    expect(await page.locator('main').innerText()).toContain('You are already unsubscribed');
    await page.check('input[name=email][value=all]');
    await page.click('form.preferences button[type=submit]');
    await page.waitForSelector('form.confirm');
    expect(await page.locator('main').innerText()).toContain(
      'You are about to receive emails from Blumen Berg again.',
    );
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: lena })).emailConsent).toBe(false);
    await screenshot(page, 'preferences-en-desktop-confirm');
    await page.click('form.confirm button[type=submit]');
    await page.waitForSelector('p[role=status]');
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: lena })).emailConsent).toBe(true);
  });
});
