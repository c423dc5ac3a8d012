import { createHmac } from 'node:crypto';
import { Customer, Suppression } from '@touchbase/store';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/**
 * One key per purpose (docs/security.md#secrets): APP_SECRET itself signs nothing new, so a
 * party that once held it (a shop, as the old inventory webhook key) cannot forge links; links
 * and erasures made before the derived keys keep working.
 */
describe.each(testDatabases())('keys derived per purpose on $name', (db) => {
  let e: TestEngine;
  beforeAll(async () => {
    e = await startTestEngine(db);
  });
  afterAll(() => e?.close());

  const raw = (key: string, text: string, enc: 'hex' | 'base64url') =>
    createHmac('sha256', key).update(text, 'utf8').digest(enc);
  const customer = (fields: Partial<Customer>) =>
    e.ds.getRepository(Customer).save(
      e.ds.getRepository(Customer).create({
        firstName: 'Ada',
        lastName: 'L',
        tags: [],
        notes: '',
        emailConsent: true,
        createdAt: e.clock.now(),
        updatedAt: e.clock.now(),
        ...fields,
      }),
    );
  const unsubscribe = (token: string) =>
    fetch(`${e.url}/u/${token}`, { method: 'POST', headers: { accept: 'text/html' } });

  it('refuses an unsubscribe link signed with the raw APP_SECRET and changes nothing', async () => {
    const c = await customer({ email: 'ada@example.test' });
    const payload = `unsub||email:${c.id}`;
    const forged = `${Buffer.from(payload).toString('base64url')}.${raw(e.config.secret, payload, 'base64url')}`;
    const res = await unsubscribe(forged);
    expect(res.status).toBe(400);
    expect((await e.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailConsent).toBe(true);
  });

  it('still honours an unsubscribe link from an email sent before the derived keys', async () => {
    const c = await customer({ email: 'grace@example.test' });
    const payload = `unsub||email:${c.id}`;
    const old = `${Buffer.from(payload).toString('base64url')}.${raw(`touchbase-links:${e.config.secret}`, payload, 'base64url')}`;
    expect((await unsubscribe(old)).status).toBe(200);
    expect((await e.ds.getRepository(Customer).findOneByOrFail({ id: c.id })).emailConsent).toBe(false);
  });

  it('stores erasure hashes with the derived key and still recognises erasures made before', async () => {
    const c = await customer({ email: 'erase.me@example.test' });
    const res = await fetch(`${e.url}/api/customers/${c.id}/erase`, {
      method: 'POST',
      headers: await e.auth('owner'),
    });
    expect(res.status).toBeLessThan(300);
    const stored = (await e.ds.getRepository(Suppression).find()).map((s) => s.hash);
    expect(stored).toHaveLength(1);
    expect(stored[0]).not.toBe(raw(e.config.secret, 'email:erase.me@example.test', 'hex'));

    // an erasure from before: hashed with APP_SECRET itself
    await e.ds.getRepository(Suppression).insert({
      hash: raw(e.config.secret, 'email:old.erasure@example.test', 'hex'),
      reason: 'erased',
      createdAt: e.clock.now(),
    });
    for (const email of ['erase.me@example.test', 'old.erasure@example.test']) {
      const made = await fetch(`${e.url}/api/customers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(await e.auth('owner')) },
        body: JSON.stringify({ firstName: 'Back', email, emailConsent: true }),
      });
      expect(made.status).toBeLessThan(300);
      const back = await e.ds.getRepository(Customer).findOneByOrFail({ email });
      expect(back.emailConsent).toBe(false);
    }
  });
});
