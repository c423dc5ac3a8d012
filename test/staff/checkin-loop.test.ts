import { TickService } from '@touchbase/rules';
import { ContactEvent, Task, User } from '@touchbase/store';
import { AccountsService } from '@touchbase/staff';
import {
  makeCustomer,
  makeOrder,
  makeRule,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

const j = async (r: Response | Promise<Response>): Promise<any> => (await r).json();
const DAY = 86_400_000;
const t0 = new Date('2026-06-15T10:00:00Z');

/** The whole loop with the real rule engine: rule → task (real TaskAssigner) → call → contact → the rule waits. */
describe.each(testDatabases())('a check-in call feeds back into the top-customer rule on $name', (db) => {
  let e: TestEngine;
  let ticks: TickService;
  let ben: User;
  let benH: Record<string, string>;

  beforeAll(async () => {
    e = await startTestEngine(db, { at: t0.toISOString() });
    ticks = e.app.get(TickService);
    const accounts = e.app.get(AccountsService);
    // Anna comes first in the staff rota, so a task for Ben shows the account owner was chosen
    await accounts.createUser({
      email: 'anna@shop.test',
      name: 'Anna',
      role: 'staff',
      password: 'a-long-password',
    });
    ben = (
      await accounts.createUser({
        email: 'ben@shop.test',
        name: 'Ben',
        role: 'staff',
        password: 'a-long-password',
      })
    ).user;
    benH = {
      authorization: `Bearer ${(await accounts.issueToken(ben.id)).token}`,
      'content-type': 'application/json',
    };
  });
  afterAll(() => e.close());

  it('makes the call task for the account owner, records the call, and stays quiet for no_contact_days', async () => {
    await makeRule(e.ds, t0, {
      kind: 'top_customer_checkin',
      channel: 'task',
      params: { top_n: 1, window_days: 365, no_contact_days: 30 },
    });
    const lena = await makeCustomer(e.ds, t0, {
      firstName: 'Lena',
      lastName: 'Loyal',
      accountOwnerId: ben.id,
    });
    await makeOrder(e.ds, lena.id, new Date(t0.getTime() - 40 * DAY), 250_000);
    await e.ds.getRepository(ContactEvent).insert({
      customerId: lena.id,
      occurredAt: new Date(t0.getTime() - 94 * DAY),
      direction: 'out',
      kind: 'email',
      summary: '',
    });

    await ticks.tick(new Date('2026-06-15T10:05:00Z'));
    const tasks = await e.ds.getRepository(Task).findBy({ customerId: lena.id });
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'call', assigneeId: ben.id, status: 'open' });

    const list = await j(fetch(`${e.url}/api/tasks/today`, { headers: benH }));
    expect(list.items.map((i: { id: number }) => i.id)).toEqual([tasks[0].id]);
    expect(list.items[0].customer).toMatchObject({ name: 'Lena Loyal', lifetimeSpendMinor: 250_000 });
    expect(list.items[0].reason).not.toBe('');

    e.clock.set('2026-06-15T14:00:00Z');
    const done = await fetch(`${e.url}/api/tasks/${tasks[0].id}/done`, {
      method: 'POST',
      headers: benH,
      body: JSON.stringify({ outcome: 'reached', note: 'All good' }),
    });
    expect(done.status).toBe(200);
    expect(await e.ds.getRepository(ContactEvent).findOneByOrFail({ taskId: tasks[0].id })).toMatchObject({
      kind: 'call',
      userId: ben.id,
    });

    // 29 days after the call: still within no_contact_days → no new task
    await ticks.tick(new Date('2026-07-14T10:05:00Z'));
    expect(await e.ds.getRepository(Task).countBy({ customerId: lena.id })).toBe(1);
    // 31 days after: quiet again → a new check-in task, still for her account owner
    await ticks.tick(new Date('2026-07-16T10:05:00Z'));
    const again = await e.ds
      .getRepository(Task)
      .find({ where: { customerId: lena.id }, order: { id: 'ASC' } });
    expect(again).toHaveLength(2);
    expect(again[1]).toMatchObject({ status: 'open', assigneeId: ben.id });
  });
});
