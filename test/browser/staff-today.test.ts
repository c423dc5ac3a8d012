import { Browser, BrowserContext } from 'playwright-core';
import { CustomerService, OrderService } from '@touchbase/ingest';
import { AccountsService, principal, TasksService } from '@touchbase/staff';
import { Task } from '@touchbase/store';
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

/** Staff work their daily list in a real browser: outcomes, the timeline, escaping, CSRF, roles. */
describeInBrowser()('web: staff on the Today page', () => {
  let engine: TestEngine;
  let browser: Browser;
  let staff: WebUser;
  let anna: number;
  let evil: number;
  const tasks: Record<string, number> = {};

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: '2026-06-15T08:00:00Z' });
    browser = await launchChromium();
    const owner = await createWebUser(engine, 'owner');
    staff = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    const customers = engine.app.get(CustomerService);
    anna = (
      await customers.create({
        firstName: 'Anna',
        lastName: 'Schmidt',
        email: 'anna@example.test',
        phone: '+4915112345678',
        emailConsent: true,
      })
    ).customer.id;
    evil = (
      await customers.create({
        firstName: '<script>alert(1)</script>',
        lastName: 'Mallory',
        email: 'm@example.test',
      })
    ).customer.id;
    await engine.app.get(OrderService).create({
      externalId: 'A-1001',
      customerId: anna,
      placedAt: '2026-05-02T10:00:00Z',
      total: '420.00',
      currency: 'EUR',
    });
    const ownerUser = await engine.app.get(AccountsService).get(owner.id);
    const caller = principal(ownerUser, 'session');
    const make = (customerId: number, title: string, priority: number) =>
      engine.app.get(TasksService).create(caller, {
        customerId,
        kind: 'call',
        title,
        reason: 'Spent €420 in the last 12 months',
        priority,
        assigneeId: staff.id,
        dueDay: '2026-06-15',
      });
    tasks.anna = (await make(anna, 'Check-in call with Anna', 5)).id;
    tasks.evil = (await make(evil, 'Call back about the order', 1)).id;
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  let ctx: BrowserContext;
  afterEach(async () => ctx?.close());

  it('completes a task with an outcome in place and shows it on the customer timeline', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    expect(new URL(page.url()).pathname).toBe('/today');
    await page.waitForSelector(`#task-${tasks.anna}`);
    await screenshot(page, 'today-desktop');

    const card = page.locator(`#task-${tasks.anna}`);
    // reason and talking points are visible without expanding anything; the last order once
    expect(await card.locator('.task-reason').isVisible()).toBe(true);
    expect(await card.locator('.points').isVisible()).toBe(true);
    const cardText = await card.innerText();
    expect(cardText.match(/Bought/g)).toHaveLength(1); // the last order, once
    expect(cardText).not.toContain('Last orders');
    expect(await card.innerText()).not.toMatch(/priority \d/);
    await card.locator('input[name=note]').fill('Happy with the new bike');
    await card.locator('button[name=outcome][value=reached]').click();
    await page.waitForSelector(`#task-${tasks.anna}.closed`);
    expect(await page.locator(`#task-${tasks.anna}`).innerText()).toContain('Done: Reached');
    // the rest of the list is untouched: no reload, the other task is still there
    expect(
      await page
        .locator(`#task-${tasks.evil} button[name=outcome]`)
        .evaluateAll((b) => b.map((x) => (x as any).value)),
    ).toEqual(['reached', 'voicemail', 'no_answer', 'wrong_number', 'not_wanted']);
    const stored = await engine.ds.getRepository(Task).findOneByOrFail({ id: tasks.anna });
    expect([stored.status, stored.outcome, stored.outcomeNote]).toEqual([
      'done',
      'reached',
      'Happy with the new bike',
    ]);

    await page.click(`#task-${tasks.anna} h3 a`);
    await page.waitForURL(`**/customers/${anna}`);
    const timeline = await page.locator('#timeline').innerText();
    expect(timeline).toContain('Reached: Happy with the new bike');
    expect(timeline).toContain('A-1001');
    expect(await page.locator('#consent').innerText()).toMatch(/email\s*✓/);
    await screenshot(page, 'customer-desktop');
  });

  it('shows a snooze day problem beside the task, then snoozes it', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    await screenshot(page, 'today-phone');
    const card = page.locator(`#task-${tasks.evil}`);
    await card.locator('summary', { hasText: 'Snooze' }).click();
    await card.locator('input[name=until]').evaluate((el: any) => {
      el.removeAttribute('min');
      el.value = '2026-06-01';
    });
    await card.getByRole('button', { name: 'Snooze' }).click();
    await page.locator(`#task-${tasks.evil}-error`, { hasText: 'must be a day after today' }).waitFor();
    await card.locator('input[name=until]').fill('2026-06-18');
    await card.getByRole('button', { name: 'Snooze' }).click();
    await page.waitForSelector(`#task-${tasks.evil}.closed`);
    expect(await page.locator(`#task-${tasks.evil}`).innerText()).toContain('2026-06-18');
  });

  it('re-queues a task after no answer for a later day', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    const caller = principal(await engine.app.get(AccountsService).get(staff.id), 'session');
    const task = await engine.app.get(TasksService).create(caller, {
      customerId: anna,
      kind: 'call',
      title: 'Call about the repair',
      dueDay: '2026-06-15',
    });
    await page.reload();
    const card = page.locator(`#task-${task.id}`);
    await card.locator('details.again summary').click();
    await card.locator('input[name=requeueOn]').fill('2026-06-17');
    await card.locator('button[name=outcome][value=no_answer]').click();
    await page.locator(`#task-${task.id}.closed`).waitFor();
    expect(await page.locator(`#task-${task.id}`).innerText()).toContain(
      'No answer — back on the list on 2026-06-17',
    );
    const stored = await engine.ds.getRepository(Task).findOneByOrFail({ id: task.id });
    expect([stored.status, stored.dueDay, stored.outcome]).toEqual(['open', '2026-06-17', 'no_answer']);
  });

  it('makes a task by hand from the customer page and finds it on Today', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    await page.goto(`${engine.url}/customers/${anna}`);
    await page.selectOption('#task-kind', 'card');
    await page.click('#new-task button[type=submit]');
    expect(await page.locator('#new-task [data-field=title]').innerText()).toContain('1 to 300 characters');
    await page.fill('#task-title', 'Thank-you card for the referral');
    await page.click('#new-task button[type=submit]');
    await page.waitForURL(/task=made/);
    const made = await engine.ds
      .getRepository(Task)
      .findOneByOrFail({ title: 'Thank-you card for the referral' });
    expect([made.kind, made.assigneeId, made.dueDay, made.customerId]).toEqual([
      'card',
      staff.id,
      '2026-06-15',
      anna,
    ]);
    await page.goto(`${engine.url}/today`);
    const card = page.locator(`#task-${made.id}`);
    expect(await card.innerText()).toContain('Card');
    expect(
      await card.locator('button[name=outcome]').evaluateAll((b) => b.map((x) => (x as any).value)),
    ).toEqual(['card_sent']);
    expect(await card.locator('details.again').count()).toBe(0); // no retry day on a card
  });

  it('works from the keyboard: j moves, a digit picks the outcome, u undoes; progress counts it', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    const caller = principal(await engine.app.get(AccountsService).get(staff.id), 'session');
    const task = await engine.app.get(TasksService).create(caller, {
      customerId: anna,
      kind: 'call',
      title: 'Keyboard call',
      priority: 99,
      dueDay: '2026-06-15',
    });
    await page.reload();
    const before = await page.locator('#progress').innerText();
    await page.locator('h1').click();
    await page.keyboard.press('j');
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.id)).toBe(`task-${task.id}`);
    await page.keyboard.press('3'); // no answer
    await page.locator(`#task-${task.id}.closed`).waitFor();
    expect(await page.locator(`#task-${task.id}`).innerText()).toContain(
      'No answer — back on the list on 2026-06-16',
    );
    await page.locator(`#task-${task.id}`).focus();
    await Promise.all([page.waitForURL(/\/today/), page.keyboard.press('u')]);
    await page.locator(`#task-${task.id}:not(.closed)`).waitFor();
    const stored = await engine.ds.getRepository(Task).findOneByOrFail({ id: task.id });
    expect([stored.status, stored.dueDay, stored.attempts]).toEqual(['open', '2026-06-15', 0]);
    expect(await page.locator('#progress').innerText()).toBe(before);
  });

  it('reads German on a phone: overdue days with plurals, outcome buttons, talking points', async () => {
    const de = await createWebUser(engine, 'staff', { name: 'Dora Deutsch', locale: 'de' });
    const ownerUser = await engine.app.get(AccountsService).get(staff.id);
    const caller = principal({ ...ownerUser, role: 'owner' }, 'session');
    const t = await engine.app.get(TasksService).create(caller, {
      customerId: anna,
      kind: 'call',
      title: 'Rückruf wegen Reparatur',
      priority: 30,
      assigneeId: de.id,
      dueDay: '2026-06-14',
    });
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, de);
    const card = page.locator(`#task-${t.id}`);
    await card.waitFor();
    const text = await card.innerText();
    expect(text).toContain('1 Tag überfällig');
    expect(text).toContain('Wichtig');
    expect(text).toContain('Anrufen');
    expect(text).toContain('Auf Mailbox gesprochen');
    expect(text).toContain('1 Bestellung, insgesamt');
    await screenshot(page, 'today-phone-de');
    await card.locator('button[name=outcome][value=reached]').click();
    await page.locator(`#task-${t.id}.closed`).waitFor();
    expect(await page.locator(`#task-${t.id}`).innerText()).toContain('Rückgängig');
    expect(await page.locator('#progress').innerText()).toContain('1 von 1 heute erledigt');
  });

  it('shows a customer named <script> as text', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    const dialogs: string[] = [];
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
    await signIn(page, engine.url, staff);
    await page.goto(`${engine.url}/customers/${evil}`);
    expect(await page.locator('h1').innerText()).toContain('<script>alert(1)</script> Mallory');
    await page.goto(`${engine.url}/customers`);
    await page.locator('#q').pressSequentially('mallo', { delay: 30 });
    await page.waitForURL('**/customers?q=mallo');
    await page.locator('#customer-results tbody tr').first().waitFor();
    expect(await page.locator('#customer-results tbody tr').count()).toBe(1);
    expect(await page.locator('#customer-results').innerText()).toContain('<script>alert(1)</script>');
    expect(await page.locator('#customer-results script').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('refuses a form post without the CSRF token and leaves the task alone', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    const other = await engine.app
      .get(TasksService)
      .create(principal(await engine.app.get(AccountsService).get(staff.id), 'session'), {
        customerId: anna,
        kind: 'call',
        title: 'Follow-up',
      });
    // a form on another site would post like this: the session cookie, no token
    const res = await page.request.post(`${engine.url}/today/tasks/${other.id}/skip`, {
      form: { reason: 'no time' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(403);
    expect((await engine.ds.getRepository(Task).findOneByOrFail({ id: other.id })).status).toBe('open');
    // the same post with the page's token goes through
    const token = await page.locator('meta[name=csrf-token]').getAttribute('content');
    const ok = await page.request.post(`${engine.url}/today/tasks/${other.id}/skip`, {
      form: { reason: 'no time', _csrf: token! },
      maxRedirects: 0,
    });
    expect(ok.status()).toBe(303);
    expect((await engine.ds.getRepository(Task).findOneByOrFail({ id: other.id })).status).toBe('skipped');
  });

  it('keeps a staff member out of owner pages with a 403 page', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    for (const path of [
      '/overview',
      '/rules',
      '/rules/new?kind=birthday',
      '/rules/1/preview',
      '/imports',
      '/templates',
      '/users',
    ]) {
      const res = await page.goto(`${engine.url}${path}`);
      expect(`${path} ${res!.status()}`).toBe(`${path} 403`);
      expect(await page.locator('h1').innerText()).toBe('Not for your role');
    }
    expect(await page.locator('nav[aria-label=main]').innerText()).not.toContain('Rules');
    await screenshot(page, 'forbidden-staff');
  });

  it('signs out: the session ends and pages ask to sign in again', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    await Promise.all([page.waitForURL('**/login?bye=1'), page.click('button:has-text("Sign out")')]);
    expect(await page.locator('main').innerText()).toContain('You are signed out.');
    await page.goto(`${engine.url}/today`);
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/login?next=%2Ftoday');
    await page.fill('#email', staff.email);
    await page.fill('#password', 'wrong password!');
    await page.click('button[type=submit]');
    expect(await page.locator('[role=alert]').innerText()).toBe('Email or password is not right.');
  });
});
