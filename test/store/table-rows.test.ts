import { Customer, tableRows } from '@touchbase/store';
import { openTestDataSource, testDatabases } from '@touchbase/test-kit';

const at = new Date('2026-06-15T10:00:00Z');

function customer(externalId: string, email: string): Customer {
  return Object.assign(new Customer(), {
    externalId,
    email,
    firstName: externalId,
    tags: ['b', 'a'],
    createdAt: at,
    updatedAt: at,
  });
}

describe.each(testDatabases())('TableRows (the import’s own statements) on $name', (db) => {
  let h: Awaited<ReturnType<typeof openTestDataSource>>;
  beforeAll(async () => {
    h = await openTestDataSource(db);
  });
  afterAll(() => h.close());

  it('inserts with and without returning ids, and looks rows up in id order', async () => {
    await h.ds.transaction(async (m) => {
      const table = tableRows(m, Customer);
      // external ids in the reverse order of the ids they get
      const ids = await table.insert([customer('Z-3', 'same@example.com'), customer('Y-2', 'y@example.com')]);
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBeLessThan(ids[1]);
      expect(await table.insert([customer('X-1', 'same@example.com')], { ids: false })).toEqual([]);

      const byExt = await table.whereIn('externalId', ['X-1', 'Y-2', 'Z-3']);
      expect(byExt.map((c) => c.externalId)).toEqual(['Z-3', 'Y-2', 'X-1']);
      expect(byExt.every((c) => c instanceof Customer)).toBe(true);
      expect(byExt[0]).toMatchObject({ id: ids[0], firstName: 'Z-3', tags: ['a', 'b'], emailConsent: false });
      const byEmail = await table.whereIn('email', ['same@example.com']);
      expect(byEmail.map((c) => c.externalId)).toEqual(['Z-3', 'X-1']);
      const picked = await table.whereIn('externalId', ['X-1', 'Z-3'], { pick: ['externalId'] });
      expect(picked.map((c) => c.externalId).sort()).toEqual(['X-1', 'Z-3']);
    });
    const stored = await h.ds.getRepository(Customer).find({ order: { id: 'ASC' } });
    expect(stored.map((c) => [c.externalId, c.tags, c.createdAt.toISOString()])).toEqual([
      ['Z-3', ['a', 'b'], at.toISOString()],
      ['Y-2', ['a', 'b'], at.toISOString()],
      ['X-1', ['a', 'b'], at.toISOString()],
    ]);
  });
});
