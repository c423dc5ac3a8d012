import { Dispatcher } from '@touchbase/messaging';
import { AccountsService } from '@touchbase/staff';
import { ContactEvent, Customer, OutboxMessage, Task } from '@touchbase/store';
import {
  http,
  signTwilioWebhook,
  staffFixtures as f,
  startTestEngine,
  testDatabases,
  TestEngine,
  TwilioStub,
} from '@touchbase/test-kit';

const PUBLIC = 'https://tb.example.test';
const monday = '2026-06-15T08:00:00Z'; // Monday 10:00 in Berlin

/** Issue 16, item 5: staff answer a customer's SMS reply from its task, through the outbox. */
describe.each(testDatabases())('answering an SMS reply on $name', (db) => {
  let stub: TwilioStub;
  let e: TestEngine;
  let dispatcher: Dispatcher;
  let staffId: number;
  let h: Record<string, string>;
  let other: Record<string, string>;
  let n = 0;

  const call = async (path: string, body: unknown, headers = h) => {
    const r = await fetch(e.url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };

  async function inbound(from: string, body: string) {
    const params = {
      MessageSid: `SM${(++n).toString(16).padStart(32, '0')}`,
      From: from,
      To: '+4930123456789',
      Body: body,
      AccountSid: stub.accountSid,
    };
    const path = '/webhooks/twilio/inbound';
    const res = await http(`${e.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signTwilioWebhook(stub.authToken, `${PUBLIC}${path}`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
  }

  /** A customer of the staff member who has written back: their reply task. */
  async function replyTask(fields: Partial<Customer> = {}): Promise<{ task: Task; customer: Customer }> {
    const phone = `+4915100000${String(++n).padStart(3, '0')}`;
    const customer = await f.customer(e.ds, new Date(monday), {
      firstName: 'Ada',
      lastName: `Reply${n}`,
      phone,
      smsConsent: true,
      accountOwnerId: staffId,
      ...fields,
    });
    await inbound(phone, 'Thank you! Can you put one aside for me?');
    const task = await e.ds.getRepository(Task).findOneByOrFail({ customerId: customer.id, kind: 'reply' });
    return { task, customer };
  }
  const messagesOf = (customerId: number) =>
    e.ds.getRepository(OutboxMessage).find({ where: { customerId, purpose: 'reply' }, order: { id: 'ASC' } });

  beforeAll(async () => {
    stub = await TwilioStub.start();
    e = await startTestEngine(db, {
      at: monday,
      env: { ...stub.env('+4930123456789'), PUBLIC_BASE_URL: PUBLIC },
    });
    dispatcher = e.app.get(Dispatcher);
    const accounts = e.app.get(AccountsService);
    const mk = async (email: string) => {
      const { user } = await accounts.createUser({
        email,
        name: email,
        role: 'staff',
        password: 'a-long-password',
      });
      return { id: user.id, h: { authorization: `Bearer ${(await accounts.issueToken(user.id)).token}` } };
    };
    const me = await mk('answers@shop.test');
    staffId = me.id;
    h = me.h;
    other = (await mk('someone-else@shop.test')).h;
  });
  afterAll(async () => {
    await e?.close();
    await stub?.close();
  });
  beforeEach(() => {
    stub.reset();
    e.clock.set(monday);
  });

  it('queues the answer through the outbox, closes the task as answered, and the stub gets the SMS', async () => {
    const { task, customer } = await replyTask();
    expect(task).toMatchObject({ status: 'open', assigneeId: staffId });
    const res = await call(`/api/tasks/${task.id}/reply`, {
      text: 'Of course, Ada — it waits for you until Saturday.',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: task.id, status: 'done', outcome: 'answered', undoUntil: null });
    const [m] = await messagesOf(customer.id);
    expect(m).toMatchObject({
      channel: 'sms',
      purpose: 'reply',
      recipient: customer.phone,
      userId: staffId,
      status: 'queued',
      text: 'Of course, Ada — it waits for you until Saturday.',
    });
    // the customer's timeline: their message in, our answer out
    const timeline = await e.ds
      .getRepository(ContactEvent)
      .find({ where: { customerId: customer.id }, order: { id: 'ASC' } });
    expect(timeline.map((x) => [x.kind, x.direction])).toEqual([
      ['reply', 'in'],
      ['reply', 'out'],
    ]);
    expect(timeline[1]).toMatchObject({ taskId: task.id, userId: staffId });
    expect(timeline[1].summary).toContain('Of course, Ada — it waits for you until Saturday.');

    await dispatcher.dispatchDue(e.clock.now());
    expect(stub.to(customer.phone!).map((x) => x.body)).toEqual([
      'Of course, Ada — it waits for you until Saturday.',
    ]);
    expect((await messagesOf(customer.id))[0].status).toBe('sent');

    // answered once: a second answer is refused, nothing more is queued
    expect((await call(`/api/tasks/${task.id}/reply`, { text: 'Again?' })).status).toBe(409);
    expect(await messagesOf(customer.id)).toHaveLength(1);
    // and it cannot be undone (the SMS is on its way)
    expect((await call(`/api/tasks/${task.id}/undo`, {})).status).toBe(409);
  });

  it('waits for the end of quiet hours in the customer’s zone', async () => {
    const { task, customer } = await replyTask();
    e.clock.set('2026-06-15T20:30:00Z'); // 22:30 in Berlin: quiet
    expect((await call(`/api/tasks/${task.id}/reply`, { text: 'Yes, see you tomorrow.' })).status).toBe(200);
    const [m] = await messagesOf(customer.id);
    expect(m.nextAttemptAt.toISOString()).toBe('2026-06-16T06:00:00.000Z'); // 08:00 Berlin
    await dispatcher.dispatchDue(e.clock.now());
    expect(stub.to(customer.phone!)).toHaveLength(0);
    e.clock.set('2026-06-16T06:00:00Z');
    await dispatcher.dispatchDue(e.clock.now());
    expect(stub.to(customer.phone!)).toHaveLength(1);
  });

  it('checks consent: no SMS consent is refused and nothing is written; consent withdrawn after queueing cancels it', async () => {
    const { task, customer } = await replyTask();
    await e.ds.getRepository(Customer).update({ id: customer.id }, { smsConsent: false });
    const refused = await call(`/api/tasks/${task.id}/reply`, { text: 'Hello' });
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.body)).toMatch(/SMS/);
    expect(await messagesOf(customer.id)).toHaveLength(0);
    expect((await e.ds.getRepository(Task).findOneByOrFail({ id: task.id })).status).toBe('open');

    await e.ds.getRepository(Customer).update({ id: customer.id }, { smsConsent: true });
    e.clock.set('2026-06-15T20:30:00Z'); // queued for the morning
    expect((await call(`/api/tasks/${task.id}/reply`, { text: 'Hello' })).status).toBe(200);
    await inbound(customer.phone!, 'STOP');
    e.clock.set('2026-06-16T06:00:00Z');
    await dispatcher.dispatchDue(e.clock.now());
    expect(stub.to(customer.phone!)).toHaveLength(0);
    expect((await messagesOf(customer.id))[0].status).toBe('cancelled');
  });

  it('refuses an empty text naming the field, another person’s task, and a task that is not a reply', async () => {
    const { task } = await replyTask();
    const empty = await call(`/api/tasks/${task.id}/reply`, { text: '   ' });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('text');
    expect((await call(`/api/tasks/${task.id}/reply`, { text: 'x'.repeat(1601) })).status).toBe(400);
    expect((await call(`/api/tasks/${task.id}/reply`, { text: 'Hi' }, other)).status).toBe(403);
    const [card] = await e.ds.query(
      `INSERT INTO tasks (customer_id, kind, title, reason, talking_points, due_day, priority, assignee_id, status, attempts, created_at, updated_at)
       VALUES (${task.customerId}, 'card', 'Card', '', '', '2026-06-15', 10, ${staffId}, 'open', 0, ${Date.parse(monday)}, ${Date.parse(monday)}) RETURNING id`,
    );
    const wrongKind = await call(`/api/tasks/${card.id}/reply`, { text: 'Hi' });
    expect(wrongKind.status).toBe(409);
    expect(JSON.stringify(wrongKind.body)).toMatch(/only a reply task/);
    expect((await e.ds.getRepository(Task).findOneByOrFail({ id: task.id })).status).toBe('open');
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${e.url}/api/docs/json`)).json()) as any;
    const op = doc.paths['/api/tasks/{id}/reply']?.post;
    expect(op?.tags).toEqual(['tasks']);
    expect(JSON.stringify(doc.components.schemas.ReplyDto)).toContain('"text"');
  });
});
