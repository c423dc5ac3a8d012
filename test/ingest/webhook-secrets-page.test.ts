import { WebhookSecret } from '@touchbase/store';
import { startTestEngine, testDatabases, TestEngine, WEBHOOK_TEST_ENV } from '@touchbase/test-kit';

/** The owner's page for webhook secrets (docs/shops.md#secret-rotation). */
describe.each(testDatabases())('webhook secrets page on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, {
      at: '2026-06-15T10:00:00Z',
      env: { SHOPIFY_WEBHOOK_SECRET: WEBHOOK_TEST_ENV.SHOPIFY_WEBHOOK_SECRET },
    });
  });
  afterAll(() => engine.close());

  const send = async (method: string, path: string, role: 'owner' | 'staff', body?: string) => {
    const res = await fetch(`${engine.url}${path}`, {
      method,
      headers: {
        accept: 'text/html',
        'content-type': 'application/x-www-form-urlencoded',
        ...(await engine.auth(role)),
      },
      body,
    });
    return { status: res.status, html: await res.text() };
  };

  it('lists where each secret comes from, never the secret; staff may not see it', async () => {
    const page = await send('GET', '/webhooks-settings', 'owner');
    expect(page.status).toBe(200);
    expect(page.html).toContain('id="webhook-inventory"');
    expect(page.html).toMatch(/id="webhook-shopify">[\s\S]*?from the environment/);
    expect(page.html).not.toContain(WEBHOOK_TEST_ENV.SHOPIFY_WEBHOOK_SECRET);
    expect((await send('GET', '/webhooks-settings', 'staff')).status).toBe(403);
  });

  it('generates a secret shown once, or takes the one entered; a bad one is refused naming the field', async () => {
    const made = await send('POST', '/webhooks-settings/inventory', 'owner', 'secret=&overlapHours=');
    const shown = /id="generated-secret">[^<]*<code>([0-9a-f]{64})<\/code>/.exec(made.html)?.[1];
    expect(shown).toBeDefined();
    expect(
      (await engine.ds.getRepository(WebhookSecret).findOneByOrFail({ source: 'inventory' })).secret,
    ).toBe(shown);
    const entered = await send(
      'POST',
      '/webhooks-settings/shopify',
      'owner',
      'secret=shpss_0123456789abcdef&overlapHours=2',
    );
    expect(entered.html).not.toContain('generated-secret');
    expect(await engine.ds.getRepository(WebhookSecret).findOneByOrFail({ source: 'shopify' })).toMatchObject(
      {
        secret: 'shpss_0123456789abcdef',
        previousSecret: WEBHOOK_TEST_ENV.SHOPIFY_WEBHOOK_SECRET,
        previousUntil: new Date('2026-06-15T12:00:00Z'),
      },
    );
    const bad = await send('POST', '/webhooks-settings/woocommerce', 'owner', 'secret=short&overlapHours=x');
    expect(bad.status).toBe(422);
    expect(bad.html).toContain('secret');
    expect(bad.html).toContain('overlapHours');
    expect(await engine.ds.getRepository(WebhookSecret).existsBy({ source: 'woocommerce' })).toBe(false);
  });
});
