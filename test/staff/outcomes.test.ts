import { AccountsService } from '@touchbase/staff';
import { ContactEvent, Customer, Task } from '@touchbase/store';
import {
  makeRule,
  staffFixtures as f,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

const monday = '2026-06-15T08:00:00Z'; // Monday 10:00 in Berlin

/** Issue 16, item 1: outcomes per kind, tries with a retry interval, wrong numbers, undo. */
describe.each(testDatabases())('task outcomes on $name', (db) => {
  let e: TestEngine;
  let staffId: number;
  let h: Record<string, string>;
  let ownerId: number;

  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(e.url + path, {
      method,
      headers: { 'content-type': 'application/json', ...h },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
  const task = (id: number) => e.ds.getRepository(Task).findOneByOrFail({ id });
  const events = (taskId: number) =>
    e.ds.getRepository(ContactEvent).find({ where: { taskId }, order: { id: 'ASC' } });

  async function mk(
    kind = 'call',
    ruleId: number | null = null,
  ): Promise<{ id: number; customerId: number }> {
    const c = await f.customer(e.ds, new Date(monday), {
      firstName: 'Max',
      lastName: 'Muster',
      phone: '+4915112345678',
    });
    const [t] = await e.ds.query(
      `INSERT INTO tasks (customer_id, kind, title, reason, talking_points, due_day, priority, assignee_id, status, rule_id, attempts, created_at, updated_at)
       VALUES (${c.id}, '${kind}', 'Check in with Max', '', '', '2026-06-15', 10, ${staffId}, 'open', ${ruleId ?? 'NULL'}, 0, ${Date.parse(monday)}, ${Date.parse(monday)}) RETURNING id`,
    );
    return { id: Number(t.id), customerId: c.id };
  }

  beforeAll(async () => {
    e = await startTestEngine(db, { at: monday });
    await e.auth('owner');
    ownerId = (await e.ds.query(`SELECT id FROM users WHERE role = 'owner' ORDER BY id LIMIT 1`))[0].id;
    const accounts = e.app.get(AccountsService);
    const { user } = await accounts.createUser({
      email: 'caller@shop.test',
      name: 'Caller',
      role: 'staff',
      password: 'a-long-password',
    });
    staffId = user.id;
    h = { authorization: `Bearer ${(await accounts.issueToken(user.id)).token}` };
  });
  afterAll(() => e?.close());
  afterEach(() => e.clock.set(monday));

  it('no answer is a try: back the next working day, then 2 days later, then closed as not reached and the owner told', async () => {
    const { id, customerId } = await mk();
    const first = await call('POST', `/api/tasks/${id}/done`, { outcome: 'no_answer' });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'open',
      dueDay: '2026-06-16',
      attempts: 1,
      completedAt: null,
    });
    expect((await events(id)).map((x) => x.kind)).toEqual(['attempt']);

    e.clock.set('2026-06-16T08:00:00Z');
    const second = await call('POST', `/api/tasks/${id}/done`, {
      outcome: 'voicemail',
      note: 'mailbox full',
    });
    expect(second.body).toMatchObject({ status: 'open', dueDay: '2026-06-18', attempts: 2 });

    e.clock.set('2026-06-18T08:00:00Z');
    const third = await call('POST', `/api/tasks/${id}/done`, { outcome: 'no_answer' });
    expect(third.body).toMatchObject({ status: 'done', outcome: 'unreached', attempts: 3 });
    expect((await events(id)).map((x) => [x.kind, x.summary])).toEqual([
      ['attempt', 'No answer (try 1; again on 2026-06-16)'],
      ['attempt', 'Left a voicemail: mailbox full (try 2; again on 2026-06-18)'],
      ['attempt', 'No answer (try 3 of 3: closed as not reached)'],
    ]);
    const notice = await e.ds.getRepository(Task).findOneByOrFail({ customerId, assigneeId: ownerId });
    expect(notice).toMatchObject({ kind: 'other', status: 'open', title: 'Not reached: Max Muster' });
    expect(notice.texts?.de?.reason).toBe(
      '3 Versuche für „Check in with Max“ ohne Erfolg; die Aufgabe ist geschlossen. Entscheiden Sie, ob es anders versucht wird.',
    );
  });

  it('a Friday no-answer comes back on Monday; the rule’s own retry days and tries are used', async () => {
    const rule = await makeRule(e.ds, new Date(monday), {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_n: 10, retry_first_days: 3, max_attempts: 2 },
    });
    const { id } = await mk('call', rule.id);
    e.clock.set('2026-06-19T08:00:00Z'); // Friday
    expect((await call('POST', `/api/tasks/${id}/done`, { outcome: 'no_answer' })).body.dueDay).toBe(
      '2026-06-22',
    );
    e.clock.set('2026-06-22T08:00:00Z');
    expect((await call('POST', `/api/tasks/${id}/done`, { outcome: 'no_answer' })).body.outcome).toBe(
      'unreached',
    );
  });

  it('only a real contact counts as one; wrong number flags the phone; outcomes fit the kind', async () => {
    const reached = await mk();
    await call('POST', `/api/tasks/${reached.id}/done`, { outcome: 'reached' });
    expect((await events(reached.id)).map((x) => x.kind)).toEqual(['call']);

    const wrong = await mk();
    const w = await call('POST', `/api/tasks/${wrong.id}/done`, { outcome: 'wrong_number' });
    expect(w.body).toMatchObject({ status: 'done', outcome: 'wrong_number' });
    expect((await events(wrong.id)).map((x) => x.kind)).toEqual(['attempt']);
    expect((await e.ds.getRepository(Customer).findOneByOrFail({ id: wrong.customerId })).phoneProblem).toBe(
      'wrong number (reported by Caller)',
    );

    const card = await mk('card');
    const bad = await call('POST', `/api/tasks/${card.id}/done`, { outcome: 'no_answer' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([
      { field: 'outcome', problem: 'a card task ends with one of card_sent' },
    ]);
    expect((await call('GET', `/api/tasks/${card.id}`)).body.outcomes).toEqual(['card_sent']);
    expect((await call('GET', `/api/tasks/${reached.id}`)).body.outcomes).toEqual([
      'reached',
      'voicemail',
      'no_answer',
      'wrong_number',
      'not_wanted',
    ]);
  });

  it('undoes an outcome for 10 minutes: the task, the contact history and the phone flag come back', async () => {
    const { id, customerId } = await mk();
    const done = await call('POST', `/api/tasks/${id}/done`, { outcome: 'wrong_number' });
    expect(done.body.undoUntil).toBe('2026-06-15T08:10:00.000Z');
    const undone = await call('POST', `/api/tasks/${id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body).toMatchObject({ status: 'open', outcome: null, attempts: 0, undoUntil: null });
    expect(await events(id)).toEqual([]);
    expect((await e.ds.getRepository(Customer).findOneByOrFail({ id: customerId })).phoneProblem).toBeNull();
    expect((await call('POST', `/api/tasks/${id}/undo`)).status).toBe(409);

    await call('POST', `/api/tasks/${id}/skip`, { reason: 'moved away' });
    e.clock.set('2026-06-15T08:10:01Z');
    const late = await call('POST', `/api/tasks/${id}/undo`);
    expect(late.status).toBe(409);
    expect((await task(id)).status).toBe('skipped');
  });
});
