import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FirstOwner } from '../../apps/engine/src/staff/first-owner';
import { SettingsService, User } from '@touchbase/store';
import { apiCall, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/**
 * Readers that used to take the environment's value now take the owner's effective settings
 * (docs/configuration.md#settings-page): the OpenAPI document's description and the first
 * owner's sign-in address.
 */
describe.each(testDatabases())('settings readers on $name', (db) => {
  let e: TestEngine;
  const passwordFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-readers-')), 'first-owner.txt');
  beforeAll(async () => {
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      e = await startTestEngine(db, {
        env: {
          BUSINESS_NAME: 'Env Shop',
          CREATE_FIRST_OWNER: 'true',
          FIRST_OWNER_PASSWORD_FILE: passwordFile,
        },
      });
    } finally {
      spy.mockRestore();
    }
    await e.app
      .get(SettingsService)
      .update(
        { businessName: 'Laden am Eck', publicBaseUrl: 'https://tb.laden.example' },
        { userId: null, name: 'test' },
      );
  });
  afterAll(() => e?.close());

  it('names the business from the settings in the OpenAPI document', async () => {
    const doc = (await apiCall(e, 'GET', '/api/docs/json')).body as { info: { description: string } };
    expect(doc.info.description).toBe('Proactive customer touches for Laden am Eck');
  });

  it('records a change of the storefront form’s settings in the settings change history, with who', async () => {
    const save = async (body: Record<string, string>) =>
      fetch(`${e.url}/webhooks-settings/storefront`, {
        method: 'POST',
        headers: {
          accept: 'text/html',
          'content-type': 'application/x-www-form-urlencoded',
          ...(await e.auth('owner')),
        },
        body: new URLSearchParams(body).toString(),
      });
    const form = {
      origins: 'https://shop.example.test',
      confirmHours: '48',
      limitPerIp: '5',
      limitPerAddress: '3',
    };
    const storefrontRows = async () =>
      (await e.app.get(SettingsService).history()).filter((h) => h.setting.startsWith('storefront.'));
    expect((await save(form)).status).toBe(200);
    const first = await storefrontRows();
    expect(first.find((h) => h.setting === 'storefront.origins')).toMatchObject({
      before: '',
      after: 'https://shop.example.test',
      reset: false,
    });
    expect((await save({ ...form, limitPerIp: '9' })).status).toBe(200);
    const storefront = await storefrontRows();
    // the second save changed one field, so one row more
    expect(storefront).toHaveLength(first.length + 1);
    expect(storefront[0]).toMatchObject({ setting: 'storefront.limitPerIp', before: '5', after: '9' });
    expect(new Set(storefront.map((h) => h.actor)).size).toBe(1);
    expect(storefront[0].actor).not.toBe('');
    const page = await fetch(`${e.url}/settings`, {
      headers: { accept: 'text/html', ...(await e.auth('owner')) },
    });
    expect(await page.text()).toContain('<tr data-setting="storefront.limitPerIp">');
  });

  it('tells the first owner to sign in at the public address from the settings', async () => {
    await e.ds.query('DELETE FROM users');
    expect(await e.ds.getRepository(User).count()).toBe(0);
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await e.app.get(FirstOwner).onApplicationBootstrap();
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('Sign in at https://tb.laden.example/login');
    expect(fs.readFileSync(passwordFile, 'utf8')).toContain('sign in at: https://tb.laden.example/login');
  });
});
