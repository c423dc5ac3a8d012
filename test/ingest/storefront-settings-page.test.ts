import { ENGINE_STATE, readState } from '@touchbase/store';
import { apiCall, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const SHOP = 'https://shop.example.test';
const NEW_SHOP = 'https://neu.example.test';

/** The storefront form's settings on the shop settings page (docs/shops.md#storefront-notify-me-form). */
describe.each(testDatabases())('storefront settings page on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { STOREFRONT_ORIGINS: SHOP, STOREFRONT_LIMIT_PER_IP: '5' },
    });
    await apiCall(engine, 'PUT', '/api/products/TEA-MATCHA', { name: 'Matcha', stock: 0 });
  });
  afterAll(() => engine.close());

  const post = async (body: Record<string, string>, role: 'owner' | 'staff' = 'owner') => {
    const res = await fetch(`${engine.url}/webhooks-settings/storefront`, {
      method: 'POST',
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        ...(await engine.auth(role)),
      },
      body: new URLSearchParams(body).toString(),
    });
    return { status: res.status, html: await res.text() };
  };
  const preflight = async (origin: string) =>
    (
      await fetch(`${engine.url}/storefront/waitlist`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
    ).status;

  it('shows the environment defaults until the owner saves; staff may not change them', async () => {
    const res = await fetch(`${engine.url}/webhooks-settings`, {
      headers: { accept: 'text/html', ...(await engine.auth('owner')) },
    });
    const html = await res.text();
    expect(html).toMatch(/id="storefront-origin">These are the defaults from the environment/);
    expect(html).toMatch(
      /<textarea id="sf-origins" name="origins"[^>]*>https:\/\/shop\.example\.test<\/textarea>/,
    );
    expect(html).toMatch(/id="sf-limitPerIp" name="limitPerIp" inputmode="numeric" value="5"/);
    expect(html).toMatch(/id="sf-confirmHours" name="confirmHours" inputmode="numeric" value="48"/);
    expect(
      (await post({ origins: NEW_SHOP, confirmHours: '48', limitPerIp: '5', limitPerAddress: '3' }, 'staff'))
        .status,
    ).toBe(403);
    expect(await readState(engine.ds, ENGINE_STATE.storefrontSettings)).toBeNull();
  });

  it('refuses bad values naming each field in the owner’s language, keeps what was typed and stores nothing', async () => {
    const bad = await post({
      origins: 'https://ok.example.test\nshop.example.test/path',
      confirmHours: '0',
      limitPerIp: 'zehn',
      limitPerAddress: '3',
    });
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('data-field="origins">Enter origins such as https://shop.example.com');
    expect(bad.html).toContain('data-field="confirmHours">Enter a whole number from 1 to 720.');
    expect(bad.html).toContain('data-field="limitPerIp">Enter a whole number from 1 to 10,000.');
    expect(bad.html).not.toContain('data-field="limitPerAddress"');
    expect(bad.html).toContain('shop.example.test/path</textarea>');
    expect(bad.html).toContain('value="zehn"');
    expect(await readState(engine.ds, ENGINE_STATE.storefrontSettings)).toBeNull();
    expect(await preflight(SHOP)).toBe(204);
  });

  it('stores good values and the form uses them at once, without a restart', async () => {
    expect(await preflight(NEW_SHOP)).toBe(403);
    const ok = await post({
      origins: `${NEW_SHOP}/\n${SHOP}`,
      confirmHours: '2',
      limitPerIp: '1',
      limitPerAddress: '3',
    });
    expect(ok.status).toBe(200);
    expect(ok.html).toMatch(/id="storefront-origin">These settings were set here/);
    expect(JSON.parse((await readState(engine.ds, ENGINE_STATE.storefrontSettings))!)).toEqual({
      origins: [NEW_SHOP, SHOP],
      confirmHours: 2,
      limitPerIp: 1,
      limitPerAddress: 3,
    });
    expect(await preflight(NEW_SHOP)).toBe(204);
    const ask = () =>
      fetch(`${engine.url}/storefront/waitlist`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: NEW_SHOP, 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ sku: 'TEA-MATCHA', address: 'ida@example.org', consent: true, locale: 'de' }),
      });
    // the per-client limit is now 1 an hour: the second request is refused
    expect((await ask()).status).toBe(202);
    expect((await ask()).status).toBe(429);
  });
});
