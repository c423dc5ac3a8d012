import { UnsubscribeLinks } from '@touchbase/messaging';
import { http, makeCustomer, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const LOGO = 'https://cdn.example.test/brand/logo.png';

/**
 * The preference centre wears the shop's branding like its emails (docs/delivery.md#the-preference-centre):
 * a logo given as an http(s) address is shown, and only that page's CSP lets its origin in.
 */
describe.each(testDatabases())('preference page logo on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: {
        BUSINESS_NAME: 'Blumen Berg',
        BUSINESS_LOGO_URL: LOGO,
        BUSINESS_ADDRESS: 'Blumen Berg GmbH\\nAm Markt 1\\n10115 Berlin',
        SHOP_URL: 'https://blumen-berg.example',
      },
    });
  });
  afterAll(async () => engine?.close());

  it('shows the external logo, linked to the shop, with the imprint; the CSP allows that origin only here', async () => {
    const c = await makeCustomer(engine.ds, engine.clock.now(), { locale: 'en' });
    const token = engine.app.get(UnsubscribeLinks).token(c.id, 'email');
    const res = await fetch(`${engine.url}/u/${token}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toContain(`<a href="https://blumen-berg.example"><img src="${LOGO}" alt="Blumen Berg"></a>`);
    expect(html).toContain('Am Markt 1');
    expect(res.headers.get('content-security-policy')).toContain(
      "img-src 'self' data: https://cdn.example.test;",
    );
    const login = await http(`${engine.url}/login`);
    expect(login.headers.get('content-security-policy')).toContain("img-src 'self' data:;");
  });
});
