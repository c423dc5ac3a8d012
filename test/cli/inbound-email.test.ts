import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContactEvent, createDataSource, DatabaseSettings, Task } from '@touchbase/store';
import { runTouchbaseCli, staffFixtures as f } from '@touchbase/test-kit';

/** `touchbase inbound-email < reply.eml`: the webhook's path from a mail server's pipe (one SQLite file). */
describe('touchbase inbound-email (CLI)', () => {
  let dir: string;
  let database: DatabaseSettings;
  const cli = (args: string[], stdin?: string) =>
    runTouchbaseCli(args, { database, stdin, timeoutMs: 170_000 });
  const mime = [
    'From: Anna Schmidt <Anna@Example.test>',
    'To: shop@replies.example',
    'Subject: Re: Happy birthday!',
    'Message-ID: <cli-1@mail.example.test>',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Thank you! Can you put one aside for me?',
    '',
    'On Sun, 14 Jun 2026, Shop <shop@example.test> wrote:',
    '> Happy birthday!',
    '',
  ].join('\r\n');

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-inbound-cli-'));
    database = { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') };
    expect((await cli(['migrate'])).code).toBe(0);
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records the message once: timeline and reply task, then "duplicate"', async () => {
    const ds = createDataSource(database);
    await ds.initialize();
    try {
      const c = await f.customer(ds, new Date(), {
        firstName: 'Anna',
        lastName: 'Schmidt',
        email: 'anna@example.test',
      });
      const first = await cli(['inbound-email', '--json'], mime);
      expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: expect.any(String) });
      expect(JSON.parse(first.stdout)).toEqual({ status: 'recorded', customers: 1, tasks: 1 });
      expect(await ds.getRepository(Task).findBy({ customerId: c.id })).toEqual([
        expect.objectContaining({
          kind: 'reply',
          reason: 'They wrote: “Thank you! Can you put one aside for me?”',
        }),
      ]);
      expect(await ds.getRepository(ContactEvent).countBy({ customerId: c.id, kind: 'reply' })).toBe(1);

      const again = await cli(['inbound-email'], mime);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('recorded before: nothing changed');
      expect(await ds.getRepository(Task).countBy({ customerId: c.id })).toBe(1);

      const empty = await cli(['inbound-email'], '');
      expect(empty.code).toBe(2);
      expect(empty.stderr).toContain('stdin was empty');
    } finally {
      await ds.destroy();
    }
  }, 600_000);
});
