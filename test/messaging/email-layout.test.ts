import { In } from 'typeorm';
import { MessageComposer } from '@touchbase/core';
import { ChannelState, Dispatcher } from '@touchbase/messaging';
import { OutboxMessage } from '@touchbase/store';
import { http, SmtpSink, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';
import { makeCustomer, queueTouch, rawHeader } from './helpers';

const LOGO = 'https://cdn.example.test/logo.png';

/** Every email to a customer is a complete document in the owner's layout (docs/delivery.md#email-layout). */
describe.each(testDatabases())('email layout on $name', (db) => {
  let sink: SmtpSink;
  let engine: TestEngine;
  let dispatcher: Dispatcher;
  let composer: MessageComposer;
  let owner: Record<string, string>;
  const api = (path: string, init: Parameters<typeof http>[1] = {}) =>
    http(`${engine.url}/api/templates${path}`, { headers: owner, ...init });

  beforeAll(async () => {
    sink = await SmtpSink.start();
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: {
        SMTP_URL: sink.url,
        SMTP_FROM: 'Demo Shop <shop@example.test>',
        PUBLIC_BASE_URL: 'https://tb.example.test',
        BUSINESS_NAME: 'Kaffee & <Bohne>',
        BUSINESS_ADDRESS: 'Kaffee & Bohne GmbH\\nMusterstraße 1\\n10115 Berlin\\nHRB 12345 B',
        BUSINESS_LOGO_URL: LOGO,
        SHOP_URL: 'https://shop.example.test',
      },
    });
    dispatcher = engine.app.get(Dispatcher);
    composer = engine.app.get(MessageComposer);
    owner = await engine.auth('owner');
  });
  afterAll(async () => {
    await engine?.close();
    await sink?.close();
  });
  beforeEach(async () => {
    sink.reset();
    engine.clock.set('2026-06-15T10:00:00Z');
    await engine.ds
      .getRepository(OutboxMessage)
      .update({ status: In(['queued', 'sending']) }, { status: 'cancelled', lastError: 'test isolation' });
    await engine.app.get(ChannelState).resume('email');
  });

  async function sendBirthday(locale: string, firstName: string) {
    const now = engine.clock.now();
    const c = await makeCustomer(engine.ds, now, { firstName, locale });
    await queueTouch(engine.ds, composer, c, 'email', now);
    expect((await dispatcher.dispatchDue(now)).sent).toBe(1);
    const [mail] = sink.to(c.email!);
    const link = /<(https:[^>]+)>/.exec(rawHeader(mail, 'list-unsubscribe')!)![1];
    return { mail, link, html: String(mail.html), text: String(mail.text) };
  }

  it.each([
    ['de', 'Jürgen', 'Hallo Jürgen', 'Zu unserem Shop', 'Abmelden'],
    ['pl', 'Zofia', 'Cześć Zofia', 'Odwiedź nasz sklep', 'Wypisz się'],
    ['en', 'Ada', 'Dear Ada', 'Visit our shop', 'Unsubscribe'],
  ])(
    'sends a %s customer a full document: lang, viewport, dark mode, logo, name, shop link, imprint, own unsubscribe link',
    async (lang, name, greeting, shopLabel, unsubscribe) => {
      const { html, text, link } = await sendBirthday(lang, name);
      expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="/);
      expect(html).toContain(`<html lang="${lang}">`);
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).toContain('<meta name="color-scheme" content="light dark">');
      expect(html).toContain('@media (prefers-color-scheme: dark)');
      expect(html).toContain('max-width:600px');
      expect(html).toContain(`<img src="${LOGO}" alt="Kaffee &amp; &lt;Bohne&gt;"`);
      expect(html).toMatch(
        /id="tb-header"[\s\S]*Kaffee &amp; &lt;Bohne&gt;[\s\S]*<a href="https:\/\/shop\.example\.test"/,
      );
      expect(html).toContain(`>${shopLabel}</a>`);
      expect(html).not.toContain('<Bohne>');
      expect(html).toContain(greeting);
      expect(html).toMatch(
        /id="tb-footer"[\s\S]*Kaffee &amp; Bohne GmbH<br>Musterstraße 1<br>10115 Berlin<br>HRB 12345 B/,
      );
      expect(html).toMatch(new RegExp(`<a href="${link.replace(/[.?]/g, '\\$&')}"[^>]*>${unsubscribe}</a>`));
      // the text part mirrors it: name and shop, body, imprint, the same unsubscribe link
      expect(text.startsWith('Kaffee & <Bohne> · https://shop.example.test\n')).toBe(true);
      expect(text).toContain(greeting);
      expect(text).toContain('Kaffee & Bohne GmbH\nMusterstraße 1\n10115 Berlin\nHRB 12345 B');
      expect(text).toContain(`${unsubscribe}: ${link}`);
    },
  );

  it('sends a test through the layout, in the chosen language', async () => {
    const res = await api('/birthday/email/test-send', {
      method: 'POST',
      json: { to: 'owner-test@example.test', locale: 'de' },
    });
    expect(res.status).toBe(201);
    await dispatcher.dispatchDue(engine.clock.now());
    const [mail] = sink.to('owner-test@example.test');
    expect(mail.subject).toMatch(/^\[TEST\] Alles Gute/);
    expect(String(mail.html)).toContain('<html lang="de">');
    expect(String(mail.html)).toContain('HRB 12345 B');
    expect(String(mail.text)).toContain('Abmelden: https://tb.example.test/u/sample');
  });

  it('refuses a broken layout with the Liquid error, one without content or way out, and cannot delete it', async () => {
    const before = (await api('/_layout/email/en')).body;
    const broken = await api('/_layout/email/en', {
      method: 'PUT',
      json: { html: '<html>{% if business.name %}{{ content }} {{ unsubscribe_url }}', text: before.text },
    });
    expect(broken.status).toBe(400);
    expect(JSON.stringify(broken.body)).toMatch(/html.*tag \{% if business.name %\} not closed/);
    const noContent = await api('/_layout/email/en', {
      method: 'PUT',
      json: { html: '<p>{{ business.name }}</p>', text: '{{ contents }}' },
    });
    expect(noContent.status).toBe(400);
    const body = JSON.stringify(noContent.body);
    expect(body).toContain('must contain {{ content }}');
    expect(body).toContain('must contain {{ unsubscribe_url }}');
    expect(body).toContain('unknown variable \\"contents\\"');
    expect((await api('/_layout', { method: 'DELETE' })).status).toBe(409);
    expect((await api('/_layout/email/en')).body.html).toBe(before.html);
  });

  it('sends with the owner’s edited layout, and a reset brings back the shipped one', async () => {
    const html =
      '<!DOCTYPE html><html lang="{{ lang }}"><body><h1>Our own frame</h1>{{ content }}<a href="{{ unsubscribe_url }}">Leave</a></body></html>';
    const saved = await api('/_layout/email/en', {
      method: 'PUT',
      json: { html, text: 'OWN FRAME\n{{ content }}\nLeave: {{ unsubscribe_url }}' },
    });
    expect(saved.status).toBe(200);
    let sent = await sendBirthday('en', 'Grace');
    expect(sent.html).toContain('<h1>Our own frame</h1>');
    expect(sent.html).toContain(`<a href="${sent.link}">Leave</a>`);
    expect(sent.text).toMatch(/^OWN FRAME\nDear Grace/);

    const reset = await api('/_layout/email/en/reset', { method: 'POST' });
    expect(reset.status).toBe(200);
    sink.reset();
    sent = await sendBirthday('en', 'Linus');
    expect(sent.html).not.toContain('Our own frame');
    expect(sent.html).toContain('id="tb-footer"');
  });
});
