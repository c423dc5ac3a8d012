import { Dispatcher } from '@touchbase/messaging';
import { DigestService, PasswordResetService } from '@touchbase/staff';
import { OutboxMessage } from '@touchbase/store';
import {
  SmtpSink,
  staffFixtures as f,
  startTestEngine,
  testDatabases,
  TestEngine,
} from '@touchbase/test-kit';

/**
 * The staff's own emails — the morning digest and a password-reset link — go out in the shop's
 * email layout like a customer's (docs/delivery.md#email-layout): a complete document in the
 * user's language with the business name, logo, shop link and imprint; no unsubscribe line, as
 * they are not marketing to a customer.
 */
describe.each(testDatabases())('staff emails in the email layout on $name', (db) => {
  let sink: SmtpSink;
  let e: TestEngine;
  const start = new Date('2026-06-15T06:00:00Z'); // 08:00 in Berlin

  beforeAll(async () => {
    sink = await SmtpSink.start();
    e = await startTestEngine(db, {
      at: start.toISOString(),
      env: {
        SMTP_URL: sink.url,
        SMTP_FROM: 'Eck <shop@example.test>',
        BUSINESS_NAME: 'Laden am Eck',
        BUSINESS_ADDRESS: 'Laden am Eck GmbH\\nMusterstraße 1\\n10115 Berlin',
        SHOP_URL: 'https://shop.example.test',
      },
    });
  });
  afterAll(async () => {
    await e?.close();
    await sink?.close();
  });

  it('wraps the morning digest in the German layout, without an unsubscribe line', async () => {
    const greta = await f.user(e.ds, start, {
      email: 'greta@shop.test',
      name: 'Greta',
      role: 'staff',
      digestTime: '08:00',
      locale: 'de',
    });
    const c = await f.customer(e.ds, start, { firstName: 'Ada', email: 'ada@example.test' });
    await f.task(e.ds, start, {
      customerId: c.id,
      assigneeId: greta.id,
      dueDay: '2026-06-15',
      title: 'Call Ada',
    });
    expect((await e.app.get(DigestService).digestTick(start)).queued).toEqual([greta.id]);
    expect((await e.app.get(Dispatcher).dispatchDue(start)).sent).toBe(1);

    const [mail] = sink.to('greta@shop.test');
    const html = String(mail.html);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('<html lang="de">');
    expect(html).toContain('name="viewport"');
    expect(html).toContain('Laden am Eck');
    expect(html).toContain('href="https://shop.example.test"');
    expect(html).toContain('Musterstraße 1');
    expect(html).toContain('Call Ada');
    expect(html.match(/<html/g)).toHaveLength(1);
    expect(html).not.toContain('Abmelden');
    expect(String(mail.text)).toContain('Musterstraße 1');
    expect(String(mail.text)).toContain('Call Ada');
  });

  it('wraps a password-reset link in the English layout; the link still works from both parts', async () => {
    const sam = await f.user(e.ds, start, { email: 'sam@shop.test', name: 'Sam', role: 'staff' });
    await e.app.get(PasswordResetService).startFor(sam.id, null);
    const row = await e.ds.getRepository(OutboxMessage).findOneByOrFail({ purpose: 'password_reset' });
    expect(row.html).not.toContain('<html');
    expect((await e.app.get(Dispatcher).dispatchDue(start)).sent).toBe(1);

    const [mail] = sink.to('sam@shop.test');
    const html = String(mail.html);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Laden am Eck GmbH');
    const link = /https?:\/\/[^\s"<]+\/reset\/[0-9a-f]{64}/.exec(String(mail.text))![0];
    expect(html).toContain(`href="${link}"`);
    expect(await e.app.get(PasswordResetService).check(link.split('/reset/')[1])).toEqual({
      email: 'sam@shop.test',
    });
  });
});
