import { Browser, BrowserContext } from 'playwright-core';
import { Task, User } from '@touchbase/store';
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

const at = new Date('2026-06-17T08:00:00Z'); // Wednesday in Berlin

/** The owner's team page in a real browser: figures, unassigned and overdue work, reassigning. */
describeInBrowser()('web: the owner reassigns work on the team page', () => {
  let engine: TestEngine;
  let browser: Browser;
  let owner: WebUser;
  let ownerDe: WebUser;
  let sam: WebUser;
  let dora: User;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    engine = await startTestEngine(testDatabases()[0], { at: at.toISOString() });
    browser = await launchChromium();
    owner = await createWebUser(engine, 'owner');
    ownerDe = await createWebUser(engine, 'owner', { name: 'Otto Inhaber', locale: 'de' });
    sam = await createWebUser(engine, 'staff', { name: 'Sam Staff' });
    dora = await f.user(engine.ds, at, {
      email: 'dora@shop.test',
      name: 'Dora Deutsch',
      role: 'staff',
      awayFrom: '2026-06-15',
      awayUntil: '2026-06-26',
      coverUserId: sam.id,
    });
    const ada = await f.customer(engine.ds, at, { firstName: 'Ada', lastName: 'Byron' });
    const bo = await f.customer(engine.ds, at, { firstName: 'Bo', lastName: 'Berg' });
    ids.a = (await f.task(engine.ds, at, { customerId: ada.id, dueDay: '2026-06-16', title: 'Call Ada' })).id;
    ids.b = (
      await f.task(engine.ds, at, {
        customerId: bo.id,
        dueDay: '2026-06-17',
        title: 'Card for Bo',
        kind: 'card',
      })
    ).id;
    ids.late = (
      await f.task(engine.ds, at, {
        customerId: bo.id,
        dueDay: '2026-06-12',
        title: 'Late call',
        assigneeId: dora.id,
      })
    ).id;
  });
  afterAll(async () => {
    await browser?.close();
    await engine?.close();
  });

  let ctx: BrowserContext;
  afterEach(async () => ctx?.close());

  it('shows figures, refuses someone who is away, then gives two tasks to Sam (desktop, English)', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, owner);
    await page.click('nav >> text=Team');
    await page.waitForURL('**/team');
    expect(await page.locator('h1').innerText()).toBe('Team');
    const doraRow = page.locator(`#person-${dora.id}`);
    expect(await doraRow.getAttribute('data-overdue')).toBe('1');
    expect(await doraRow.innerText()).toContain('away until');
    expect(await page.locator('#unassigned h2').innerText()).toBe('Unassigned (2 tasks)');
    expect(await page.locator('#overdue tbody tr').count()).toBe(2); // Ada's (unassigned) and Dora's
    await screenshot(page, 'team-desktop-en');

    await page.check(`#pick-unassigned-${ids.a}`);
    await page.check(`#pick-unassigned-${ids.b}`);
    await page.selectOption('#give-to', String(dora.id));
    await page.click('#reassign');
    const problem = await page.locator('#team-problem').innerText();
    expect(problem).toContain('Dora Deutsch is away until');
    expect(problem).toContain('their cover: Sam Staff');
    expect(await page.isChecked(`#pick-unassigned-${ids.a}`)).toBe(true); // the ticks are kept
    const repo = engine.ds.getRepository(Task);
    expect((await repo.findOneByOrFail({ id: ids.a })).assigneeId).toBeNull();

    await page.selectOption('#give-to', String(sam.id));
    await Promise.all([page.waitForURL(/moved=2/), page.click('#reassign')]);
    expect(await page.locator('#team-notice').innerText()).toBe('2 tasks given to Sam Staff.');
    expect(await page.locator('#unassigned').innerText()).toContain('No tasks here.');
    expect(await page.locator(`#person-${sam.id}`).getAttribute('data-open')).toBe('2');
    expect([
      (await repo.findOneByOrFail({ id: ids.a })).assigneeId,
      (await repo.findOneByOrFail({ id: ids.b })).assigneeId,
    ]).toEqual([sam.id, sam.id]);

    await page.click(`#person-${sam.id} a`);
    expect(await page.locator('#person-list h2').innerText()).toBe('Sam Staff: 2 open tasks');
    expect(await page.locator('#person-list tbody tr').count()).toBe(2);
  });

  it('reads German on a phone and gives Dora’s overdue task back to nobody', async () => {
    ctx = await newBrowserContext(browser, 'phone');
    const page = await ctx.newPage();
    await signIn(page, engine.url, ownerDe);
    await page.goto(`${engine.url}/team`);
    expect(await page.locator('#overdue h2').innerText()).toBe('Überfällig (2 Aufgaben)');
    expect(await page.locator(`#person-${dora.id}`).innerText()).toContain('abwesend bis');
    expect(await page.locator('#team-people thead').innerText()).toContain('Diese Woche erledigt');
    await screenshot(page, 'team-phone-de');
    await page.check(`#pick-overdue-${ids.late}`);
    await page.selectOption('#give-to', '');
    await Promise.all([page.waitForURL(/moved=1/), page.click('#reassign')]);
    expect(await page.locator('#team-notice').innerText()).toBe('1 Aufgabe ist jetzt niemandem zugewiesen.');
    expect((await engine.ds.getRepository(Task).findOneByOrFail({ id: ids.late })).assigneeId).toBeNull();
    await page.click('#reassign');
    expect(await page.locator('#team-problem').innerText()).toBe(
      'Bitte zuerst mindestens eine Aufgabe auswählen.',
    );
  });

  it('keeps staff out', async () => {
    ctx = await newBrowserContext(browser);
    const page = await ctx.newPage();
    await signIn(page, engine.url, sam);
    expect(await page.locator('nav[aria-label=main]').innerText()).not.toContain('Team');
    expect((await page.goto(`${engine.url}/team`))!.status()).toBe(403);
  });
});
