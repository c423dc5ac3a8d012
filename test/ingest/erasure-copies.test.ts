import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileEmailSender, FileSmsSender } from '@touchbase/messaging';
import { Customer, OutboxMessage } from '@touchbase/store';
import {
  apiCall,
  postShopify,
  startTestEngine,
  testDatabases,
  TestEngine,
  WEBHOOK_TEST_ENV,
} from '@touchbase/test-kit';

const EMAIL = 'zofia.erasable@example.pl';
const PHONE = '+48512345678';
const NAME = 'Zofiaerasable';

/** Every file under dir, recursively, with its contents. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .map((file) => ({ file, text: fs.readFileSync(file, 'utf8') }));
}

describe.each(testDatabases())('erasing a customer leaves no copy on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-02-28T23:30:00Z', env: WEBHOOK_TEST_ENV });
  });
  afterAll(() => engine.close());

  const sent = async (customerId: number, channel: 'email' | 'sms', recipient: string, name = NAME) => {
    const row = await engine.ds.getRepository(OutboxMessage).save({
      customerId,
      channel,
      recipient,
      subject: `Hi ${name}`,
      text: `Dear ${name}, matcha is back`,
      status: 'sent',
      nextAttemptAt: engine.clock.now(),
      createdAt: engine.clock.now(),
    });
    const outbox = engine.config.outboxDir;
    if (channel === 'email')
      await new FileEmailSender(path.join(outbox, 'email'), 'shop@example.com').send({
        to: recipient,
        subject: row.subject,
        html: '',
        text: row.text,
        messageId: row.id,
      });
    else
      await new FileSmsSender(path.join(outbox, 'sms'), 'Shop').send({
        to: recipient,
        body: row.text,
        messageId: row.id,
      });
    return row.id;
  };

  it('removes the outbox files, the rows and (on SQLite) every byte in the file and the WAL', async () => {
    const put = await apiCall(engine, 'PUT', '/api/customers/by-external-id/E-1', {
      firstName: NAME,
      lastName: 'Wójcik',
      email: EMAIL,
      phone: PHONE,
      emailConsent: true,
      smsConsent: true,
    });
    expect(put.status).toBeLessThan(300);
    const other = await apiCall(engine, 'PUT', '/api/customers/by-external-id/E-2', {
      firstName: 'Ola',
      lastName: 'Nowak',
      email: 'ola@example.pl',
    });
    const c = await engine.ds.getRepository(Customer).findOneByOrFail({ externalId: 'E-1' });
    await sent(c.id, 'email', EMAIL);
    await sent(c.id, 'sms', PHONE);
    const keptId = await sent(other.body.id, 'email', 'ola@example.pl', 'Ola');
    expect(filesUnder(engine.config.outboxDir).filter((f) => f.text.includes(EMAIL))).toHaveLength(1);
    expect(filesUnder(engine.config.outboxDir).filter((f) => f.text.includes(PHONE))).toHaveLength(1);

    const erased = await apiCall(engine, 'POST', `/api/customers/${c.id}/erase`);
    expect(erased.status).toBe(200);

    const left = filesUnder(engine.config.outboxDir);
    expect(left.filter((f) => [EMAIL, PHONE, NAME].some((s) => f.text.includes(s)))).toEqual([]);
    expect(left.map((f) => path.basename(f.file))).toEqual([`${keptId}.eml`]);

    const rows = JSON.stringify([
      await engine.ds.getRepository(Customer).find(),
      await engine.ds.getRepository(OutboxMessage).find(),
    ]);
    expect(rows).not.toContain(EMAIL);
    expect(rows).not.toContain(PHONE);
    expect(rows).not.toContain(NAME);

    if (db.name === 'sqlite') {
      const file = (engine.ds.options as { database: string }).database;
      for (const f of [file, `${file}-wal`].filter((x) => fs.existsSync(x)))
        expect({ f, found: fs.readFileSync(f).includes(EMAIL) }).toEqual({ f, found: false });
    }
  });

  it('a Shopify customers/redact erases through the same service: outbox files and (on SQLite) the WAL too', async () => {
    const shopify = (name: string) =>
      fs.readFileSync(path.join(__dirname, '../fixtures/shopify', `${name}.json`), 'utf8');
    expect((await postShopify(engine, 'customers/create', shopify('customers-create'))).status).toBe(200);
    const bob = await engine.ds.getRepository(Customer).findOneByOrFail({ email: 'bob@biller.com' });
    await sent(bob.id, 'email', 'bob@biller.com', 'Bob');
    await sent(bob.id, 'sms', bob.phone!, 'Bob');
    expect(filesUnder(engine.config.outboxDir).filter((f) => f.text.includes('bob@biller.com'))).toHaveLength(
      1,
    );

    expect((await postShopify(engine, 'customers/redact', shopify('customers-redact'))).status).toBe(200);
    expect(await engine.ds.getRepository(Customer).findOneByOrFail({ id: bob.id })).toMatchObject({
      email: null,
      erasedAt: expect.any(Date),
    });
    const left = filesUnder(engine.config.outboxDir);
    expect(left.filter((f) => ['bob@biller.com', bob.phone!].some((s) => f.text.includes(s)))).toEqual([]);
    if (db.name === 'sqlite') {
      const file = (engine.ds.options as { database: string }).database;
      for (const f of [file, `${file}-wal`].filter((x) => fs.existsSync(x)))
        expect({ f, found: fs.readFileSync(f).includes('bob@biller.com') }).toEqual({ f, found: false });
    }
  });
});
