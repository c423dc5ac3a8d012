import { Task, User } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
import { staffFixtures as f, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const at = new Date('2026-06-17T10:00:00Z'); // Wednesday, 12:00 in Berlin; the week began Monday 15 June

describe.each(testDatabases())('the team view API on $name', (db) => {
  let e: TestEngine;
  let owner: Record<string, string>;
  let sam: { user: User; h: Record<string, string> };
  let dora: User;
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

  beforeAll(async () => {
    e = await startTestEngine(db, { at: at.toISOString() });
    owner = await e.auth('owner');
    const accounts = e.app.get(AccountsService);
    const made = await accounts.createUser({
      email: 'sam@shop.test',
      name: 'Sam',
      role: 'staff',
      password: 'a-long-password',
    });
    const { token } = await accounts.issueToken(made.user.id);
    sam = { user: made.user, h: { authorization: `Bearer ${token}` } };
    dora = await f.user(e.ds, at, {
      email: 'dora@shop.test',
      name: 'Dora',
      role: 'staff',
      awayFrom: '2026-06-10',
      awayUntil: '2026-06-20',
      coverUserId: sam.user.id,
    });
    const c = await f.customer(e.ds, at, { firstName: 'Ada', lastName: 'Byron' });
    const task = (fields: Partial<Task> & { dueDay: string }) =>
      f.task(e.ds, at, { customerId: c.id, ...fields }).then((t) => t.id);
    ids.samToday = await task({ assigneeId: sam.user.id, dueDay: '2026-06-17', title: 'Call today' });
    ids.samLate = await task({ assigneeId: sam.user.id, dueDay: '2026-06-12', title: 'Call late' });
    ids.samSnoozed = await task({
      assigneeId: sam.user.id,
      dueDay: '2026-06-10',
      status: 'snoozed',
      snoozedUntil: '2026-06-19',
    });
    ids.samDone = await task({
      assigneeId: sam.user.id,
      dueDay: '2026-06-15',
      status: 'done',
      outcome: 'reached',
      completedAt: new Date('2026-06-15T09:00:00Z'),
    });
    ids.samDoneLastWeek = await task({
      assigneeId: sam.user.id,
      dueDay: '2026-06-12',
      status: 'done',
      outcome: 'reached',
      completedAt: new Date('2026-06-14T20:00:00Z'), // Sunday 22:00 in Berlin: last week
    });
    ids.nobody = await task({ assigneeId: null, dueDay: '2026-06-16', title: 'Card', kind: 'card' });
    ids.nobody2 = await task({ assigneeId: null, dueDay: '2026-06-18', title: 'Later' });
  });
  afterAll(() => e.close());

  it("gives each person's open, overdue and done-this-week figures and the unassigned and overdue tasks", async () => {
    const r = await call('GET', '/api/team', owner);
    expect(r.status).toBe(200);
    expect([r.body.day, r.body.weekStart]).toEqual(['2026-06-17', '2026-06-15']);
    const samRow = r.body.people.find((p: any) => p.id === sam.user.id);
    expect(samRow).toMatchObject({ open: 3, overdue: 1, doneThisWeek: 1, offToday: false, away: false });
    const doraRow = r.body.people.find((p: any) => p.id === dora.id);
    expect(doraRow).toMatchObject({ open: 0, offToday: true, away: true, awayUntil: '2026-06-20' });
    expect(r.body.unassigned.total).toBe(2);
    expect(r.body.unassigned.items.map((t: any) => t.id)).toEqual([ids.nobody, ids.nobody2]);
    expect(r.body.unassigned.items[0]).toMatchObject({
      kind: 'card',
      overdueDays: 1,
      assigneeId: null,
      customer: { name: 'Ada Byron' },
    });
    expect(r.body.overdue.items.map((t: any) => t.id)).toEqual([ids.samLate, ids.nobody]);
  });

  it("lists one person's open tasks, and names a missing assignee", async () => {
    const r = await call('GET', `/api/team/tasks?list=person&assignee=${sam.user.id}`, owner);
    expect(r.status).toBe(200);
    expect(r.body.items.map((t: any) => [t.id, t.dueDay])).toEqual([
      [ids.samLate, '2026-06-12'],
      [ids.samToday, '2026-06-17'],
      [ids.samSnoozed, '2026-06-19'],
    ]);
    const bad = await call('GET', '/api/team/tasks?list=person', owner);
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].field).toBe('assignee');
  });

  it('is for owners only', async () => {
    expect((await call('GET', '/api/team', sam.h)).status).toBe(403);
    expect((await call('GET', '/api/team/tasks?list=overdue', sam.h)).status).toBe(403);
  });

  it('refuses to give tasks to someone who is away, naming the field, and changes nothing', async () => {
    const r = await call('POST', '/api/tasks/reassign', owner, {
      ids: [ids.nobody, ids.samLate],
      assigneeId: dora.id,
    });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual([
      { field: 'assigneeId', problem: 'Dora is away until 2026-06-20; give the tasks to someone else' },
    ]);
    const after = await e.ds.getRepository(Task).findBy({ id: ids.nobody });
    expect(after[0].assigneeId).toBeNull();
    const ok = await call('POST', '/api/tasks/reassign', owner, {
      ids: [ids.nobody],
      assigneeId: sam.user.id,
    });
    expect(ok.body).toEqual({ reassigned: 1 });
    const again = await call('GET', '/api/team', owner);
    expect(again.body.unassigned.total).toBe(1);
    expect(again.body.people.find((p: any) => p.id === sam.user.id).open).toBe(4);
  });

  it('is documented in OpenAPI', async () => {
    const doc = (await (await fetch(`${e.url}/api/docs/json`)).json()) as any;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/team', '/api/team/tasks']));
    expect(doc.paths['/api/team'].get.summary).toMatch(/done-this-week/);
  });
});
