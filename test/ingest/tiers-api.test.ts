import { Customer, Order, TierChange, User } from '@touchbase/store';
import { TierService } from '@touchbase/ingest';
import { apiCall, startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const DAY = 86_400_000;

/**
 * Service tiers over the API on both databases: definitions, the set-based recompute over a
 * window with an injected clock, tiers set by hand, every change recorded, the daily step and
 * the refusals (docs/ingest.md#service-tiers).
 */
describe.each(testDatabases())('service tiers on $name', (db) => {
  let engine: TestEngine;
  const ids: Record<string, number> = {};
  const tiers: Record<string, number> = {};
  const tierOf = async (key: string) =>
    (await apiCall(engine, 'GET', `/api/customers/${ids[key]}`)).body.tier;
  const changesOf = (key: string) =>
    engine.ds.getRepository(TierChange).find({ where: { customerId: ids[key] }, order: { id: 'ASC' } });

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
    for (const [key, firstName] of [
      ['big', 'Bea'],
      ['often', 'Olaf'],
      ['old', 'Otto'],
      ['none', 'Nina'],
    ] as const) {
      const r = await apiCall(engine, 'POST', '/api/customers', { firstName, email: `${key}@example.com` });
      expect(r.status).toBe(201);
      ids[key] = r.body.customer.id;
    }
    const now = engine.clock.now().getTime();
    let n = 0;
    const order = (key: string, daysAgo: number, totalMinor: number, currency = 'EUR') => ({
      externalId: `o${++n}`,
      customerId: ids[key],
      placedAt: new Date(now - daysAgo * DAY),
      totalMinor,
      currency,
      lines: [],
      createdAt: new Date(now),
    });
    await engine.ds.getRepository(Order).insert([
      // Bea: 600 € in the last year
      order('big', 10, 40_000),
      order('big', 200, 20_000),
      // Olaf: 5 small orders in the last 6 months
      ...[5, 20, 40, 80, 170].map((d) => order('often', d, 1_000)),
      // Otto: 900 € but 13 months ago (outside the window), and 50 000 in another currency
      order('old', 400, 90_000),
      order('old', 30, 5_000_000, 'PLN'),
    ]);
  });
  afterAll(() => engine.close());

  it('creates tiers and computes them set-based over each window, best rank first', async () => {
    const vip = await apiCall(engine, 'POST', '/api/tiers', {
      name: 'VIP',
      rank: 1,
      basis: 'activity',
      minSpendMinor: 50_000,
      windowDays: 365,
    });
    expect(vip.status).toBe(201);
    tiers.vip = vip.body.id;
    const regular = await apiCall(engine, 'POST', '/api/tiers', {
      name: 'Regular',
      rank: 2,
      basis: 'activity',
      minOrders: 5,
      windowDays: 182,
    });
    expect(regular.status).toBe(201);
    tiers.regular = regular.body.id;
    const friend = await apiCall(engine, 'POST', '/api/tiers', { name: 'Friend', rank: 3, basis: 'manual' });
    tiers.friend = friend.body.id;

    expect(await tierOf('big')).toBe('VIP');
    expect(await tierOf('often')).toBe('Regular');
    expect(await tierOf('old')).toBeNull();
    expect(await tierOf('none')).toBeNull();
    const list = (await apiCall(engine, 'GET', '/api/tiers')).body;
    expect(list.map((t: { name: string; customers: number }) => [t.name, t.customers])).toEqual([
      ['VIP', 1],
      ['Regular', 1],
      ['Friend', 0],
    ]);
    expect((await changesOf('big')).map((c) => [c.fromName, c.toName, c.reason, c.userId])).toEqual([
      [null, 'VIP', 'computed', null],
    ]);
    const page = await apiCall(engine, 'GET', '/api/customers?tier=vip');
    expect(page.body.items.map((c: { id: number; tier: string }) => [c.id, c.tier])).toEqual([
      [ids.big, 'VIP'],
    ]);
    const without = await apiCall(engine, 'GET', '/api/customers?tier=none');
    expect(without.body.total).toBe(2);
  });

  it('moves customers as the window moves on, once a business day, recording each change', async () => {
    const service = engine.app.get(TierService);
    // 170 days on: Bea's 200-day-old order (20 000) has aged out, her 10-day-old one is 180 days old
    // (40 000 < 50 000); Olaf's orders are 175–340 days old: fewer than 5 in 182 days
    const later = new Date(engine.clock.now().getTime() + 170 * DAY);
    const first = await service.dailyRecompute(later);
    expect(first).toMatchObject({ ran: true, changed: 2 });
    expect(await service.dailyRecompute(new Date(later.getTime() + 3_600_000))).toMatchObject({ ran: false });
    expect(await tierOf('big')).toBeNull();
    expect(await tierOf('often')).toBeNull();
    expect((await changesOf('often')).map((c) => [c.fromName, c.toName, c.reason])).toEqual([
      [null, 'Regular', 'computed'],
      ['Regular', null, 'computed'],
    ]);
    // back to today: both regain their tiers
    expect((await apiCall(engine, 'POST', '/api/tiers/recompute')).body.changed).toBe(2);
    expect(await tierOf('big')).toBe('VIP');
  });

  it('keeps a tier set by hand through recomputes, records who set it, and gives it back', async () => {
    const owner = await engine.ds.getRepository(User).findOneByOrFail({ role: 'owner' });
    const set = await apiCall(engine, 'PATCH', `/api/customers/${ids.none}`, { tier: 'friend' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ outcome: 'updated', customer: { tier: 'Friend', tierManual: true } });
    const bigToFriend = await apiCall(engine, 'PATCH', `/api/customers/${ids.big}`, { tier: 'Friend' });
    expect(bigToFriend.body.customer.tier).toBe('Friend');
    await apiCall(engine, 'POST', '/api/tiers/recompute');
    expect(await tierOf('big')).toBe('Friend');
    const history = (await apiCall(engine, 'GET', `/api/customers/${ids.big}/tier-changes`)).body;
    expect(history[0]).toMatchObject({
      fromName: 'VIP',
      toName: 'Friend',
      reason: 'manual',
      userId: owner.id,
    });
    const back = await apiCall(engine, 'PATCH', `/api/customers/${ids.big}`, { tier: null });
    expect(back.body.customer).toMatchObject({ tier: 'VIP', tierManual: false });
    expect((await changesOf('big')).at(-1)).toMatchObject({
      fromName: 'Friend',
      toName: 'VIP',
      reason: 'computed',
    });
  });

  it('refuses an unknown tier name, bad definitions and a duplicate name, writing nothing', async () => {
    const typo = await apiCall(engine, 'PATCH', `/api/customers/${ids.old}`, {
      tier: 'VIPP',
      firstName: 'Changed',
    });
    expect(typo.status).toBe(400);
    expect(typo.body.fields).toEqual([
      { field: 'tier', problem: expect.stringContaining('no tier named "VIPP"') },
    ]);
    expect((await engine.ds.getRepository(Customer).findOneByOrFail({ id: ids.old })).firstName).toBe('Otto');
    const bad = await apiCall(engine, 'POST', '/api/tiers', { name: 'vip', rank: 0, basis: 'activity' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'minSpendMinor',
      'name',
      'rank',
    ]);
    const dup = await apiCall(engine, 'POST', '/api/tiers', { name: 'vip', rank: 4 });
    expect(dup.status).toBe(400);
    expect(dup.body.fields).toEqual([{ field: 'name', problem: 'a tier with this name already exists' }]);
    expect((await apiCall(engine, 'GET', '/api/tiers')).body).toHaveLength(3);
  });

  it('recomputes when a definition changes, and a deleted tier leaves a recorded change', async () => {
    const lower = await apiCall(engine, 'PATCH', `/api/tiers/${tiers.regular}`, {
      minOrders: 1,
      windowDays: 31,
    });
    expect(lower.status).toBe(200);
    // Otto's PLN order 30 days ago counts as an order (not as spend)
    expect(await tierOf('old')).toBe('Regular');
    const del = await apiCall(engine, 'DELETE', `/api/tiers/${tiers.friend}`);
    expect(del.status).toBe(204);
    expect(await tierOf('none')).toBeNull();
    expect((await changesOf('none')).at(-1)).toMatchObject({
      fromName: 'Friend',
      toName: null,
      reason: 'tier_deleted',
    });
    const staff = await apiCall(engine, 'POST', '/api/tiers', { name: 'Gold', rank: 5 }, 'staff');
    expect(staff.status).toBe(403);
  });

  it('documents the tiers API and the customer tier in OpenAPI', async () => {
    const doc = (await apiCall(engine, 'GET', '/api/docs/json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/tiers',
        '/api/tiers/{id}',
        '/api/tiers/recompute',
        '/api/customers/{id}/tier-changes',
      ]),
    );
    expect(doc.components.schemas.CustomerDto.properties.tier).toBeDefined();
    expect(doc.paths['/api/customers'].get.parameters.map((p: { name: string }) => p.name)).toContain('tier');
    expect(doc.components.schemas.TierDto.properties.basis.enum).toEqual(['manual', 'activity']);
  });
});
