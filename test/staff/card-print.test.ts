import { Task, User } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
import {
  makeRule,
  staffFixtures as f,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

const at = new Date('2026-06-17T10:00:00Z');

describe.each(testDatabases())('printing card tasks through the API on $name', (db) => {
  let e: TestEngine;
  let sam: { user: User; h: Record<string, string> };
  let ben: { user: User; h: Record<string, string> };
  const ids: Record<string, number> = {};

  const call = async (method: string, path: string, headers: Record<string, string>, body?: unknown) => {
    const res = await fetch(e.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  async function staff(email: string) {
    const accounts = e.app.get(AccountsService);
    const { user } = await accounts.createUser({
      email,
      name: email,
      role: 'staff',
      password: 'a-long-password',
    });
    const { token } = await accounts.issueToken(user.id);
    return { user, h: { authorization: `Bearer ${token}` } };
  }

  beforeAll(async () => {
    e = await startTestEngine(db, { at: at.toISOString() });
    sam = await staff('sam@shop.test');
    ben = await staff('ben@shop.test');
    const birthday = await makeRule(e.ds, at, { kind: 'birthday' });
    const card = async (fields: object, ruleId: number | null = null) => {
      const c = await f.customer(e.ds, at, fields);
      return (
        await f.task(e.ds, at, {
          customerId: c.id,
          kind: 'card',
          dueDay: '2026-06-17',
          assigneeId: sam.user.id,
          ruleId,
        })
      ).id;
    };
    ids.anna = await card(
      {
        firstName: 'Anna',
        lastName: 'Schmidt',
        locale: 'de',
        street: 'Hauptstraße 5',
        postcode: '10115',
        city: 'Berlin',
        country: 'DE',
      },
      birthday.id,
    );
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
      street: '10 Downing St',
      postcode: 'SW1A 2AA',
      city: 'London',
      country: 'GB',
    });
    ids.nora = await card({ firstName: 'Nora', lastName: 'Noaddress', locale: 'en' });
    const c = await f.customer(e.ds, at);
    ids.call = (
      await f.task(e.ds, at, { customerId: c.id, dueDay: '2026-06-17', assigneeId: sam.user.id })
    ).id;
  });
  afterAll(() => e.close());

  it("gives one card text per customer in the customer's language and labels in the country's order", async () => {
    const list = [ids.anna, ids.lucja, ids.zoe, ids.nora].join(',');
    const r = await call('GET', `/api/cards/print?ids=${list}&layout=2x8`, sam.h);
    expect(r.status).toBe(200);
    const cards = r.body.cards;
    expect(cards.map((c: any) => c.locale)).toEqual(['de', 'pl', 'en', 'en']);
    expect(cards[0].greeting).toBe('Liebe/r Anna,');
    expect(cards[0].text).toMatch(/^herzlichen Glückwunsch zum Geburtstag/); // a birthday rule's card
    expect(cards[1].text).toMatch(/^dziękujemy/);
    expect(cards[2].text).toMatch(/^Thank you for being our customer/);
    expect(cards[0].address).toEqual(['Anna Schmidt', 'Hauptstraße 5', '10115 Berlin']);
    expect(cards[1].address.slice(-2)).toEqual(['00-950 Warszawa', 'POLAND']); // abroad, in the sender's language (en)
    expect(cards[2].address.slice(-3)).toEqual(['LONDON', 'SW1A 2AA', 'UNITED KINGDOM']);
    expect(cards[3].address).toBeNull();
    // 2×8: three labels (Nora has no address) in the first column, then the second, 101.6 mm apart
    expect(r.body.layout).toMatchObject({ cols: 2, rows: 8, widthMm: 99.1, heightMm: 33.9 });
    expect(r.body.pages).toHaveLength(1);
    expect(r.body.pages[0].map((l: any) => [l.xMm, l.yMm])).toEqual([
      [4.65, 12.9],
      [106.25, 12.9],
      [4.65, 46.8],
    ]);
  });

  it('starts at a later label and runs onto a second sheet', async () => {
    const list = [ids.anna, ids.lucja, ids.zoe].join(',');
    const r = await call('GET', `/api/cards/print?ids=${list}&layout=3x7&start=20`, sam.h);
    expect(r.body.pages.map((p: any[]) => p.map((l) => [l.xMm, l.yMm]))).toEqual([
      [
        [70, 254.25],
        [140, 254.25],
      ],
      [[0, 0.45]],
    ]);
    const bad = await call('GET', `/api/cards/print?ids=${list}&layout=3x7&start=22`, sam.h);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('start');
  });

  it('refuses a task that is not a card, or someone else’s, naming the problem', async () => {
    const notCard = await call('GET', `/api/cards/print?ids=${ids.anna},${ids.call}`, sam.h);
    expect(notCard.status).toBe(400);
    expect(notCard.body.fields).toEqual([{ field: 'ids', problem: `task ${ids.call} is not a card task` }]);
    expect((await call('GET', `/api/cards/print?ids=${ids.anna}`, ben.h)).status).toBe(403);
    expect((await call('GET', `/api/cards/print?ids=99999`, sam.h)).status).toBe(404);
    expect((await call('POST', '/api/cards/printed', ben.h, { ids: [ids.anna] })).status).toBe(403);
    expect((await e.ds.getRepository(Task).findOneByOrFail({ id: ids.anna })).printedAt).toBeNull();
  });

  it('marks the tasks printed; printing again moves the date', async () => {
    const r = await call('POST', '/api/cards/printed', sam.h, { ids: [ids.anna, ids.zoe] });
    expect(r.body).toEqual({ printed: 2 });
    const repo = e.ds.getRepository(Task);
    expect((await repo.findOneByOrFail({ id: ids.anna })).printedAt?.toISOString()).toBe(at.toISOString());
    expect((await repo.findOneByOrFail({ id: ids.lucja })).printedAt).toBeNull();
    const task = await call('GET', `/api/tasks/${ids.anna}`, sam.h);
    expect(task.body.printedAt).toBe(at.toISOString());
    expect((await call('POST', '/api/cards/printed', sam.h, { ids: [ids.anna] })).body).toEqual({
      printed: 1,
    });
  });

  it('is documented in OpenAPI', async () => {
    const doc = (await (await fetch(`${e.url}/api/docs/json`)).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/cards/print', '/api/cards/printed']),
    );
  });
});
