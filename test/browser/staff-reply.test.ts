import { Browser, BrowserContext } from 'playwright-core';
import { CustomerService } from '@touchbase/ingest';
import { ContactEvent, OutboxMessage, Task } from '@touchbase/store';
import {
  createWebUser,
  describeInBrowser,
  launchChromium,
  newBrowserContext,
  screenshot,
  signIn,
  staffFixtures as f,
  startTestEngine,
  testDatabases,
  TestEngine,
  WebUser,
} from '@touchbase/test-kit';

const monday = '2026-06-15T08:00:00Z'; // 10:00 in Berlin

/** Issue 16.5: a German staff member answers a customer's SMS from the reply task's card. */
describeInBrowser()('web: answering an SMS reply on the Today page', () => {
  let engine: TestEngine;
  let browser: Browser;
  let staff: WebUser;
  let ctx: BrowserContext;
  let customerId: number;
  let taskId: number;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: monday });
    browser = await launchChromium();
    staff = await createWebUser(engine, 'staff', { name: 'Sabine', locale: 'de' });
    customerId = (
      await engine.app.get(CustomerService).create({
        firstName: 'Jonas',
        lastName: 'Weber',
        phone: '+4915112340000',
        smsConsent: true,
      })
    ).customer.id;
    taskId = (
      await f.task(engine.ds, new Date(monday), {
        customerId,
        assigneeId: staff.id,
        dueDay: '2026-06-15',
        priority: 60,
        kind: 'reply',
        title: 'Antwort von Jonas Weber',
        reason: 'Sie schrieben: „Können Sie mir eins zurücklegen?“',
      })
    ).id;
  });
  afterAll(async () => {
    await ctx?.close();
    await browser?.close();
    await engine?.close();
  });

  it('sends the answer from the card: queued as an SMS, the task answered, no undo', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, staff);
    const card = page.locator(`#task-${taskId}`);
    await card.waitFor();
    expect(await card.locator('form.reply label').innerText()).toBe('Per SMS antworten');
    await card.locator('textarea[name=text]').fill('Gern, es liegt bis Samstag für Sie bereit.');
    await screenshot(page, 'today-reply-de-phone');
    await card.locator('form.reply button[type=submit]').click();
    await page.waitForSelector(`#task-${taskId}.closed`);
    const closed = await page.locator(`#task-${taskId}`).innerText();
    expect(closed).toContain('SMS-Antwort ist unterwegs: Gern, es liegt bis Samstag für Sie bereit.');
    expect(await page.locator(`#task-${taskId} button.undo`).count()).toBe(0);

    expect(await engine.ds.getRepository(Task).findOneByOrFail({ id: taskId })).toMatchObject({
      status: 'done',
      outcome: 'answered',
    });
    expect(await engine.ds.getRepository(OutboxMessage).findBy({ customerId, purpose: 'reply' })).toEqual([
      expect.objectContaining({
        channel: 'sms',
        recipient: '+4915112340000',
        text: 'Gern, es liegt bis Samstag für Sie bereit.',
        status: 'queued',
      }),
    ]);
    expect(
      await engine.ds.getRepository(ContactEvent).countBy({ customerId, kind: 'reply', direction: 'out' }),
    ).toBe(1);
  });
});
