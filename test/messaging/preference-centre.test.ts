import { UnsubscribeLinks } from '@touchbase/messaging';
import { ContactEvent, Customer, OutboxMessage, Touch } from '@touchbase/store';
import {
  http,
  makeCustomer,
  makeRule,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

const form = (body: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body).toString(),
});

/**
 * The preference centre behind the unsubscribe link (docs/delivery.md#the-preference-centre):
 * per channel everything / only personal / nothing, stored per customer, recorded, queued
 * messages the new choice excludes cancelled, and getting back in only after a confirmation.
 */
describe.each(testDatabases())('preference centre on $name', (db) => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { BUSINESS_NAME: 'Blumen Berg', SHOP_URL: 'https://blumen-berg.example' },
    });
  });
  afterAll(async () => engine?.close());

  const customer = async (id: number) => engine.ds.getRepository(Customer).findOneByOrFail({ id });
  const page = (token: string, path = '', init?: RequestInit) =>
    http(`${engine.url}/u/${token}${path}`, init);

  it('shows both channels with the current choice, in the customer’s language, styled like the shop', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now(), { locale: 'de', smsScope: 'personal' });
    const token = engine.app.get(UnsubscribeLinks).token(c.id, 'email');
    const r = await page(token);
    expect(r.status).toBe(200);
    expect(r.text).toContain('<html lang="de">');
    expect(r.text).toContain('Ja, abmelden');
    expect(r.text).toContain('Wählen Sie, was Sie erhalten');
    expect(r.text).toContain('<input type="radio" name="email" value="all" checked>');
    expect(r.text).toContain('<input type="radio" name="sms" value="personal" checked>');
    expect(r.text).toContain('Nur Geburtstagsgrüße und persönliche Nachrichten');
    expect(r.text).toContain(
      '<a href="https://blumen-berg.example"><span class="name">Blumen Berg</span></a>',
    );
    expect(r.text).toContain('name="viewport"');
  });

  it('only personal: stored, recorded, and the queued non-personal message cancelled while the birthday one stays', async () => {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now);
    const birthday = await makeRule(engine.ds, now, { kind: 'birthday' });
    const restock = await makeRule(engine.ds, now, { kind: 'back_in_stock', transactional: true });
    const queue = async (ruleId: number, key: string) => {
      const m = await engine.ds.getRepository(OutboxMessage).save({
        customerId: c.id,
        channel: 'email',
        purpose: 'touch',
        recipient: c.email!,
        subject: key,
        status: 'queued',
        nextAttemptAt: now,
        createdAt: now,
      });
      const t = await engine.ds.getRepository(Touch).save({
        ruleId,
        customerId: c.id,
        occasionKey: key,
        dueAt: now,
        status: 'queued',
        reason: '',
        channel: 'email',
        messageId: m.id,
        createdAt: now,
        updatedAt: now,
      });
      await engine.ds.getRepository(OutboxMessage).update(m.id, { touchId: t.id });
      return m.id;
    };
    const keep = await queue(birthday.id, 'birthday:2026');
    const drop = await queue(restock.id, 'restock:1:1');
    const token = engine.app.get(UnsubscribeLinks).token(c.id, 'email');
    const saved = await page(token, '/preferences', form({ email: 'personal', sms: 'all' }));
    expect(saved.status).toBe(200);
    expect(saved.text).toContain('Saved. This is what you receive from Blumen Berg now:');
    expect(saved.text).toContain('<strong>Emails:</strong> Only birthday and personal notes');
    expect(await customer(c.id)).toMatchObject({
      emailConsent: true,
      emailScope: 'personal',
      smsScope: 'all',
    });
    const statuses = await engine.ds.getRepository(OutboxMessage).findBy({ customerId: c.id });
    expect(Object.fromEntries(statuses.map((m) => [m.id, m.status]))).toEqual({
      [keep]: 'queued',
      [drop]: 'cancelled',
    });
    const events = await engine.ds
      .getRepository(ContactEvent)
      .findBy({ customerId: c.id, kind: 'preference' });
    expect(events.map((e) => e.summary)).toEqual([
      'Email: only birthday and personal messages (preference-centre)',
    ]);
    // saving the same again changes nothing and records nothing
    await page(token, '/preferences', form({ email: 'personal', sms: 'all' }));
    expect(await engine.ds.getRepository(ContactEvent).countBy({ customerId: c.id })).toBe(1);
  });

  it('nothing is an opt-out; getting back in asks first and changes nothing until confirmed', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    const token = engine.app.get(UnsubscribeLinks).token(c.id, 'sms');
    await page(token, '/preferences', form({ email: 'all', sms: 'none' }));
    expect(await customer(c.id)).toMatchObject({ emailConsent: true, smsConsent: false });
    expect((await page(token)).text).toContain('You are already unsubscribed');

    const ask = await page(token, '/preferences', form({ email: 'all', sms: 'personal' }));
    expect(ask.status).toBe(200);
    expect(ask.text).toContain(
      'You are about to receive text messages from Blumen Berg again. Is that right?',
    );
    expect(ask.text).toContain('<input type="hidden" name="sms" value="personal">');
    expect((await customer(c.id)).smsConsent).toBe(false);

    const yes = await page(token, '/preferences', form({ email: 'all', sms: 'personal', confirm: 'yes' }));
    expect(yes.text).toContain('<strong>Text messages:</strong> Only birthday and personal notes');
    expect(await customer(c.id)).toMatchObject({
      smsConsent: true,
      smsScope: 'personal',
      smsConsentSource: 'preference-centre',
    });
    const kinds = (await engine.ds.getRepository(ContactEvent).findBy({ customerId: c.id })).map(
      (e) => e.kind,
    );
    expect(kinds.sort()).toEqual(['opt_in', 'opt_out', 'preference']);
  });

  it('a bad value or a bad token gets the 400 page and changes nothing', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now());
    const token = engine.app.get(UnsubscribeLinks).token(c.id, 'email');
    const bad = await page(token, '/preferences', form({ email: 'some' }));
    expect(bad.status).toBe(400);
    expect((await page('garbage', '/preferences', form({ email: 'none' }))).status).toBe(400);
    expect((await customer(c.id)).emailConsent).toBe(true);
  });
});
