import { Customer, OutboxMessage, WaitlistEntry, WaitlistSignup } from '@touchbase/store';
import { apiCall, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const SHOP = 'https://shop.example.test';

/** The storefront "notify me" form (docs/shops.md#storefront-notify-me-form). */
describe.each(testDatabases())('storefront notify-me form on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { STOREFRONT_ORIGINS: `${SHOP}, https://www.shop.example.test`, STOREFRONT_LIMIT_PER_IP: '5' },
    });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA', { name: 'Matcha', stock: 0 });
  });
  afterAll(() => engine.close());

  const ask = (body: object, origin: string | null = SHOP) =>
    fetch(`${engine.url}/storefront/waitlist`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(origin ? { origin } : {}) },
      body: JSON.stringify(body),
    });
  const outbox = () =>
    engine.ds.getRepository(OutboxMessage).find({ where: { purpose: 'confirm' }, order: { id: 'ASC' } });
  const signups = () => engine.ds.getRepository(WaitlistSignup).count();
  const linkIn = (text: string) => /\/storefront\/confirm\/[\w-]+/.exec(text)![0];

  it('serves the embeddable script with the catalog texts; it builds the form without HTML strings', async () => {
    const res = await fetch(`${engine.url}/storefront/notify-me.js`);
    expect(res.headers.get('content-type')).toContain('javascript');
    const js = await res.text();
    expect(js).toContain('Benachrichtigen');
    expect(js).toContain('Powiadom mnie');
    expect(js).toContain(JSON.stringify(engine.config.http.publicBaseUrl));
    expect(js).not.toContain('innerHTML');
  });

  it('CORS: only the shop origins get a grant; other origins and none are refused and store nothing', async () => {
    const pre = await fetch(`${engine.url}/storefront/waitlist`, {
      method: 'OPTIONS',
      headers: { origin: SHOP, 'access-control-request-method': 'POST' },
    });
    expect([pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([204, SHOP]);
    const evil = await fetch(`${engine.url}/storefront/waitlist`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect([evil.status, evil.headers.get('access-control-allow-origin')]).toEqual([403, null]);
    const body = { sku: 'TEA-MATCHA', address: 'eve@example.org', consent: true };
    expect((await ask(body, 'https://evil.example')).status).toBe(403);
    expect((await ask(body, null)).status).toBe(403);
    expect(await signups()).toBe(0);
  });

  it('bad input answers 400 naming the fields, without repeating the address; the honeypot stores nothing', async () => {
    const bad = await ask({ sku: 'TEA-MATCHA', address: 'not an address', consent: false });
    const body: any = await bad.json();
    expect([bad.status, body.fields.map((f: { field: string }) => f.field)]).toEqual([
      400,
      ['address', 'consent'],
    ]);
    expect(JSON.stringify(body)).not.toContain('not an address');
    expect(bad.headers.get('access-control-allow-origin')).toBe(SHOP);
    const unknown = await ask({ sku: 'NOPE', address: 'a@example.org', consent: true });
    expect(((await unknown.json()) as any).fields).toEqual([{ field: 'sku', problem: 'no such product' }]);
    const huge = await ask({
      sku: 'TEA-MATCHA',
      address: 'a@example.org',
      consent: true,
      pad: 'x'.repeat(20_000),
    });
    expect(huge.status).toBe(413);
    const bot = await ask({
      sku: 'TEA-MATCHA',
      address: 'bot@example.org',
      consent: true,
      website: 'http://spam',
    });
    expect(bot.status).toBe(202);
    expect(await signups()).toBe(0);
    expect(await outbox()).toEqual([]);
  });

  it('double opt-in: a confirmation message through the outbox; only the confirmation adds the waitlist place', async () => {
    const r = await ask({ sku: 'TEA-MATCHA', address: ' Greta@Example.DE ', consent: true, locale: 'de' });
    expect(r.status).toBe(202);
    const [msg] = await outbox();
    expect(msg).toMatchObject({
      channel: 'email',
      recipient: 'greta@example.de',
      locale: 'de',
      status: 'queued',
    });
    expect(msg.subject).toBe('Bitte bestätigen: Benachrichtigung für Matcha');
    expect(await engine.ds.getRepository(Customer).existsBy({ email: 'greta@example.de' })).toBe(false);

    const link = linkIn(msg.text);
    const page = await fetch(`${engine.url}${link}`);
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('Ja, benachrichtigen')]);
    expect(await engine.ds.getRepository(WaitlistEntry).count()).toBe(0); // a GET (mail scanner) changes nothing
    const done = await fetch(`${engine.url}${link}`, { method: 'POST' });
    expect([done.status, await done.text()]).toEqual([200, expect.stringContaining('Danke')]);
    const greta = await engine.ds.getRepository(Customer).findOneByOrFail({ email: 'greta@example.de' });
    expect(greta).toMatchObject({
      emailConsent: true,
      emailConsentSource: 'storefront-double-opt-in',
      locale: 'de',
    });
    expect((await fetch(`${engine.url}${link}`, { method: 'POST' })).status).toBe(200);
    expect(await engine.ds.getRepository(WaitlistEntry).findBy({ customerId: greta.id })).toEqual([
      expect.objectContaining({ status: 'waiting' }),
    ]);
  });

  it('an unconfirmed request expires: its link is refused and nobody is added', async () => {
    await ask({ sku: 'TEA-MATCHA', address: '0151 12345678', consent: true, locale: 'pl' });
    const msg = (await outbox()).find((m) => m.channel === 'sms')!;
    expect(msg).toMatchObject({ recipient: '+4915112345678', locale: 'pl' });
    engine.clock.advance(49 * 3_600_000);
    const link = linkIn(msg.text);
    expect((await fetch(`${engine.url}${link}`)).status).toBe(400);
    expect((await fetch(`${engine.url}${link}`, { method: 'POST' })).status).toBe(400);
    expect(await engine.ds.getRepository(Customer).existsBy({ phone: '+4915112345678' })).toBe(false);
    expect((await fetch(`${engine.url}/storefront/confirm/forged-token-0123456789abcdef`)).status).toBe(400);
  });

  it('rate limits: an address gets at most 3 messages a day (silently), a client 5 requests an hour (429)', async () => {
    engine.clock.advance(25 * 3_600_000); // yesterday's requests are deleted by the next one
    const before = (await outbox()).length;
    for (let i = 0; i < 4; i++)
      expect((await ask({ sku: 'TEA-MATCHA', address: 'max@example.org', consent: true })).status).toBe(202);
    expect((await outbox()).length).toBe(before + 3);
    expect(await signups()).toBe(3);
    // a request dropped for its address stores nothing and does not count for the client
    for (const address of ['other@example.org', 'third@example.org'])
      expect((await ask({ sku: 'TEA-MATCHA', address, consent: true })).status).toBe(202);
    const sixth = await ask({ sku: 'TEA-MATCHA', address: 'fourth@example.org', consent: true });
    expect([sixth.status, sixth.headers.get('retry-after')]).toEqual([429, '3600']);
    expect(sixth.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await signups()).toBe(5);
    engine.clock.advance(3_600_000 + 1000);
    expect((await ask({ sku: 'TEA-MATCHA', address: 'fourth@example.org', consent: true })).status).toBe(202);
  });
});
