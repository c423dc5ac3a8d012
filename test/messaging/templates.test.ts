import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dispatcher, loadDefaultTemplates, TemplateService } from '@touchbase/messaging';
import { MessageTemplate, Order, OutboxMessage } from '@touchbase/store';
import { http, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';
import { makeCustomer } from './helpers';

const NBSP = '\u00a0';

describe.each(testDatabases())('templates API on $name', (db) => {
  let engine: TestEngine;
  let owner: Record<string, string>;

  beforeAll(async () => {
    // no SMTP/Twilio settings: the embedded file outbox
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    owner = await engine.auth('owner');
  });
  afterAll(() => engine?.close());

  const put = (key: string, channel: string, locale: string, body: object, headers = owner) =>
    http(`${engine.url}/api/templates/${key}/${channel}/${locale}`, { method: 'PUT', headers, json: body });

  it('ships the four rules’ templates in en, de and pl for email and SMS, and never overwrites an edit', async () => {
    const list = await http(`${engine.url}/api/templates`, { headers: owner });
    expect(list.status).toBe(200);
    const keys = new Set((list.body as MessageTemplate[]).map((t) => `${t.key}/${t.channel}/${t.locale}`));
    for (const key of ['birthday', 'big_purchase_thanks', 'top_customer_checkin', 'back_in_stock'])
      for (const channel of ['email', 'sms'])
        for (const locale of ['en', 'de', 'pl']) expect(keys).toContain(`${key}/${channel}/${locale}`);

    const edited = await put('birthday', 'sms', 'en', {
      text: 'Happy birthday {{ customer.first_name }}! Love, {{ business.name }}',
    });
    expect(edited.status).toBe(200);
    expect(await engine.app.get(TemplateService).seedDefaults(loadDefaultTemplates())).toBe(0);
    const got = await http(`${engine.url}/api/templates/birthday/sms/en`, { headers: owner });
    expect(got.body.text).toBe('Happy birthday {{ customer.first_name }}! Love, {{ business.name }}');
  });

  it('every shipped template passes the same validation as an owner’s edit', () => {
    const service = engine.app.get(TemplateService);
    for (const t of loadDefaultTemplates())
      expect([`${t.key}/${t.channel}/${t.locale}`, service.validate(t.key, t.channel, t.locale, t)]).toEqual([
        `${t.key}/${t.channel}/${t.locale}`,
        [],
      ]);
  });

  it('rejects an unknown variable or filter when saved, naming field, name and position', async () => {
    const badVar = await put('birthday', 'email', 'en', {
      subject: 'Hi',
      html: '<p>Hi</p>\n<p>{{ customer.frist_name }}</p>',
      text: 'Hi',
    });
    expect(badVar.status).toBe(400);
    expect(badVar.body.fields).toEqual([
      { field: 'html', problem: 'unknown variable "customer.frist_name" at line 2, col 7' },
    ]);
    const badFilter = await put('birthday', 'email', 'en', {
      subject: 'Hi {{ customer.first_name | shout }}',
      html: '<p>Hi</p>',
      text: 'Hi',
    });
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.fields[0]).toMatchObject({
      field: 'subject',
      problem: expect.stringMatching(/unknown filter: shout, line:1, col:4/),
    });
    const include = await put('birthday', 'sms', 'de', { text: '{% include "/etc/passwd" %}' });
    expect(include.status).toBe(400);
    expect((await put('birthday', 'sms', 'fr', { text: 'Hi' })).body.fields).toEqual([
      { field: 'locale', problem: 'must be one of en, de, pl' },
    ]);
    expect((await put('birthday', 'sms', 'de', { text: 'Hi', subject: 'x' })).body.fields[0].field).toBe(
      'subject',
    );
    expect(
      (await put('birthday', 'email', 'de', { text: 'Hi' })).body.fields.map(
        (f: { field: string }) => f.field,
      ),
    ).toEqual(['subject', 'html']);
    // nothing was changed by the refused saves
    const t = await http(`${engine.url}/api/templates/birthday/email/en`, { headers: owner });
    expect(t.body.subject).toBe('Happy birthday, {{ customer.first_name }}!');
  });

  it('gives an edited email without a link the layout’s visible unsubscribe link', async () => {
    expect(
      (
        await put('plain_note', 'email', 'en', {
          subject: 'Hello',
          html: '<p>Hi {{ customer.first_name }}</p>',
          text: 'Hi {{ customer.first_name }}',
        })
      ).status,
    ).toBe(200);
    const c = await makeCustomer(engine.ds, engine.clock.now());
    const res = await http(`${engine.url}/api/templates/plain_note/email/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: c.id },
    });
    expect(res.body.html).toMatch(
      /<a href="http:\/\/localhost:\d+\/u\/[\w-]+\.[\w-]+"[^>]*>Unsubscribe<\/a>/,
    );
    expect(res.body.text).toMatch(/Unsubscribe: http:\/\/localhost:\d+\/u\/[\w-]+\.[\w-]+/);
  });

  it('documents the routes in the OpenAPI spec', async () => {
    const doc = await http(`${engine.url}/api/docs/json`);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/templates',
        '/api/templates/{key}/{channel}/{locale}',
        '/api/templates/{key}/{channel}/preview',
        '/api/templates/{key}/{channel}/test-send',
        '/api/channels/{channel}/resume',
      ]),
    );
  });

  it('is for owners only', async () => {
    const staff = await engine.auth('staff');
    expect((await http(`${engine.url}/api/templates`, { headers: staff })).status).toBe(403);
    expect((await put('birthday', 'sms', 'en', { text: 'x' }, staff)).status).toBe(403);
    expect((await http(`${engine.url}/api/templates`)).status).toBe(401);
  });

  it('previews for a customer: <script> in a name is escaped in HTML and plain in text', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now(), {
      firstName: '<script>alert(1)</script>',
      locale: 'en',
    });
    const res = await http(`${engine.url}/api/templates/birthday/email/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: c.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.html).toContain('Dear &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(res.body.html).not.toContain('<script>');
    expect(res.body.text).toContain('Dear <script>alert(1)</script>,');
    expect(res.body.subject).toBe('Happy birthday, <script>alert(1)</script>!');
    expect(
      (
        await http(`${engine.url}/api/templates/birthday/email/preview`, {
          method: 'POST',
          headers: owner,
          json: { customerId: 999999 },
        })
      ).status,
    ).toBe(404);
  });

  it.each([
    ['en', `€1,234.56`, 'on 1 June'],
    ['de', `1.234,56${NBSP}€`, 'vom 1. Juni'],
    ['pl', `1234,56${NBSP}€`, 'z dnia 1 czerwca'],
  ])('formats money and dates for a %s customer', async (locale, money, date) => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now, { locale });
    await engine.ds.getRepository(Order).save({
      externalId: `o-${locale}-${c.id}`,
      customerId: c.id,
      placedAt: new Date('2026-06-01T09:00:00Z'),
      totalMinor: 123456,
      currency: 'EUR',
      lines: [],
      createdAt: now,
    });
    const res = await http(`${engine.url}/api/templates/big_purchase_thanks/email/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: c.id },
    });
    expect(res.body.locale).toBe(locale);
    expect(res.body.text).toContain(money);
    expect(res.body.text).toContain(date);
  });

  it('falls back from the customer’s locale to the business default, then to any locale', async () => {
    const now = engine.clock.now();
    const pl = await makeCustomer(engine.ds, now, { firstName: 'Anna', locale: 'pl' });
    expect((await put('vip_note', 'sms', 'de', { text: 'Hallo {{ customer.first_name }}' })).status).toBe(
      200,
    );
    let res = await http(`${engine.url}/api/templates/vip_note/sms/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: pl.id },
    });
    expect(res.body).toMatchObject({ locale: 'de', text: 'Hallo Anna' }); // only German exists
    expect((await put('vip_note', 'sms', 'en', { text: 'Hello {{ customer.first_name }}' })).status).toBe(
      200,
    );
    res = await http(`${engine.url}/api/templates/vip_note/sms/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: pl.id },
    });
    expect(res.body).toMatchObject({ locale: 'en', text: 'Hello Anna' }); // business default (en) before any
    const de = await makeCustomer(engine.ds, now, { locale: 'de' });
    res = await http(`${engine.url}/api/templates/vip_note/sms/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: de.id },
    });
    expect(res.body.locale).toBe('de');
    res = await http(`${engine.url}/api/templates/vip_note/sms/preview`, {
      method: 'POST',
      headers: owner,
      json: { customerId: de.id, locale: 'en' },
    });
    expect(res.body.locale).toBe('en');
    expect(
      (
        await http(`${engine.url}/api/templates/nothing_here/sms/preview`, {
          method: 'POST',
          headers: owner,
          json: {},
        })
      ).status,
    ).toBe(404);
  });

  it('test-sends through the outbox into the embedded file outbox (.eml and .json)', async () => {
    const email = await http(`${engine.url}/api/templates/birthday/email/test-send`, {
      method: 'POST',
      headers: owner,
      json: { to: 'owner@example.test', locale: 'de' },
    });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({
      status: 'queued',
      recipient: 'owner@example.test',
      subject: '[TEST] Alles Gute zum Geburtstag, Anna!',
    });
    const sms = await http(`${engine.url}/api/templates/back_in_stock/sms/test-send`, {
      method: 'POST',
      headers: owner,
      json: { to: '+4915199999999', locale: 'pl' },
    });
    expect(sms.status).toBe(201);
    const badTo = await http(`${engine.url}/api/templates/birthday/email/test-send`, {
      method: 'POST',
      headers: owner,
      json: { to: '+4915199999999', locale: 'de' },
    });
    expect(badTo.status).toBe(400);
    expect(badTo.body.fields).toEqual([{ field: 'to', problem: 'must be an email address' }]);
    expect(await engine.app.get(Dispatcher).dispatchDue(engine.clock.now())).toMatchObject({ sent: 2 });
    const emlDir = path.join(engine.config.outboxDir, 'email');
    const eml = fs.readdirSync(emlDir).filter((f) => f === `${email.body.messageId}.eml`);
    expect(eml).toHaveLength(1);
    const raw = fs.readFileSync(path.join(emlDir, eml[0]), 'utf8');
    expect(raw).toMatch(/^To: owner@example\.test$/m);
    expect(raw).toMatch(
      new RegExp(`^Message-ID: <touchbase\\.outbox\\.${email.body.messageId}@localhost>$`, 'm'),
    );
    expect(raw).toMatch(/multipart\/alternative/);
    const smsDir = path.join(engine.config.outboxDir, 'sms');
    const json = JSON.parse(fs.readFileSync(path.join(smsDir, `${sms.body.messageId}.json`), 'utf8'));
    expect(json).toMatchObject({
      to: '+4915199999999',
      body: expect.stringContaining('jest znowu dostępny'),
    });
  });

  it('a test SMS accepts a local number (business country DE) and stores it in E.164', async () => {
    const send = (to: string) =>
      http(`${engine.url}/api/templates/birthday/sms/test-send`, {
        method: 'POST',
        headers: owner,
        json: { to },
      });
    const local = await send('0151 2345678');
    expect(local.status).toBe(201);
    expect(local.body.recipient).toBe('+491512345678');
    const stored = await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ id: local.body.messageId });
    expect(stored.recipient).toBe('+491512345678');
    expect((await send('0048 601 234 567')).body.recipient).toBe('+48601234567');
    const bad = await send('+999 1234');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([
      { field: 'to', problem: 'must be a phone number: international (+49…) or local in DE' },
    ]);
  });
});
