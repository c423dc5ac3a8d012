import { Browser, BrowserContext } from 'playwright-core';
import { CustomerService } from '@touchbase/ingest';
import { MessageTemplate, OutboxMessage, Rule } from '@touchbase/store';
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

/** The owner creates a birthday rule through the form, sees its 7-day preview and switches it off. */
describeInBrowser()('web: owner manages rules', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ctx: BrowserContext;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
    const customers = engine.app.get(CustomerService);
    await customers.create({
      firstName: 'Birgit',
      lastName: 'Bday',
      email: 'birgit@example.test',
      birthday: '1980-06-18',
      timezone: 'Europe/Berlin',
      emailConsent: true,
    });
    await customers.create({
      firstName: 'Nora',
      lastName: 'Noconsent',
      email: 'nora@example.test',
      birthday: '1990-06-17',
      emailConsent: false,
    });
    await customers.create({
      firstName: 'Later',
      lastName: 'Person',
      email: 'later@example.test',
      birthday: '1990-08-01',
      emailConsent: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });
  afterEach(async () => ctx?.close());

  it('creates a birthday rule with the form, shows a field problem in place, then previews it', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    expect(new URL(page.url()).pathname).toBe('/overview');
    await screenshot(page, 'overview-desktop');

    await page.click('nav >> text=Rules');
    await page.click('text=+ Birthday');
    await page.waitForURL('**/rules/new?kind=birthday');
    expect(await page.locator('main form').innerText()).toContain('Days before the birthday');
    await page.fill('#f-name', 'Birthday wishes');
    await page.fill('#f-p-days_before', 'soon');
    await page.click('button:has-text("Save")');
    const problem = page.locator('[data-field="p.days_before"]');
    await problem.waitFor();
    expect(await problem.innerText()).toContain('must be an integer');
    expect(await page.locator('#f-name').inputValue()).toBe('Birthday wishes');
    await screenshot(page, 'rule-form-error');

    await page.fill('#f-p-days_before', '0');
    await page.click('button:has-text("Save")');
    await page.waitForURL(/\/rules\/\d+\/preview\?saved=1$/);
    const rule = await engine.ds.getRepository(Rule).findOneByOrFail({ name: 'Birthday wishes' });
    expect([rule.kind, rule.params.days_before, rule.params.send_time, rule.enabled]).toEqual([
      'birthday',
      0,
      '09:00',
      true,
    ]);
    expect(await page.locator('#preview-will').innerText()).toContain('Birgit Bday');
    const wont = await page.locator('#preview-wont').innerText();
    expect(wont).toContain('Nora Noconsent');
    expect(wont).toMatch(/consent/i);
    expect(await page.locator('main').innerText()).not.toContain('Later Person');
    await screenshot(page, 'rule-preview');
  });

  it('switches a rule off and on in place', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/rules`);
    await screenshot(page, 'rules-phone');
    const rule = await engine.ds.getRepository(Rule).findOneByOrFail({ name: 'Birthday wishes' });
    const sw = page.locator(`#rule-switch-${rule.id} button`);
    expect(await sw.getAttribute('aria-pressed')).toBe('true');
    await sw.click();
    await page.locator(`#rule-switch-${rule.id} button[aria-pressed=false]`).waitFor();
    expect((await engine.ds.getRepository(Rule).findOneByOrFail({ id: rule.id })).enabled).toBe(false);
    await page.locator(`#rule-switch-${rule.id} button`).click();
    await page.locator(`#rule-switch-${rule.id} button[aria-pressed=true]`).waitFor();
    expect((await engine.ds.getRepository(Rule).findOneByOrFail({ id: rule.id })).enabled).toBe(true);
  });

  it('edits a rule: the form shows the stored values and saves the change', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    const rule = await engine.ds.getRepository(Rule).findOneByOrFail({ name: 'Birthday wishes' });
    await page.goto(`${engine.url}/rules/${rule.id}/edit`);
    expect(await page.locator('#f-p-days_before').inputValue()).toBe('0');
    expect(await page.locator('#f-p-send_time').inputValue()).toBe('09:00');
    await page.fill('#f-p-days_before', '3');
    await page.selectOption('#f-channel', 'task');
    await page.check('input[name="audience.locales"][value=de]');
    await page.click('button:has-text("Save")');
    await page.waitForURL(`**/rules/${rule.id}/preview?saved=1`);
    const saved = await engine.ds.getRepository(Rule).findOneByOrFail({ id: rule.id });
    expect([saved.params.days_before, saved.channel, saved.audience.locales]).toEqual([3, 'task', ['de']]);
  });

  it('edits a template with a live preview for a chosen customer, shows an unknown variable where it is, saves and sends a test', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/templates`);
    await page.click('#template-list tr:has-text("birthday") >> text=en');
    await page.waitForURL('**/templates/birthday/email/en');
    await page.locator('#preview-subject').waitFor();
    const before = await page.locator('#preview-subject').innerText();

    await page.selectOption('#t-customer', { label: 'Birgit Bday' });
    await page.fill('#t-subject', 'Alles Gute, {{ customer.first_name }}!');
    await page.locator('#preview-subject', { hasText: 'Alles Gute, Birgit!' }).waitFor();
    expect(before).not.toBe('Alles Gute, Birgit!');

    await page.fill('#t-html', '<p>Hi {{ customer.shoe_size }}</p>');
    await page.locator('#error-html', { hasText: 'unknown variable' }).waitFor();
    expect(await page.locator('#error-html').innerText()).toContain('customer.shoe_size');
    expect(await page.locator('#error-subject').innerText()).toBe('');
    await screenshot(page, 'template-error');

    await page.fill(
      '#t-html',
      '<p>Happy birthday, {{ customer.first_name }}!</p><p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
    );
    await page.locator('#preview-html').waitFor();
    expect(await page.frameLocator('#preview-html').locator('p').first().innerText()).toBe(
      'Happy birthday, Birgit!',
    );
    await page.click('#template-form button[type=submit]');
    await page.waitForURL(/saved=1/);
    const saved = await engine.ds
      .getRepository(MessageTemplate)
      .findOneByOrFail({ key: 'birthday', channel: 'email', locale: 'en' });
    expect(saved.subject).toBe('Alles Gute, {{ customer.first_name }}!');
    await page.locator('#preview-subject', { hasText: 'Alles Gute' }).waitFor();
    await screenshot(page, 'template-edit');

    await page.fill('#t-to', 'owner-test@example.test');
    await page.click('button:has-text("Send test")');
    await page.waitForURL(/sent=/);
    const test = await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ purpose: 'test' });
    expect([test.recipient, test.subject]).toEqual(['owner-test@example.test', '[TEST] Alles Gute, Birgit!']);
  });

  it('makes a new SMS template for a key a rule can name', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.goto(`${engine.url}/templates`);
    await page.fill('#n-key', 'vip_call');
    await page.selectOption('#n-channel', 'sms');
    await page.selectOption('#n-locale', 'de');
    await page.click('#new-template button[type=submit]');
    await page.waitForURL('**/templates/vip_call/sms/de');
    await page.fill(
      '#t-text',
      'Hallo {{ customer.first_name }}, wir rufen Sie heute an. {{ business.name }}',
    );
    await page.locator('#preview-text', { hasText: 'Hallo Anna' }).waitFor();
    await screenshot(page, 'template-sms-phone');
    await page.click('#template-form button[type=submit]');
    await page.waitForURL(/saved=1/);
    expect(
      (
        await engine.ds
          .getRepository(MessageTemplate)
          .findOneByOrFail({ key: 'vip_call', channel: 'sms', locale: 'de' })
      ).text,
    ).toContain('wir rufen Sie heute an');
  });
});
