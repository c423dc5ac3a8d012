import { Browser } from 'playwright-core';
import { CustomerService } from '@touchbase/ingest';
import { OutboxMessage, Task } from '@touchbase/store';
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
} from '@touchbase/test-kit';

/** Each run has a week of its own, so the clock only moves forward: a Wednesday, 09:00 in Berlin, and the Thursday after. */
const week = (i: number) => {
  const wed = new Date(Date.parse('2026-06-17T07:00:00Z') + i * 7 * 86_400_000);
  const thu = new Date(wed.getTime() + 86_400_000);
  return { wed, thu, wedDay: wed.toISOString().slice(0, 10), thuDay: thu.toISOString().slice(0, 10) };
};

const WORDS = {
  en: {
    progress: (done: number, n: number) => `${done} of ${n} done today`,
    requeued: (day: string) => `No answer — back on the list on ${day}`,
    reached: 'Done: Reached',
    cardSent: 'Done: Card sent',
    replied: 'SMS answer on its way: See you on Saturday!',
    printed: '1 card task marked as printed.',
    printedOn: 'printed on',
    tries: '1 try so far',
    cardText: 'Thank you for being our customer',
  },
  de: {
    progress: (done: number, n: number) => `${done} von ${n} heute erledigt`,
    requeued: (day: string) => `Nicht erreicht — wieder auf der Liste am ${day}`,
    reached: 'Erledigt: Erreicht',
    cardSent: 'Erledigt: Karte',
    replied: 'SMS-Antwort ist unterwegs: See you on Saturday!',
    printed: '1 Kartenaufgabe als gedruckt markiert.',
    printedOn: 'gedruckt am',
    tries: 'bisher 1 Versuch',
    cardText: 'vielen Dank, dass Sie bei uns einkaufen',
  },
};

/**
 * A staff member's day in a real browser, in German and English, at desktop and phone sizes:
 * Today with progress, a call that reaches nobody (back the next working day), a call reached,
 * undone and reached again, a card printed with its label and posted, an SMS reply answered.
 */
