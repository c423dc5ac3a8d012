import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/** Security headers on pages, token pages, the API and static assets (docs/security.md#headers). */
describe.each(testDatabases())('security headers on $name', (db) => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await startTestEngine(db);
  });
  afterAll(() => e?.close());

  it('sends a CSP without inline script, no framing, nosniff, no-store and no X-Powered-By on pages', async () => {
    const res = await fetch(`${e.url}/login`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(/script-src ([^;]*)/.exec(csp)?.[1]).toBe("'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-powered-by')).toBeNull();
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i); // every script is a file
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers
    expect(html).toContain('"allowScript":false');
  });

  it('keeps tokens out of Referer on token pages and personal API answers out of caches', async () => {
    const page = await fetch(`${e.url}/u/not-a-valid-token`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const api = await fetch(`${e.url}/api/customers`, { headers: await e.auth('owner') });
    expect(api.headers.get('cache-control')).toBe('no-store');
    expect(api.headers.get('x-powered-by')).toBeNull();
    const asset = await fetch(`${e.url}/assets/app.css`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).not.toBe('no-store');
  });
});
