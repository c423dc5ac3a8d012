import { Browser } from 'playwright-core';
import { Task } from '@touchbase/store';
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

const at = new Date('2026-06-17T08:00:00Z');
const MM = 96 / 25.4; // CSS pixels per millimetre

/** Printing card tasks from Today: card texts in each customer's language, labels on an A4 sheet, marked printed. */
describeInBrowser()('web: staff print cards and labels', () => {
  let engine: TestEngine;
  let browser: Browser;
  let sam: WebUser;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: at.toISOString() });
    browser = await launchChromium();
    sam = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    const card = async (fields: object) => {
      const c = await f.customer(engine.ds, at, fields);
      return (
        await f.task(engine.ds, at, {
          customerId: c.id,
          kind: 'card',
          title: 'Write and post a card',
          dueDay: '2026-06-17',
          assigneeId: sam.id,
        })
      ).id;
    };
    ids.anna = await card({
      firstName: 'Anna',
      lastName: 'Schmidt',
      locale: 'de',
      street: 'Hauptstraße 5',
      postcode: '10115',
      city: 'Berlin',
      country: 'DE',
    });
    ids.lucja = await card({
      firstName: 'Łucja',
      lastName: 'Nowak',
      locale: 'pl',
      street: 'ul. Długa 5',
      postcode: '00-950',
      city: 'Warszawa',
      country: 'PL',
    });
    ids.zoe = await card({
      firstName: 'Zoë',
      lastName: 'Smith',
      locale: 'en',
      street: '1 High St',
      postcode: 'OX1 1AA',
      city: 'Oxford',
      country: 'GB',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  it('selects cards on Today, shows texts and a 3×7 label sheet, prints and marks them', async () => {
    const ctx = await newBrowserContext(browser);
    await ctx.addInitScript(() => {
      (globalThis as any).print = () => {
        (globalThis as any).printed = ((globalThis as any).printed ?? 0) + 1;
      };
    });
    const page = await ctx.newPage();
    await signIn(page, engine.url, sam);
    const card = page.locator(`#task-${ids.anna}`);
    expect(await card.locator('.address').innerText()).toContain('Hauptstraße 5, 10115 Berlin');
    // nothing ticked: told so, nothing printed
    await Promise.all([page.waitForURL(/print=none/), page.click('#print-cards button')]);
    expect(await page.locator('#print-none').innerText()).toBe('Select at least one card task to print.');
    for (const id of [ids.anna, ids.lucja, ids.zoe])
      await page.check(`#task-${id} input[name=ids][form=print-cards]`);
    await Promise.all([page.waitForURL(/\/print\/cards\?ids=/), page.click('#print-cards button')]);

    // one card text per customer, each in the customer's language
    const texts = page.locator('.card-text');
    expect(await texts.evaluateAll((els) => els.map((e) => e.getAttribute('lang')))).toEqual([
      'de',
      'pl',
      'en',
    ]);
    expect(await texts.nth(0).innerText()).toContain('vielen Dank, dass Sie bei uns einkaufen');
    expect(await texts.nth(1).innerText()).toContain('dziękujemy, że jesteś naszym klientem');
    expect(await texts.nth(2).innerText()).toContain('Thank you for being our customer');

    // 3×7: 70 × 42.3 mm labels, left to right from the sheet's top-left corner
    const sheet = page.locator('.label-sheet');
    expect(await sheet.count()).toBe(1);
    const box = (await sheet.boundingBox())!;
    expect(box.width).toBeCloseTo(210 * MM, 0);
    expect(box.height).toBeCloseTo(297 * MM, 0);
    const labels = sheet.locator('.label');
    expect(await labels.count()).toBe(3);
    const boxes = await Promise.all([0, 1, 2].map(async (i) => (await labels.nth(i).boundingBox())!));
    expect(boxes.map((b) => Math.round((b.x - box.x) / MM))).toEqual([0, 70, 140]);
    for (const b of boxes) expect((b.y - box.y) / MM).toBeCloseTo(0.45, 0); // the first row, 0.45 mm down
    for (const b of boxes) expect(b.width / MM).toBeCloseTo(70, 0);
    expect(boxes[0].height / MM).toBeCloseTo(42.3, 0);
    expect(await labels.nth(0).locator('p').allInnerTexts()).toEqual([
      'Anna Schmidt',
      'Hauptstraße 5',
      '10115 Berlin',
    ]);
    expect(await labels.nth(2).locator('p').allInnerTexts()).toEqual([
      'Zoë Smith',
      '1 High St',
      'OXFORD',
      'OX1 1AA',
      'UNITED KINGDOM',
    ]);
    // the print stylesheet: A4 without page margins, the toolbar hidden on paper
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.toolbar').first().isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    await screenshot(page, 'print-cards-desktop-en');

    // the 2×8 sheet: 16 to a page, the second label in the right-hand column
    await page.selectOption('#layout', '2x8');
    await Promise.all([page.waitForURL(/layout=2x8/), page.click('#print-options button')]);
    const second = (await page.locator('.label-sheet .label').nth(1).boundingBox())!;
    const sheet2 = (await page.locator('.label-sheet').boundingBox())!;
    expect((second.x - sheet2.x) / MM).toBeCloseTo(106.25, 0);
    expect((second.y - sheet2.y) / MM).toBeCloseTo(12.9, 0);

    await Promise.all([page.waitForURL(/printed=3/), page.click('#print-button')]);
    expect(await page.locator('#print-marked').innerText()).toBe('3 card tasks marked as printed.');
    await page.waitForFunction(() => (globalThis as any).printed === 1);
    const stored = await engine.ds.getRepository(Task).findOneByOrFail({ id: ids.lucja });
    expect(stored.printedAt?.toISOString()).toBe(at.toISOString());

    await page.click('text=Back');
    await page.waitForURL('**/today');
    expect(await page.locator(`#task-${ids.anna} .printed`).innerText()).toMatch(
      /^printed on Wed, Jun 17, 2026/,
    );
    await ctx.close();
  });
});
