import { DataSource } from 'typeorm';
import { ClaimFeed, OutboxStore } from '@touchbase/messaging';
import { OutboxMessage } from '@touchbase/store';
import { openTestDataSource, testDatabases } from '@touchbase/test-kit';

const NOW = new Date('2026-06-15T10:00:00Z');

describe.each(testDatabases())('the dispatcher’s claim feed on $name', (db) => {
  let ds: DataSource;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const opened = await openTestDataSource(db);
    ds = opened.ds;
    close = opened.close;
  });
  afterAll(() => close?.());
  beforeEach(() => ds.getRepository(OutboxMessage).clear());

  async function queue(n: number, channel = 'email'): Promise<number[]> {
    const rows = Array.from({ length: n }, (_, i) => ({
      channel,
      purpose: 'test',
      recipient: `r${i}@example.test`,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: new Date(NOW.getTime() - (n - i) * 1000),
      createdAt: NOW,
    }));
    const r = await ds.getRepository(OutboxMessage).insert(rows);
    return r.identifiers.map((x) => Number(x.id));
  }

  const leased = () => ds.getRepository(OutboxMessage).countBy({ status: 'sending', leaseOwner: 'me' });

  function feed(paused: Set<string> = new Set()) {
    const plan = { now: NOW, owner: 'me', batchSize: 10, leaseMs: 60_000, low: 4, paused };
    return new ClaimFeed(new OutboxStore(ds), plan);
  }

  it('claims the next batch while the current one is still being handed out, each row once, oldest first', async () => {
    const ids = await queue(25);
    const f = feed();
    const first = [];
    for (let i = 0; i < 6; i++) first.push((await f.next())!.msg.id);
    expect(first).toEqual(ids.slice(0, 6));
    // 4 of the first batch are left: the second batch is claimed (or being claimed) already
    const seventh = await f.next();
    await new Promise((r) => setTimeout(r, 200));
    expect(await leased()).toBe(20);
    const rest = [seventh!.msg.id];
    for (let c = await f.next(); c; c = await f.next()) rest.push(c.msg.id);
    expect([...first, ...rest]).toEqual(ids);
    expect(f.claimed).toBe(25);
    expect(f.failure).toBeNull();
  });

  it('on shutdown claims no more and returns the claimed rows it did not hand out, to be released', async () => {
    const ids = await queue(25);
    const f = feed();
    const taken = [];
    for (let i = 0; i < 7; i++) taken.push((await f.next())!.msg.id);
    const unsent = (await f.unsent()).map((c) => c.msg.id);
    expect(await f.next()).toBeNull();
    expect([...taken, ...unsent]).toEqual(ids.slice(0, taken.length + unsent.length));
    expect(taken.length + unsent.length).toBe(await leased());
    expect(await leased()).toBeLessThan(25);
  });

  it('reads the paused channels at each claim', async () => {
    await queue(12, 'sms');
    const paused = new Set<string>();
    const f = feed(paused);
    expect((await f.next())!.msg.channel).toBe('sms');
    paused.add('sms');
    let handed = 1;
    while (await f.next()) handed++;
    expect(handed).toBe(10); // the first batch only: the next claim skipped the paused channel
    expect(await leased()).toBe(10);
  });
});
