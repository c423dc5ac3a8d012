import { PassThrough } from 'node:stream';
import { Like } from 'typeorm';
import { CsvImportService } from '@touchbase/ingest';
import { Customer } from '@touchbase/store';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

/**
 * Unrelated requests never share a transaction (see docs/delivery-guarantees.md#transactions-on-sqlite).
 * On SQLite every query of the process runs on one connection; an import's transaction used to
 * take in the API writes that arrived while it ran, and its rollback undid them. Now writes
 * wait for the import's transaction to end and reads go on, from the last committed state.
 */
describe.each(testDatabases())('an import and API writes stay apart on $name', (db) => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z' });
  });
  afterAll(() => engine?.close());

  async function post(path: string, body: unknown) {
    const res = await fetch(`${engine.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(await engine.auth('owner')) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { customer?: { id: number } } };
  }

  it('an import that fails at the end rolls back only its own rows; every API write survives', async () => {
    const existing = await post('/api/customers', {
      externalId: 'API-0',
      firstName: 'Olga',
      email: 'olga@example.com',
    });
    expect(existing.status).toBe(201);

    const file = new PassThrough();
    // more than the reader's 64 KiB sniff, so the first batches are written before the end arrives
    const rows = Array.from({ length: 4000 }, (_, i) => `IMP-${i},Ida${i},ida${i}@example.com`);
    const progress: number[] = [];
    let firstBatch!: () => void;
    const firstBatchWritten = new Promise<void>((r) => (firstBatch = r));
    const importing = engine.app.get(CsvImportService).import('customers', file, {
      batchSize: 500,
      onProgress: (p) => {
        progress.push(p.rows);
        firstBatch();
      },
    });
    file.write(`external_id,first_name,email\n${rows.join('\n')}\n`);
    await firstBatchWritten; // the import's transaction is open and holds 500+ rows

    // API writes arrive while it runs …
    const writes = Array.from({ length: 5 }, (_, i) =>
      post('/api/customers', {
        externalId: `API-${i + 1}`,
        firstName: `Api${i + 1}`,
        email: `api${i + 1}@example.com`,
      }),
    );
    // … and a read is answered meanwhile, from what was committed (not the import's rows)
    const read = await fetch(`${engine.url}/api/customers/${existing.body.customer!.id}`, {
      headers: await engine.auth('owner'),
    });
    const shown = (await read.json()) as { firstName: string };
    if (read.status !== 200) file.end();
    expect([read.status, shown]).toEqual([200, expect.objectContaining({ firstName: 'Olga' })]);
    await new Promise((r) => setTimeout(r, 200)); // let the writes reach the engine

    // the last row is bad: by default the import applies nothing
    file.end('IMP-BAD,Bad,not-an-email\n');
    const report = await importing;
    expect(progress.length).toBeGreaterThan(1);
    expect(report).toMatchObject({ applied: false, badRowCount: 1, rows: 4001 });

    const answers = await Promise.all(writes);
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const customers = engine.ds.getRepository(Customer);
    expect(await customers.count({ where: { externalId: Like('API-%') } })).toBe(6);
    expect(await customers.count({ where: { externalId: Like('IMP-%') } })).toBe(0);
  });

  it('two transactions from unrelated callers do not nest: one rolling back leaves the other', async () => {
    const customers = engine.ds.getRepository(Customer);
    const now = engine.clock.now();
    const make = (externalId: string) =>
      customers.create({ externalId, firstName: externalId, tags: [], createdAt: now, updatedAt: now });
    let inside!: () => void;
    const started = new Promise<void>((r) => (inside = r));
    const failing = engine.ds.transaction(async (m) => {
      await m.getRepository(Customer).save(make('TX-FAIL'));
      inside();
      await new Promise((r) => setTimeout(r, 150));
      throw new Error('abort');
    });
    await started;
    const other = engine.ds.transaction((m) => m.getRepository(Customer).save(make('TX-OK')));
    const plain = customers.save(make('PLAIN-OK'));
    await expect(failing).rejects.toThrow('abort');
    await Promise.all([other, plain]);
    expect(await customers.countBy({ externalId: 'TX-FAIL' })).toBe(0);
    expect(await customers.countBy({ externalId: 'TX-OK' })).toBe(1);
    expect(await customers.countBy({ externalId: 'PLAIN-OK' })).toBe(1);
  });
});
