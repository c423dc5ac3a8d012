import { DataSource } from 'typeorm';
import { OutboxStore } from '@touchbase/messaging';
import { createDataSource, OutboxMessage } from '@touchbase/store';
import { openTestDataSource, testDatabases } from '@touchbase/test-kit';

const NOW = new Date('2026-06-15T10:00:00Z');

describe.each(testDatabases())('outbox claims on $name', (db) => {
  let ds: DataSource;
  let second: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestDataSource(db);
    ds = opened.ds;
    close = opened.close;
    // a second connection pool, as a second engine would have
    second = createDataSource(opened.settings);
    await second.initialize();
  });
  afterAll(async () => {
    await second?.destroy();
    await close?.();
  });

  async function queue(n: number, over: Partial<OutboxMessage> = {}): Promise<number[]> {
    const rows = Array.from({ length: n }, (_, i) => ({
      channel: i % 2 ? 'sms' : 'email',
      purpose: 'test',
      recipient: `r${i}@example.test`,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: new Date(NOW.getTime() - i * 1000),
      createdAt: NOW,
      ...over,
    }));
    const r = await ds.getRepository(OutboxMessage).insert(rows);
    return r.identifiers.map((x) => Number(x.id));
  }

  beforeEach(() => ds.getRepository(OutboxMessage).clear());

  it('two dispatchers claiming at once get disjoint sets that cover every due row', async () => {
    const ids = await queue(120);
    await queue(5, { nextAttemptAt: new Date(NOW.getTime() + 60_000) }); // not due yet
    const a = new OutboxStore(ds);
    const b = new OutboxStore(second);
    const claims = await Promise.all(
      [0, 1, 2, 3, 4, 5].map((i) => (i % 2 ? a : b).claim(NOW, 25, `worker-${i}`, 60_000, [])),
    );
    const claimed = claims.flat().map((m) => m.id);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(claimed.length).toBe(120);
    expect(new Set(claimed)).toEqual(new Set(ids));
    const rows = await ds.getRepository(OutboxMessage).findBy({ status: 'sending' });
    expect(rows).toHaveLength(120);
    expect(rows.every((r) => r.attempts === 1 && r.leaseUntil!.getTime() === NOW.getTime() + 60_000)).toBe(
      true,
    );
  });

  it('claims the oldest due first, skips excluded channels, and takes over only expired leases', async () => {
    await queue(6);
    const store = new OutboxStore(ds);
    const first = await store.claim(NOW, 2, 'w1', 30_000, ['sms']);
    expect(first.map((m) => m.channel)).toEqual(['email', 'email']);
    expect(first[0].nextAttemptAt.getTime()).toBeLessThan(first[1].nextAttemptAt.getTime());
    expect(await store.claim(new Date(NOW.getTime() + 29_999), 10, 'w2', 30_000, ['sms'])).toHaveLength(1); // the third email only
    const later = await store.claim(new Date(NOW.getTime() + 30_000), 10, 'w3', 30_000, ['sms']);
    expect(later.map((m) => m.id).sort()).toEqual(first.map((m) => m.id).sort());
    expect(later.every((m) => m.leaseOwner === 'w3' && m.attempts === 2)).toBe(true);
  });
});
