import { AccountsService } from '@touchbase/staff';
import { RulesService } from '@touchbase/rules';
import { ContactEvent, Customer, OutboxMessage, Task, Touch } from '@touchbase/store';
import { staffFixtures as f, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const TOKEN = 'inbound-email-token-0123456789';
const monday = '2026-06-15T08:00:00Z'; // Monday 10:00 in Berlin
const PATH = '/webhooks/email/inbound';

/** Issue 16.5: a customer's email to the Reply-To address reaches a person and their timeline. */
describe.each(testDatabases())('inbound email on $name', (db) => {
  let e: TestEngine;
  let staffId: number;
  let h: Record<string, string>;
  let ruleId: number;
  let n = 0;

  const post = async (body: string | FormData, headers: Record<string, string>, query = '') => {
    const r = await fetch(`${e.url}${PATH}${query}`, { method: 'POST', headers, body });
    return { status: r.status, body: (await r.json().catch(() => null)) as any };
  };
  const postJson = (payload: unknown, token = TOKEN) =>
    post(JSON.stringify(payload), { 'content-type': 'application/json', 'x-touchbase-token': token });

  /** A customer of the staff member, and a birthday email we sent them (its outbox id). */
  async function customerWithTouch(fields: Partial<Customer> = {}) {
    const i = ++n;
    const customer = await f.customer(e.ds, new Date(monday), {
      firstName: 'Anna',
      lastName: `Schmidt${i}`,
      email: `anna${i}@example.test`,
      emailConsent: true,
      accountOwnerId: staffId,
      ...fields,
    });
    const at = new Date('2026-06-14T07:00:00Z');
    const outbox = e.ds.getRepository(OutboxMessage);
    const sent = async (k: number) => {
      const m = await outbox.insert({
        customerId: customer.id,
        channel: 'email',
        purpose: 'touch',
        recipient: customer.email!,
        subject: 'Happy birthday!',
        status: 'sent',
        attempts: 1,
        nextAttemptAt: at,
        createdAt: at,
        sentAt: at,
      });
      const messageId = Number(m.identifiers[0].id);
      const t = await e.ds.getRepository(Touch).insert({
        ruleId,
        customerId: customer.id,
        occasionKey: `birthday:${i}:${k}`,
        dueAt: at,
        status: 'sent',
        reason: '',
        channel: 'email',
        messageId,
        createdAt: at,
        updatedAt: at,
      });
      const touchId = Number(t.identifiers[0].id);
      await outbox.update(messageId, { touchId });
      return { messageId, touchId };
    };
    const first = await sent(1);
    const latest = await sent(2);
    return { customer, first, latest };
  }
  const timeline = (customerId: number) =>
    e.ds.getRepository(ContactEvent).find({ where: { customerId }, order: { id: 'ASC' } });
  const tasksOf = (customerId: number) => e.ds.getRepository(Task).findBy({ customerId, kind: 'reply' });

  beforeAll(async () => {
    e = await startTestEngine(db, { at: monday, env: { EMAIL_WEBHOOK_SECRET: TOKEN } });
    const accounts = e.app.get(AccountsService);
    const { user } = await accounts.createUser({
      email: 'answers@shop.test',
      name: 'Sabine',
      role: 'staff',
      password: 'a-long-password',
    });
    staffId = user.id;
    h = { authorization: `Bearer ${(await accounts.issueToken(user.id)).token}` };
    ruleId = (
      await e.app
        .get(RulesService)
        .create({ name: 'Birthday wishes', kind: 'birthday', channel: 'email', templateKey: 'birthday' })
    ).id;
  });
  afterAll(() => e?.close());

  it('refuses a post without the token before reading it, and a too large one', async () => {
    const big = 'x'.repeat(1_000_000);
    expect((await post(big, { 'content-type': 'text/plain' })).status).toBe(401);
    expect(
      (await post(big, { 'content-type': 'text/plain', 'x-touchbase-token': 'wrong-token-0123456789' }))
        .status,
    ).toBe(401);
    expect((await post('{}', { 'content-type': 'application/json' }, '?token=nope')).status).toBe(401);
    // answered while the body is still coming: nothing of it was waited for
    const abort = new AbortController();
    const endless = new ReadableStream({
      start: (c) => c.enqueue(new TextEncoder().encode('x'.repeat(64 * 1024))),
    });
    const early = await fetch(`${e.url}${PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-touchbase-token': 'wrong-token-0123456789' },
      body: endless,
      duplex: 'half',
      signal: abort.signal,
    } as RequestInit);
    expect(early.status).toBe(401);
    abort.abort();
    const huge = await post('x'.repeat(11 * 1024 * 1024), {
      'content-type': 'text/plain',
      'x-touchbase-token': TOKEN,
    });
    expect(huge.status).toBe(413);
    expect(await e.ds.getRepository(ContactEvent).count()).toBe(0);
  });

  it('records a JSON reply on the timeline and makes a reply task naming the touch it answers; a repeat adds nothing', async () => {
    const { customer, first } = await customerWithTouch();
    const payload = {
      from: `Anna Schmidt <${customer.email!.toUpperCase()}>`,
      to: 'shop@replies.example',
      subject: 'Re: Happy birthday!',
      text: 'Thank you! Can you put one aside for me?\n\nOn Sun, 14 Jun 2026 at 09:00, Shop <shop@example.test> wrote:\n> Happy birthday, Anna!\n> Your shop',
      messageId: '<CAF-reply-1@mail.example.test>',
      inReplyTo: `<touchbase.outbox.${first.messageId}@example.test>`,
    };
    const res = await postJson(payload);
    expect(res).toEqual({ status: 200, body: { status: 'recorded', customers: 1, tasks: 1 } });

    const [event] = await timeline(customer.id);
    expect(event).toMatchObject({
      direction: 'in',
      kind: 'reply',
      summary: 'Re: Happy birthday!: Thank you! Can you put one aside for me?',
      touchId: first.touchId, // the one named in In-Reply-To, not the latest
      messageId: first.messageId,
    });
    const [task] = await tasksOf(customer.id);
    expect(task).toMatchObject({
      status: 'open',
      assigneeId: staffId,
      touchId: first.touchId,
      title: `Email from Anna Schmidt${n}`,
      reason: 'They wrote: “Thank you! Can you put one aside for me?”',
      talkingPoints: 'In answer to: Birthday wishes',
      inbound: { channel: 'email', subject: 'Re: Happy birthday!' },
      dueDay: '2026-06-15',
    });
    expect(task.texts?.de?.title).toBe(`E-Mail von Anna Schmidt${n}`);

    // the provider delivers the same message again: nothing more
    expect((await postJson(payload)).body).toEqual({ status: 'duplicate', customers: 0, tasks: 0 });
    expect(await tasksOf(customer.id)).toHaveLength(1);
    expect(await timeline(customer.id)).toHaveLength(1);

    // and it is on Today for the account owner
    const today = await fetch(`${e.url}/api/tasks/today`, { headers: h }).then((r) => r.json() as any);
    const item = today.items.find((t: { id: number }) => t.id === task.id);
    expect(item).toMatchObject({ kind: 'reply', replyChannel: 'email' });
  });

  it('reads SendGrid’s multipart form (headers as a raw block) and answers the latest touch without In-Reply-To', async () => {
    const { customer, latest } = await customerWithTouch();
    const form = new FormData();
    form.append('from', `"Anna" <${customer.email}>`);
    form.append('to', 'shop@replies.example');
    form.append('subject', 'Re: Happy birthday!');
    form.append(
      'text',
      'Danke schön!\n\nAm 14.06.2026 um 09:00 schrieb Shop <shop@example.test>:\n> Alles Gute',
    );
    form.append('headers', `Message-ID: <sg-${n}@mail.example.test>\nFrom: Anna <${customer.email}>\n`);
    form.append('attachment1', new Blob(['%PDF-1.4 not read']), 'photo.pdf');
    const res = await post(form, {}, `?token=${TOKEN}`);
    expect(res.body).toEqual({ status: 'recorded', customers: 1, tasks: 1 });
    const [event] = await timeline(customer.id);
    expect(event).toMatchObject({ summary: 'Re: Happy birthday!: Danke schön!', touchId: latest.touchId });
  });

  it('reads a raw RFC 822 message (Basic auth) and follows References', async () => {
    const { customer, first } = await customerWithTouch();
    const mime = [
      `From: Anna <${customer.email}>`,
      'To: shop@replies.example',
      'Subject: Re: Happy birthday!',
      `Message-ID: <raw-${n}@mail.example.test>`,
      `References: <other@example.test> <touchbase.outbox.${first.messageId}@example.test>`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gerne am Samstag. Gr=C3=BC=C3=9Fe',
      '-- ',
      'Anna Schmidt',
      '',
    ].join('\r\n');
    const basic = Buffer.from(`inbound:${TOKEN}`).toString('base64');
    const res = await post(mime, { 'content-type': 'message/rfc822', authorization: `Basic ${basic}` });
    expect(res.body).toEqual({ status: 'recorded', customers: 1, tasks: 1 });
    const [event] = await timeline(customer.id);
    expect(event).toMatchObject({
      summary: 'Re: Happy birthday!: Gerne am Samstag. Grüße',
      touchId: first.touchId,
    });
  });

  it('records an automatic answer without a task, and an unknown sender without a change', async () => {
    const { customer } = await customerWithTouch();
    const auto = await postJson({
      from: customer.email,
      subject: 'Automatische Antwort: Happy birthday!',
      text: 'Ich bin bis 30. Juni nicht im Büro.',
      messageId: `<ooo-${n}@mail.example.test>`,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(auto.body).toEqual({ status: 'auto_reply', customers: 1, tasks: 0 });
    expect(await tasksOf(customer.id)).toEqual([]);
    expect((await timeline(customer.id)).map((x) => [x.kind, x.direction])).toEqual([['auto_reply', 'in']]);

    const before = await e.ds.getRepository(ContactEvent).count();
    const stranger = await postJson({ from: 'nobody@elsewhere.test', subject: 'Hi', text: 'Who are you?' });
    expect(stranger).toEqual({ status: 200, body: { status: 'unknown_sender', customers: 0, tasks: 0 } });
    expect(await e.ds.getRepository(ContactEvent).count()).toBe(before);
    // not an address at all: also an unknown sender, never a crash
    expect((await postJson({ from: 'not an address', text: 'x' })).body.status).toBe('unknown_sender');
    // no sender: a 400 naming the field
    const bad = await postJson({ subject: 'x', text: 'y' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('from');
  });

  it('staff answer the email reply from the task: an email through the outbox, "Re:" subject, consent checked', async () => {
    const { customer } = await customerWithTouch();
    await postJson({
      from: customer.email,
      subject: 'Re: Happy birthday!',
      text: 'Can you put one aside?',
      messageId: `<ask-${n}@mail.example.test>`,
    });
    const [task] = await tasksOf(customer.id);
    const answer = await fetch(`${e.url}/api/tasks/${task.id}/reply`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Of course, Anna.\n\nIt waits for you until Saturday.' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({
      status: 'done',
      outcome: 'answered',
      inbound: { channel: 'email' },
    });
    const [m] = await e.ds.getRepository(OutboxMessage).findBy({ customerId: customer.id, purpose: 'reply' });
    expect(m).toMatchObject({
      channel: 'email',
      recipient: customer.email,
      subject: 'Re: Happy birthday!',
      text: 'Of course, Anna.\n\nIt waits for you until Saturday.',
      html: '<p>Of course, Anna.</p>\n<p>It waits for you until Saturday.</p>',
      status: 'queued',
      userId: staffId,
    });
    expect((await timeline(customer.id)).map((x) => [x.kind, x.direction])).toEqual([
      ['reply', 'in'],
      ['reply', 'out'],
    ]);

    // a customer without email consent cannot be answered by email: 409, nothing queued
    const other = await customerWithTouch({ emailConsent: false });
    await postJson({ from: other.customer.email, text: 'Hello?', messageId: `<no-consent-${n}@x.test>` });
    const [t2] = await tasksOf(other.customer.id);
    const refused = await fetch(`${e.url}/api/tasks/${t2.id}/reply`, {
      method: 'POST',
      headers: { ...h, 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hi' }),
    });
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('has not agreed to email');
    expect(
      await e.ds.getRepository(OutboxMessage).countBy({ customerId: other.customer.id, purpose: 'reply' }),
    ).toBe(0);
  });

  it('erasing the customer removes what they wrote: the timeline line and the task’s subject', async () => {
    const { customer } = await customerWithTouch();
    await postJson({
      from: customer.email,
      subject: 'Re: my private matter',
      text: 'Please call me on my private number.',
      messageId: `<erase-${n}@mail.example.test>`,
    });
    const erased = await fetch(`${e.url}/api/customers/${customer.id}/erase`, {
      method: 'POST',
      headers: await e.auth('owner'),
    });
    expect(erased.status).toBeLessThan(300);
    const dump = JSON.stringify([await timeline(customer.id), await tasksOf(customer.id)]);
    expect(dump).not.toContain('private');
    expect(await tasksOf(customer.id)).toEqual([
      expect.objectContaining({ inbound: null, status: 'skipped' }),
    ]);
  });

  it('is documented in OpenAPI: the four body formats, the token and the answer', async () => {
    const doc = (await fetch(`${e.url}/api/docs/json`).then((r) => r.json())) as any;
    const op = doc.paths['/webhooks/email/inbound'].post;
    expect(Object.keys(op.requestBody.content).sort()).toEqual([
      'application/json',
      'application/x-www-form-urlencoded',
      'message/rfc822',
      'multipart/form-data',
    ]);
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['x-touchbase-token', 'token']),
    );
    expect(JSON.stringify(op.responses['200'])).toContain('unknown_sender');
  });

  it('takes a rotated token like the other webhook secrets (the previous one during the overlap)', async () => {
    const owner = await e.auth('owner');
    const rotated = await fetch(`${e.url}/api/webhook-secrets/email`, {
      method: 'PUT',
      headers: { ...owner, 'content-type': 'application/json' },
      body: JSON.stringify({ secret: 'the-new-inbound-token-0123', overlapHours: 1 }),
    });
    expect(rotated.status).toBe(200);
    const payload = { from: 'nobody@elsewhere.test', text: 'x' };
    expect((await postJson(payload, 'the-new-inbound-token-0123')).status).toBe(200);
    expect((await postJson(payload, TOKEN)).status).toBe(200); // overlap
    e.clock.set('2026-06-15T09:30:00Z');
    expect((await postJson(payload, TOKEN)).status).toBe(401);
    e.clock.set(monday);
  });
});
