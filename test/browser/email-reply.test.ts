import { Browser } from 'playwright-core';
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
const TOKEN = 'inbound-email-token-0123456789';

const words = {
  de: {
    label: 'Per E-Mail antworten',
    sent: 'E-Mail-Antwort ist unterwegs:',
    title: 'E-Mail von',
    answer: 'Gern, es liegt bis Samstag für Sie bereit.',
  },
  en: {
    label: 'Answer by email',
    sent: 'Email answer on its way:',
    title: 'Email from',
    answer: 'Of course, it waits for you until Saturday.',
  },
};

/**
 * Issue 16.5: a customer answers an email by email; the provider posts it to the inbound
 * webhook; the staff member finds it on Today (German and English, desktop and phone), answers
 * from the card, and the customer page shows both on the timeline.
 */
describeInBrowser()('web: answering an email reply on the Today page', () => {
  let engine: TestEngine;
  let browser: Browser;
  const staff: Record<string, WebUser> = {};
  let n = 0;

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: monday, env: { EMAIL_WEBHOOK_SECRET: TOKEN } });
    browser = await launchChromium();
    staff.de = await createWebUser(engine, 'staff', { name: 'Sabine', locale: 'de' });
    staff.en = await createWebUser(engine, 'staff', { name: 'Sam', locale: 'en' });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it.each([
    ['de', 'phone'],
    ['de', 'desktop'],
    ['en', 'phone'],
    ['en', 'desktop'],
  ] as const)(
    '%s on %s: the emailed reply is on Today, answered from the card, on the timeline',
    async (locale, viewport) => {
      const w = words[locale];
      const customer = await f.customer(engine.ds, new Date(monday), {
        firstName: 'Jonas',
        lastName: `Weber${++n}`,
        email: `jonas${n}@example.test`,
        emailConsent: true,
        locale,
        accountOwnerId: staff[locale].id,
      });
      const posted = await fetch(`${engine.url}/webhooks/email/inbound?token=${TOKEN}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: `Jonas <${customer.email}>`,
          subject: 'Re: Alles Gute zum Geburtstag',
          text: 'Danke! Können Sie mir eins zurücklegen?\n\nAm 14.06.2026 schrieb Laden <laden@example.test>:\n> Alles Gute!',
          messageId: `<browser-${n}@mail.example.test>`,
        }),
      });
      expect(await posted.json()).toEqual({ status: 'recorded', customers: 1, tasks: 1 });
      const task = await engine.ds
        .getRepository(Task)
        .findOneByOrFail({ customerId: customer.id, kind: 'reply' });

      const ctx = await newBrowserContext(browser, viewport);
      try {
        const page = await ctx.newPage();
        await signIn(page, engine.url, staff[locale]);
        await page.goto(`${engine.url}/today`);
        const card = page.locator(`#task-${task.id}`);
        await card.waitFor();
        expect(await card.innerText()).toContain(`${w.title} Jonas Weber${n}`);
        expect(await card.innerText()).toContain('Können Sie mir eins zurücklegen?');
        expect(await card.innerText()).not.toContain('Alles Gute!');
        expect(await card.locator('form.reply.email label').innerText()).toBe(
          `${w.label} (${customer.email})`,
        );
        await card.locator('textarea[name=text]').fill(w.answer);
        await screenshot(page, `today-email-reply-${locale}-${viewport}`);
        await card.locator('form.reply button[type=submit]').click();
        await page.waitForSelector(`#task-${task.id}.closed`);
        expect(await page.locator(`#task-${task.id}`).innerText()).toContain(`${w.sent} ${w.answer}`);

        expect(
          await engine.ds.getRepository(OutboxMessage).findBy({ customerId: customer.id, purpose: 'reply' }),
        ).toEqual([
          expect.objectContaining({
            channel: 'email',
            recipient: customer.email,
            subject: 'Re: Alles Gute zum Geburtstag',
            text: w.answer,
            status: 'queued',
          }),
        ]);
        expect(
          (
            await engine.ds
              .getRepository(ContactEvent)
              .find({ where: { customerId: customer.id }, order: { id: 'ASC' } })
          ).map((x) => [x.kind, x.direction]),
        ).toEqual([
          ['reply', 'in'],
          ['reply', 'out'],
        ]);

        // the customer page: what they wrote, and the answer
        await page.goto(`${engine.url}/customers/${customer.id}`);
        const timeline = await page.locator('#timeline').innerText();
        expect(timeline).toContain('Re: Alles Gute zum Geburtstag: Danke! Können Sie mir eins zurücklegen?');
        expect(timeline).toContain(w.answer);
        await screenshot(page, `customer-email-reply-${locale}-${viewport}`);
      } finally {
        await ctx.close();
      }
    },
  );
});