describeInBrowser()('web: a staff member’s day', () => {
  let engine: TestEngine;
  let browser: Browser;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: week(0).wed.toISOString() });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it.each([
    ['en', 'desktop', 0],
    ['de', 'phone', 1],
    ['de', 'desktop', 2],
    ['en', 'phone', 3],
  ] as const)(
    'in %s on a %s',
    async (locale, viewport, n) => {
      const w = WORDS[locale];
      const { wed, thu, wedDay, thuDay } = week(n);
      engine.clock.set(wed);
      const staff = await createWebUser(engine, 'staff', {
        name: `Staff ${locale} ${viewport}`,
        locale,
      });
      const customers = engine.app.get(CustomerService);
      const person = async (firstName: string, extra: object = {}) =>
        (
          await customers.create({
            firstName,
            lastName: `${locale}-${viewport}`,
            phone: `+4915112${Math.floor(Math.random() * 1e6)
              .toString()
              .padStart(6, '0')}`,
            smsConsent: true,
            locale,
            ...extra,
          })
        ).customer.id;
      const at = wed;
      const task = async (customerId: number, kind: string, title: string, priority: number) =>
        (
          await f.task(engine.ds, at, {
            customerId,
            kind,
            title,
            priority,
            assigneeId: staff.id,
            dueDay: wedDay,
          })
        ).id;
      const silent = await task(await person('Sila'), 'call', 'Check-in call', 40);
      const reached = await task(await person('Rita'), 'call', 'Thank-you call', 30);
      const cardCustomer = await person('Carla', {
        street: 'Hauptstraße 5',
        postcode: '10115',
        city: 'Berlin',
        country: 'DE',
      });
      const card = await task(cardCustomer, 'card', 'Birthday card', 20);
      const reply = await task(await person('Remy'), 'reply', 'Reply from Remy', 10);

      const ctx = await newBrowserContext(browser, viewport);
      await ctx.addInitScript(() => {
        (globalThis as any).print = () => undefined;
      });
      const page = await ctx.newPage();
      await signIn(page, engine.url, staff);
      expect(new URL(page.url()).pathname).toBe('/today');
      expect(await page.locator('#progress').innerText()).toContain(w.progress(0, 4));
      await screenshot(page, `staff-day-${locale}-${viewport}-start`);

      // a call that reaches nobody: a try, back tomorrow, not done
      await page.locator(`#task-${silent} button[name=outcome][value=no_answer]`).click();
      await page.locator(`#task-${silent}.closed`).waitFor();
      expect(await page.locator(`#task-${silent}`).innerText()).toContain(w.requeued(thuDay));
      expect(await page.locator('#progress').innerText()).toContain(w.progress(0, 3));

      // a call reached, undone (mis-tapped), reached again
      await page.locator(`#task-${reached} button[name=outcome][value=reached]`).click();
      await page.locator(`#task-${reached}.closed`).waitFor();
      expect(await page.locator(`#task-${reached}`).innerText()).toContain(w.reached);
      expect(await page.locator('#progress').innerText()).toContain(w.progress(1, 3));
      await Promise.all([page.waitForURL(/undone=/), page.locator(`#task-${reached} button.undo`).click()]);
      await page.locator(`#task-${reached}:not(.closed)`).waitFor();
      expect(await page.locator('#progress').innerText()).toContain(w.progress(0, 3));
      await page.locator(`#task-${reached} button[name=outcome][value=reached]`).click();
      await page.locator(`#task-${reached}.closed`).waitFor();

      // a card: print it with its label, then mark it posted
      await page.check(`#task-${card} input[form=print-cards]`);
      await Promise.all([page.waitForURL(/\/print\/cards/), page.click('#print-cards button')]);
      expect(await page.locator('.card-text').innerText()).toContain(w.cardText);
      expect(await page.locator('.label-sheet .label').locator('p').allInnerTexts()).toEqual([
        `Carla ${locale}-${viewport}`,
        'Hauptstraße 5',
        '10115 Berlin',
      ]);
      await Promise.all([page.waitForURL(/printed=1/), page.click('#print-button')]);
      expect(await page.locator('#print-marked').innerText()).toBe(w.printed);
      await screenshot(page, `staff-day-${locale}-${viewport}-print`);
      await page.goto(`${engine.url}/today`);
      expect(await page.locator(`#task-${card} .printed`).innerText()).toContain(w.printedOn);
      await page.locator(`#task-${card} button[name=outcome][value=card_sent]`).click();
      await page.locator(`#task-${card}.closed`).waitFor();
      expect(await page.locator(`#task-${card}`).innerText()).toContain(w.cardSent);

      // an SMS reply answered from its card
      await page.locator(`#task-${reply} textarea[name=text]`).fill('See you on Saturday!');
      await page.locator(`#task-${reply} form.reply button[type=submit]`).click();
      await page.locator(`#task-${reply}.closed`).waitFor();
      expect(await page.locator(`#task-${reply}`).innerText()).toContain(w.replied);
      expect(await page.locator('#progress').innerText()).toContain(w.progress(3, 3));
      await screenshot(page, `staff-day-${locale}-${viewport}-done`);

      const repo = engine.ds.getRepository(Task);
      expect((await repo.findOneByOrFail({ id: silent })).status).toBe('open');
      expect((await repo.findOneByOrFail({ id: reached })).outcome).toBe('reached');
      expect(await repo.findOneByOrFail({ id: card })).toMatchObject({ outcome: 'card_sent', printedAt: at });
      const replyTask = await repo.findOneByOrFail({ id: reply });
      expect(replyTask.outcome).toBe('answered');
      expect(
        await engine.ds
          .getRepository(OutboxMessage)
          .countBy({ customerId: replyTask.customerId, channel: 'sms' }),
      ).toBe(1);

      // the next working day the unanswered call is back, with its try counted
      engine.clock.set(thu);
      await ctx.close();
      const next = await newBrowserContext(browser, viewport);
      const page2 = await next.newPage();
      await signIn(page2, engine.url, staff); // a new day, a new sign-in
      expect(new URL(page2.url()).pathname).toBe('/today');
      const back = page2.locator(`#task-${silent}`);
      await back.waitFor();
      expect(await back.innerText()).toContain(w.tries);
      expect(await page2.locator(`#task-${reached}`).count()).toBe(0);
      await next.close();
    },
    240_000,
  );
});
