import { TaskAssigner } from '@touchbase/core';
import { ContactEvent, Task, User } from '@touchbase/store';
import { AccountsService, ROUND_ROBIN_KEY, StaffTaskAssigner } from '@touchbase/staff';
import { staffFixtures as f, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();
const at = new Date('2026-06-15T10:00:00Z'); // 12:00 in Berlin, the business's zone

describe.each(testDatabases())('tasks and the daily list on $name', (db) => {
  let e: TestEngine;
  let anna: { user: User; h: Record<string, string> };
  let ben: { user: User; h: Record<string, string> };
  let owner: Record<string, string>;

  async function staffMember(email: string) {
    const accounts = e.app.get(AccountsService);
    const { user } = await accounts.createUser({
      email,
      name: email.split('@')[0],
      role: 'staff',
      password: 'a-long-password',
    });
    const { token } = await accounts.issueToken(user.id);
    return { user, h: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } };
  }
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    fetch(e.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    e = await startTestEngine(db, { at: at.toISOString() });
    owner = await e.auth('owner');
    anna = await staffMember('anna@shop.test');
    ben = await staffMember('ben@shop.test');
  });
  afterAll(() => e.close());

  describe('the daily list', () => {
    const ids: Record<string, number> = {};
    let ada: number;

    beforeAll(async () => {
      const ds = e.ds;
      const a = anna.user.id;
      const c = (spend: number, extra = {}) =>
        f.customer(ds, at, extra).then(async (cust) => {
          if (spend) await f.order(ds, cust.id, new Date('2026-01-10T10:00:00Z'), spend);
          return cust.id;
        });
      const low = await c(1_000);
      const high = await c(50_000);
      const mid = await c(10_000);
      ada = await c(0, {
        firstName: 'Ada',
        lastName: 'Byron',
        phone: '+4915112345678',
        email: 'ada@example.test',
        birthdayYear: 1990,
        birthdayMonth: 6,
        birthdayDay: 20,
        notes: 'Prefers calls after 5 pm',
      });
      for (const [i, day] of ['2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01'].entries())
        await f.order(ds, ada, new Date(`${day}T09:00:00Z`), 2_000 * (i + 1), [`Item ${i + 1}`]);
      await f.contact(ds, ada, new Date('2026-05-02T08:00:00Z'), 'email', 'Thank-you email');
      await f.contact(ds, ada, new Date('2026-05-20T08:00:00Z'), 'call', 'Reached: all good');
      const erased = await c(90_000, { erasedAt: at });

      const t = (name: string, fields: Partial<Task> & { customerId: number; dueDay: string }) =>
        f.task(ds, at, { assigneeId: a, title: name, ...fields }).then((row) => (ids[name] = row.id));
      await t('today-low', { customerId: low, dueDay: '2026-06-15', priority: 50 });
      await t('overdue-low', { customerId: low, dueDay: '2026-06-12', priority: 50 });
      await t('overdue-high', { customerId: high, dueDay: '2026-06-12', priority: 50 });
      await t('overdue-mid-older', { customerId: mid, dueDay: '2026-06-01', priority: 50 });
      await t('urgent-today', {
        customerId: ada,
        dueDay: '2026-06-15',
        priority: 80,
        reason: 'Top customer, quiet for 90 days',
        talkingPoints: 'Ask about the grinder.',
      });
      await t('tomorrow', { customerId: high, dueDay: '2026-06-16', priority: 90 });
      await t('done', { customerId: high, dueDay: '2026-06-10', priority: 90, status: 'done' });
      await t('snoozed-till-today', {
        customerId: mid,
        dueDay: '2026-06-01',
        priority: 10,
        status: 'snoozed',
        snoozedUntil: '2026-06-15',
      });
      await t('snoozed-till-later', {
        customerId: mid,
        dueDay: '2026-06-01',
        priority: 90,
        status: 'snoozed',
        snoozedUntil: '2026-06-18',
      });
      await t('erased-customer', { customerId: erased, dueDay: '2026-06-10', priority: 90 });
      await t('bens', { customerId: high, dueDay: '2026-06-10', priority: 90, assigneeId: ben.user.id });
    });

    it('orders by priority, then days overdue, then customer value, and leaves out what is not due', async () => {
      const res = await call('GET', '/api/tasks/today', anna.h);
      expect(res.status).toBe(200);
      const list = await j(res);
      expect(list.day).toBe('2026-06-15');
      expect(list.items.map((i: { title: string }) => i.title)).toEqual([
        'urgent-today',
        'overdue-mid-older',
        'overdue-high',
        'overdue-low',
        'today-low',
        'snoozed-till-today',
      ]);
      // total is counted from the task index; a task of an erased customer (erase normally skips
      // them) is counted there but its customer's data is never shown
      expect(list.total).toBe(7);
      expect(list.items.map((i: { overdueDays: number }) => i.overdueDays)).toEqual([0, 14, 3, 3, 0, 0]);
      // limit returns the first n but still counts all
      const two = await j(call('GET', '/api/tasks/today?limit=2', anna.h));
      expect(two.items.map((i: { title: string }) => i.title)).toEqual(['urgent-today', 'overdue-mid-older']);
      expect(two.total).toBe(7);
    });

    it('gives everything needed to act on an item without opening anything else', async () => {
      const list = await j(call('GET', '/api/tasks/today', anna.h));
      const item = list.items[0];
      expect(item).toMatchObject({
        id: ids['urgent-today'],
        kind: 'call',
        reason: 'Top customer, quiet for 90 days',
        priority: 80,
        customer: {
          id: ada,
          name: 'Ada Byron',
          phone: '+4915112345678',
          telLink: 'tel:+4915112345678',
          email: 'ada@example.test',
          birthday: '1990-06-20',
          lifetimeSpendMinor: 20_000,
          orderCount: 4,
        },
        lastContact: { at: '2026-05-20T08:00:00.000Z', kind: 'call', summary: 'Reached: all good' },
      });
      expect(item.recentOrders.map((o: { placedAt: string }) => o.placedAt.slice(0, 10))).toEqual([
        '2026-05-01',
        '2026-04-01',
        '2026-03-01',
      ]);
      expect(item.recentOrders[0]).toMatchObject({ totalMinor: 8_000, currency: 'EUR', items: ['Item 4'] });
      expect(item.talkingPoints.split('\n')).toEqual([
        'Ask about the grinder.',
        '- Birthday 20 June — in 5 days',
        '- 4 orders, €200.00 in total',
        '- Bought Item 4 on 2026-05-01 (€80.00)',
        '- Bought Item 3 on 2026-04-01 (€60.00)',
        '- Bought Item 2 on 2026-03-01 (€40.00)',
        '- Last contact 2026-05-20: call — Reached: all good',
        '- Notes: Prefers calls after 5 pm',
      ]);
    });

    it('uses the business’s day, not UTC’s: at 00:30 Berlin time tomorrow’s tasks are due', async () => {
      e.clock.set('2026-06-15T22:30:00Z'); // 16 June 00:30 in Berlin
      try {
        const list = await j(call('GET', '/api/tasks/today', anna.h));
        expect(list.day).toBe('2026-06-16');
        expect(list.items[0].title).toBe('tomorrow');
        expect(list.items.find((i: { title: string }) => i.title === 'overdue-high').overdueDays).toBe(4);
      } finally {
        e.clock.set(at);
      }
    });

    it('shows an owner anyone’s list, and refuses staff another’s (403) and strangers (401)', async () => {
      const forAnna = await j(call('GET', `/api/tasks/today?assignee=${anna.user.id}`, owner));
      expect(forAnna.items).toHaveLength(6);
      const ownList = await j(call('GET', '/api/tasks/today', ben.h));
      expect(ownList.items.map((i: { title: string }) => i.title)).toEqual(['bens']);
      expect((await call('GET', `/api/tasks/today?assignee=${anna.user.id}`, ben.h)).status).toBe(403);
      expect((await call('GET', `/api/tasks?assignee=${anna.user.id}`, ben.h)).status).toBe(403);
      expect((await call('GET', '/api/tasks/today', {})).status).toBe(401);
      expect((await call('GET', `/api/tasks/${ids['urgent-today']}`, ben.h)).status).toBe(403);
      expect((await call('GET', `/api/tasks/${ids['urgent-today']}`, anna.h)).status).toBe(200);
    });
  });

  describe('assignment', () => {
    it('gives a rule’s task to the customer’s account owner while they are active, else takes turns among staff', async () => {
      const assigner = e.app.get(TaskAssigner);
      expect(assigner).toBeInstanceOf(StaffTaskAssigner);
      expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(ben.user.id);
      const turns = [];
      for (let i = 0; i < 4; i++) turns.push(await assigner.assigneeFor({ id: 1, accountOwnerId: null }));
      expect(new Set(turns)).toEqual(new Set([anna.user.id, ben.user.id]));
      expect(turns[0]).not.toBe(turns[1]);
      expect(turns[0]).toBe(turns[2]);
      expect(turns[1]).toBe(turns[3]);
      // an account owner who left: round-robin instead
      const gone = await f.user(e.ds, at, { email: 'gone@shop.test', role: 'staff', active: false });
      expect([anna.user.id, ben.user.id]).toContain(
        await assigner.assigneeFor({ id: 1, accountOwnerId: gone.id }),
      );
    });

    it('hands a deactivated staff member’s open tasks to the others', async () => {
      const cara = await staffMember('cara@shop.test');
      const cust = await f.customer(e.ds, at, { accountOwnerId: cara.user.id });
      const mine = await Promise.all(
        ['2026-06-15', '2026-06-16'].map((dueDay) =>
          f.task(e.ds, at, { customerId: cust.id, dueDay, assigneeId: cara.user.id }),
        ),
      );
      const finished = await f.task(e.ds, at, {
        customerId: cust.id,
        dueDay: '2026-06-01',
        assigneeId: cara.user.id,
        status: 'done',
      });
      expect((await call('PATCH', `/api/users/${cara.user.id}`, owner, { active: false })).status).toBe(200);
      const after = await e.ds.getRepository(Task).findBy({ customerId: cust.id });
      for (const t of mine)
        expect([anna.user.id, ben.user.id]).toContain(after.find((a) => a.id === t.id)!.assigneeId);
      expect(after.find((a) => a.id === finished.id)!.assigneeId).toBe(cara.user.id);
      expect((await call('GET', '/api/tasks/today', cara.h)).status).toBe(401);
    });

    it('hands out each turn once even when asked concurrently', async () => {
      const assigner = e.app.get(StaffTaskAssigner);
      const turns = await Promise.all(Array.from({ length: 20 }, () => assigner.nextTurn()));
      expect(new Set(turns).size).toBe(20);
      expect(Math.max(...turns) - Math.min(...turns)).toBe(19);
    });

    it('does not assign to someone who is off today: their cover takes it, else the next free person', async () => {
      const assigner = e.app.get(TaskAssigner);
      const users = e.ds.getRepository(User);
      const everyday = { workingDays: '1,2,3,4,5', awayFrom: null, awayUntil: null, coverUserId: null };
      const reset = async () => {
        await users
          .createQueryBuilder()
          .update()
          .set({ ...everyday, timezone: null })
          .execute();
        await users.update({ email: 'cover@shop.test' }, { active: false });
      };
      try {
        // 2026-06-15 is a Monday: Ben works Tuesday to Friday, Anna covers for him
        await users.update(ben.user.id, { workingDays: '2,3,4,5', coverUserId: anna.user.id });
        expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(anna.user.id);
        // Ben on holiday without a cover: the next free person, never Ben
        await users.update(ben.user.id, {
          workingDays: '1,2,3,4,5',
          awayFrom: '2026-06-08',
          awayUntil: '2026-06-19',
          coverUserId: null,
        });
        for (let i = 0; i < 4; i++) {
          const who = await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id });
          expect(who).not.toBe(ben.user.id);
          expect((await users.findOneByOrFail({ id: who! })).active).toBe(true);
        }
        // nor in the round-robin
        for (let i = 0; i < 4; i++)
          expect(await assigner.assigneeFor({ id: 1, accountOwnerId: null })).not.toBe(ben.user.id);
        // the holiday ended the day before: Ben again
        await users.update(ben.user.id, { awayFrom: '2026-06-01', awayUntil: '2026-06-14' });
        expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(ben.user.id);
        // the day in the person's own zone counts: 10:00 UTC Monday is already Tuesday in Kiritimati
        await users.update(ben.user.id, {
          workingDays: '1',
          timezone: 'Pacific/Kiritimati',
          coverUserId: anna.user.id,
        });
        expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(anna.user.id);
        await users.update(ben.user.id, { timezone: null });
        expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(ben.user.id);
        // the cover is off too: their cover's cover
        const cover = await f.user(e.ds, at, { email: 'cover@shop.test', role: 'staff' });
        await users.update(ben.user.id, { workingDays: '2', coverUserId: anna.user.id });
        await users.update(anna.user.id, { workingDays: '2', coverUserId: cover.id });
        expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(cover.id);
        // everybody off: the account owner keeps their customer
        await users.createQueryBuilder().update().set({ workingDays: '7' }).execute();
        expect(await assigner.assigneeFor({ id: 1, accountOwnerId: ben.user.id })).toBe(ben.user.id);
      } finally {
        await reset();
      }
    });

    it('assigns a batch as one by one, its round-robin turns taken in one statement', async () => {
      const assigner = e.app.get(StaffTaskAssigner);
      const users = e.ds.getRepository(User);
      const dan = await f.user(e.ds, at, { email: 'dan@shop.test', role: 'staff' });
      const gone = await f.user(e.ds, at, { email: 'gone2@shop.test', role: 'staff', active: false });
      // Ben away, Anna covers: Ben's customers go to Anna; the others take turns among the free staff
      await users.update(ben.user.id, {
        awayFrom: '2026-06-08',
        awayUntil: '2026-06-19',
        coverUserId: anna.user.id,
      });
      const owners = [
        ben.user.id,
        null,
        dan.id,
        null,
        null,
        gone.id,
        anna.user.id,
        null,
        null,
        ben.user.id,
        null,
      ];
      const customers = owners.map((accountOwnerId, i) => ({ id: i + 1, accountOwnerId }));
      const turnAt = async (value: number) =>
        e.ds.query(`UPDATE engine_state SET value = '${value}' WHERE key = '${ROUND_ROBIN_KEY}'`);
      try {
        await assigner.nextTurn(); // the counter's row exists
        await turnAt(7);
        const oneByOne = [];
        for (const c of customers) oneByOne.push(await assigner.assigneeFor(c));
        await turnAt(7);
        const spy = jest.spyOn(assigner, 'nextTurn');
        const batch = await assigner.assigneesFor(customers);
        expect(spy.mock.calls).toEqual([[7]]); // 7 customers without a free owner: one statement
        spy.mockRestore();
        expect(batch).toEqual(oneByOne);
        expect(batch[0]).toBe(anna.user.id);
        expect(batch[2]).toBe(dan.id);
        expect(batch).not.toContain(ben.user.id);
        expect(
          new Set(batch.filter((_, i) => owners[i] === null || owners[i] === gone.id)).size,
        ).toBeGreaterThan(1);
        expect(await assigner.nextTurn()).toBe(15); // the batch took 8 … 14
        expect(await assigner.assigneesFor([])).toEqual([]);
      } finally {
        await users.update(ben.user.id, { awayFrom: null, awayUntil: null, coverUserId: null });
        await users.update(dan.id, { active: false });
      }
    });

    it('lets an owner set working days, an away period and a cover (PATCH /api/users/:id), validated', async () => {
      const patch = (body: unknown) => call('PATCH', `/api/users/${ben.user.id}`, owner, body);
      try {
        const r = await patch({
          workingDays: [5, 2, 2],
          awayFrom: '2026-08-03',
          awayUntil: '2026-08-14',
          coverUserId: anna.user.id,
        });
        expect(r.status).toBe(200);
        expect(await r.json()).toMatchObject({
          workingDays: [2, 5],
          awayFrom: '2026-08-03',
          awayUntil: '2026-08-14',
          coverUserId: anna.user.id,
        });
        const bad = async (body: unknown, field: string) => {
          const res = await patch(body);
          expect(res.status).toBe(400);
          expect(JSON.stringify(await res.json())).toContain(field);
        };
        await bad({ workingDays: [] }, 'workingDays');
        await bad({ workingDays: [0, 8] }, 'workingDays');
        await bad({ awayFrom: '2026-02-30' }, 'awayFrom');
        await bad({ awayUntil: '2026-08-01' }, 'awayUntil'); // before awayFrom
        await bad({ coverUserId: ben.user.id }, 'coverUserId');
        await bad({ coverUserId: 999_999 }, 'coverUserId');
        // nothing half-written: the refused changes left the earlier ones
        expect(await j(call('GET', `/api/users/${ben.user.id}`, owner))).toMatchObject({
          workingDays: [2, 5],
          awayUntil: '2026-08-14',
          coverUserId: anna.user.id,
        });
        // staff cannot set their own days
        expect((await call('PATCH', '/api/me', ben.h, { workingDays: [1] })).status).toBe(400);
        const doc = await j(fetch(`${e.url}/api/docs/json`));
        expect(JSON.stringify(doc.components.schemas.UpdateUserDto)).toContain('coverUserId');
      } finally {
        await patch({ workingDays: [1, 2, 3, 4, 5], awayFrom: null, awayUntil: null, coverUserId: null });
      }
    });

    it('lets an owner reassign many tasks at once (POST /api/tasks/reassign), all or nothing', async () => {
      const cust = await f.customer(e.ds, at);
      const made = await Promise.all(
        ['2026-06-15', '2026-06-16'].map((dueDay) =>
          f.task(e.ds, at, { customerId: cust.id, dueDay, assigneeId: anna.user.id }),
        ),
      );
      const ids = made.map((t) => t.id);
      const r = await call('POST', '/api/tasks/reassign', owner, { ids, assigneeId: ben.user.id });
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ reassigned: 2 });
      const owners = async () =>
        (await e.ds.getRepository(Task).findBy({ customerId: cust.id })).map((t) => t.assigneeId);
      expect(await owners()).toEqual([ben.user.id, ben.user.id]);
      // an unknown id: 404 and nothing moved
      const bad = await call('POST', '/api/tasks/reassign', owner, {
        ids: [...ids, 999_999],
        assigneeId: anna.user.id,
      });
      expect(bad.status).toBe(404);
      expect(await owners()).toEqual([ben.user.id, ben.user.id]);
      expect((await call('POST', '/api/tasks/reassign', owner, { ids: [], assigneeId: null })).status).toBe(
        400,
      );
      expect(
        (await call('POST', '/api/tasks/reassign', ben.h, { ids, assigneeId: ben.user.id })).status,
      ).toBe(403);
      // to nobody: unassigned
      expect((await call('POST', '/api/tasks/reassign', owner, { ids, assigneeId: null })).status).toBe(200);
      expect(await owners()).toEqual([null, null]);
    });

    it('makes tasks by hand: owners assign anyone (default: account owner / round-robin), staff only themselves', async () => {
      const cust = await f.customer(e.ds, at, { accountOwnerId: ben.user.id });
      const byOwner = await j(
        call('POST', '/api/tasks', owner, {
          customerId: cust.id,
          kind: 'card',
          title: 'Write a card',
          dueDay: '2026-06-16',
        }),
      );
      expect(byOwner).toMatchObject({
        assigneeId: ben.user.id,
        status: 'open',
        kind: 'card',
        dueDay: '2026-06-16',
      });
      const byStaff = await j(
        call('POST', '/api/tasks', anna.h, { customerId: cust.id, kind: 'call', title: 'Call back' }),
      );
      expect(byStaff).toMatchObject({ assigneeId: anna.user.id, dueDay: '2026-06-15', priority: 0 });
      const forOther = await call('POST', '/api/tasks', anna.h, {
        customerId: cust.id,
        kind: 'call',
        title: 'For Ben',
        assigneeId: ben.user.id,
      });
      expect(forOther.status).toBe(400);
      expect((await j(forOther)).fields[0].field).toBe('assigneeId');
      const noCustomer = await call('POST', '/api/tasks', owner, {
        customerId: 999_999,
        kind: 'call',
        title: 'x',
      });
      expect(noCustomer.status).toBe(400);
      expect((await j(noCustomer)).fields[0].field).toBe('customerId');
      const badKind = await call('POST', '/api/tasks', owner, {
        customerId: cust.id,
        kind: 'visit',
        title: 'x',
        status: 'done',
      });
      expect(badKind.status).toBe(400);
      expect((await j(badKind)).fields.map((x: { field: string }) => x.field).sort()).toEqual([
        'kind',
        'status',
      ]);
    });
  });

  describe('outcomes', () => {
    let cust: number;
    const mk = (fields: Partial<Task> = {}) =>
      f
        .task(e.ds, e.clock.now(), {
          customerId: cust,
          dueDay: '2026-06-15',
          assigneeId: anna.user.id,
          ...fields,
        })
        .then((t) => t.id);
    const lastContactAt = async (customerId: number) => {
      // what top_customer_checkin reads as "last contact" from the contact history
      const rows = await e.ds.query(
        `SELECT MAX(occurred_at) AS at FROM contact_events WHERE customer_id = ${customerId}`,
      );
      return rows[0].at == null ? null : Number(rows[0].at);
    };

    beforeAll(async () => {
      cust = (await f.customer(e.ds, at, { firstName: 'Otto' })).id;
    });

    it('records a done call in the contact history, so the check-in rule sees the contact', async () => {
      const id = await mk();
      expect(await lastContactAt(cust)).toBeNull();
      e.clock.set('2026-06-15T14:00:00Z');
      const res = await call('POST', `/api/tasks/${id}/done`, anna.h, {
        outcome: 'reached',
        note: 'Happy with the grinder',
      });
      expect(res.status).toBe(200);
      expect(await j(res)).toMatchObject({
        status: 'done',
        outcome: 'reached',
        outcomeNote: 'Happy with the grinder',
        completedAt: '2026-06-15T14:00:00.000Z',
      });
      const events = await e.ds.getRepository(ContactEvent).findBy({ taskId: id });
      expect(events).toEqual([
        expect.objectContaining({
          customerId: cust,
          kind: 'call',
          direction: 'out',
          userId: anna.user.id,
          summary: 'Reached: Happy with the grinder',
        }),
      ]);
      expect(await lastContactAt(cust)).toBe(Date.parse('2026-06-15T14:00:00Z'));
      // done twice → 409, and no second contact event
      expect((await call('POST', `/api/tasks/${id}/done`, anna.h, { outcome: 'reached' })).status).toBe(409);
      expect(await e.ds.getRepository(ContactEvent).countBy({ taskId: id })).toBe(1);
      e.clock.set(at);
    });

    it('records one outcome when two people finish the same task at once', async () => {
      const id = await mk();
      const answers = await Promise.all([
        call('POST', `/api/tasks/${id}/done`, anna.h, { outcome: 'reached' }),
        call('POST', `/api/tasks/${id}/done`, owner, { outcome: 'not_wanted' }),
        call('POST', `/api/tasks/${id}/skip`, anna.h, { reason: 'double click' }),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409]);
      const task = await e.ds.getRepository(Task).findOneByOrFail({ id });
      expect(await e.ds.getRepository(ContactEvent).countBy({ taskId: id })).toBe(
        task.status === 'skipped' ? 0 : 1,
      );
    });

    it('records a card as a card', async () => {
      const id = await mk({ kind: 'card' });
      await call('POST', `/api/tasks/${id}/done`, anna.h, { outcome: 'card_sent' });
      expect((await e.ds.getRepository(ContactEvent).findOneByOrFail({ taskId: id })).kind).toBe('card');
    });

    it('re-queues a no-answer call for another day; it is off today’s list and back on that day', async () => {
      const id = await mk({ title: 'try again' });
      const bad = await call('POST', `/api/tasks/${id}/done`, anna.h, {
        outcome: 'reached',
        requeueOn: '2026-06-17',
      });
      expect(bad.status).toBe(400);
      expect((await j(bad)).fields[0].field).toBe('requeueOn');
      const past = await call('POST', `/api/tasks/${id}/done`, anna.h, {
        outcome: 'no_answer',
        requeueOn: '2026-06-15',
      });
      expect((await j(past)).fields[0].field).toBe('requeueOn');

      const res = await j(
        call('POST', `/api/tasks/${id}/done`, anna.h, { outcome: 'no_answer', requeueOn: '2026-06-17' }),
      );
      expect(res).toMatchObject({
        status: 'open',
        dueDay: '2026-06-17',
        outcome: 'no_answer',
        completedAt: null,
      });
      expect((await e.ds.getRepository(ContactEvent).findOneByOrFail({ taskId: id })).summary).toBe(
        'No answer (try 1; again on 2026-06-17)',
      );
      const titles = async () =>
        (await j(call('GET', '/api/tasks/today', anna.h))).items.map((i: { title: string }) => i.title);
      expect(await titles()).not.toContain('try again');
      e.clock.set('2026-06-17T07:00:00Z');
      expect(await titles()).toContain('try again');
      e.clock.set(at);
    });

    it('snoozes a task until a day; it comes back on that day and can then be done', async () => {
      const id = await mk({ title: 'snooze me' });
      const past = await call('POST', `/api/tasks/${id}/snooze`, anna.h, { until: '2026-06-15' });
      expect(past.status).toBe(400);
      expect((await j(past)).fields[0].field).toBe('until');
      expect(await j(call('POST', `/api/tasks/${id}/snooze`, anna.h, { until: '2026-06-19' }))).toMatchObject(
        { status: 'snoozed', snoozedUntil: '2026-06-19' },
      );
      const titles = async () =>
        (await j(call('GET', '/api/tasks/today', anna.h))).items.map((i: { title: string }) => i.title);
      expect(await titles()).not.toContain('snooze me');
      e.clock.set('2026-06-18T21:59:00Z'); // 23:59 on the 18th in Berlin
      expect(await titles()).not.toContain('snooze me');
      e.clock.set('2026-06-18T22:00:00Z'); // midnight: the 19th
      expect(await titles()).toContain('snooze me');
      expect((await call('POST', `/api/tasks/${id}/done`, anna.h, { outcome: 'left_message' })).status).toBe(
        200,
      );
      e.clock.set(at);
    });

    it('skips with a reason, and needs one', async () => {
      const id = await mk();
      const none = await call('POST', `/api/tasks/${id}/skip`, anna.h, {});
      expect(none.status).toBe(400);
      expect((await j(none)).fields[0].field).toBe('reason');
      expect(
        await j(call('POST', `/api/tasks/${id}/skip`, anna.h, { reason: 'Customer moved away' })),
      ).toMatchObject({ status: 'skipped', skipReason: 'Customer moved away' });
      expect(await e.ds.getRepository(ContactEvent).countBy({ taskId: id })).toBe(0);
    });

    it('refuses another staff member’s task with 403 and lets an owner act on any', async () => {
      const id = await mk();
      for (const [path, body] of [
        ['done', { outcome: 'reached' }],
        ['snooze', { until: '2026-06-20' }],
        ['skip', { reason: 'not mine' }],
      ] as const)
        expect((await call('POST', `/api/tasks/${id}/${path}`, ben.h, body)).status).toBe(403);
      expect((await call('PATCH', `/api/tasks/${id}`, ben.h, { title: 'mine now' })).status).toBe(403);
      expect((await e.ds.getRepository(Task).findOneByOrFail({ id })).status).toBe('open');
      expect((await call('POST', `/api/tasks/${id}/done`, owner, { outcome: 'reached' })).status).toBe(200);
    });

    it('rejects fields the caller may not set, naming them', async () => {
      const id = await mk();
      const status = await call('PATCH', `/api/tasks/${id}`, anna.h, { status: 'done' });
      expect(status.status).toBe(400);
      expect((await j(status)).fields[0]).toMatchObject({
        field: 'status',
        problem: expect.stringMatching(/\/done/),
      });
      const reassign = await call('PATCH', `/api/tasks/${id}`, anna.h, { assigneeId: ben.user.id });
      expect(reassign.status).toBe(400);
      expect((await j(reassign)).fields[0].field).toBe('assigneeId');
      const unknown = await call('POST', `/api/tasks/${id}/done`, anna.h, {
        outcome: 'reached',
        userId: ben.user.id,
      });
      expect(unknown.status).toBe(400);
      expect((await j(unknown)).fields[0].field).toBe('userId');
      const badOutcome = await call('POST', `/api/tasks/${id}/done`, anna.h, { outcome: 'maybe' });
      expect((await j(badOutcome)).fields[0].field).toBe('outcome');
      expect(
        await j(call('PATCH', `/api/tasks/${id}`, anna.h, { priority: 70, dueDay: '2026-06-20' })),
      ).toMatchObject({ priority: 70, dueDay: '2026-06-20', assigneeId: anna.user.id });
      expect(await j(call('PATCH', `/api/tasks/${id}`, owner, { assigneeId: ben.user.id }))).toMatchObject({
        assigneeId: ben.user.id,
      });
    });
  });
});
