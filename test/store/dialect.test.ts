import { openTestDataSource, postgresTestDatabase, testDatabases } from '@touchbase/test-kit';
import {
  bool,
  createDataSource,
  Customer,
  EngineState,
  inList,
  insertRows,
  insertTasks,
  isPostgres,
  isUniqueViolation,
  learnColumnTypes,
  num,
  rows,
  skipLocked,
  tryAdvisoryLock,
  updateRows,
  valuesTable,
} from '@touchbase/store';

const at = new Date('2028-02-29T23:30:00Z');

describe.each(testDatabases())('the SQL dialect helper on $name', (db) => {
  let h: Awaited<ReturnType<typeof openTestDataSource>>;
  beforeAll(async () => {
    h = await openTestDataSource(db);
  });
  afterAll(() => h.close());

  it('answers rows for SELECT and for INSERT, UPDATE and DELETE … RETURNING', async () => {
    const inserted = await rows<{ key: string }>(
      h.ds,
      'INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?), (?, ?, ?) RETURNING key',
      ['a', '1', at.getTime(), 'b', '2', at.getTime()],
    );
    expect(inserted.map((r) => r.key).sort()).toEqual(['a', 'b']);
    const updated = await rows<{ key: string; value: string }>(
      h.ds.manager,
      'UPDATE engine_state SET value = ? WHERE key IN (?) RETURNING key, value',
      ['9', 'a'],
    );
    expect(updated).toEqual([{ key: 'a', value: '9' }]);
    const none = await rows(h.ds, 'UPDATE engine_state SET value = ? WHERE key = ? RETURNING key', [
      'x',
      'nope',
    ]);
    expect(none).toEqual([]);
    const selected = await rows<{ key: string }>(
      h.ds,
      `SELECT key FROM engine_state WHERE key IN (${inList(['a', 'b'])}) ORDER BY key`,
      ['a', 'b'],
    );
    expect(selected.map((r) => r.key)).toEqual(['a', 'b']);
    const deleted = await rows<{ key: string }>(
      h.ds,
      'DELETE FROM engine_state WHERE key = ? RETURNING key',
      ['b'],
    );
    expect(deleted).toEqual([{ key: 'b' }]);
    expect(await rows(h.ds, 'DELETE FROM engine_state WHERE key = ?', ['a'])).toEqual([]);
  });

  it('inserts many rows at once with awkward values, in order, skipping conflicts, and joins a values table', async () => {
    const awkward = [
      'plain',
      'quote " and \\ backslash',
      "it's, {braced}",
      'NULL',
      '',
      'ünï 🎂',
      ' line\n\ttab ',
      '\\"',
    ];
    const values = awkward.map((v, i) => [`k${i}`, v, at.getTime() + i]);
    const first = await insertRows<{ key: string; value: string }>(
      h.ds,
      'engine_state',
      ['key', 'value', 'updated_at'],
      values,
      'key, value',
    );
    expect(first).toEqual(awkward.map((v, i) => ({ key: `k${i}`, value: v })));
    const again = await insertRows<{ key: string }>(
      h.ds,
      'engine_state',
      ['key', 'value', 'updated_at'],
      [
        ['k0', 'x', 0],
        ['k9', 'new', 0],
      ],
      'key',
      ' ON CONFLICT (key) DO NOTHING',
    );
    expect(again).toEqual([{ key: 'k9' }]);
    // nulls, JSON and a big instant in a table with such columns (through the tasks writer)
    const tasks = await insertTasks(
      h.ds,
      [
        {
          touchId: null,
          ruleId: null,
          customerId: 1,
          kind: 'call',
          title: 'a',
          dueDay: '2028-03-01',
          assigneeId: null,
          texts: { en: { title: 'Ä "q"', reason: '', talkingPoints: '' } },
        },
        {
          touchId: 7,
          ruleId: 2,
          customerId: 1,
          kind: 'call',
          title: 'b',
          dueDay: '2028-03-01',
          assigneeId: null,
        },
      ],
      at,
    );
    expect(tasks.map((t) => t.touchId)).toEqual([null, 7]);
    const [stored] = await rows<{ texts: unknown; created_at: unknown }>(
      h.ds,
      'SELECT texts, created_at FROM tasks WHERE id = ?',
      [tasks[0].id],
    );
    const texts = typeof stored.texts === 'string' ? JSON.parse(stored.texts) : stored.texts;
    expect(texts).toEqual({ en: { title: 'Ä "q"', reason: '', talkingPoints: '' } });
    expect(num(stored.created_at)).toBe(at.getTime());

    // many rows updated by key in one statement (outside a transaction, and inside one)
    const ids = tasks.map((t) => t.id);
    expect(
      await updateRows(
        h.ds,
        'tasks',
        'id',
        ['priority', 'title'],
        ['integer', 'integer', 'text'],
        [
          [ids[0], 5, 'x'],
          [ids[1], 7, 'y'],
          [999_999, 1, 'z'],
        ],
      ),
    ).toBe(2);
    await h.ds.transaction((tx) =>
      updateRows(tx, 'tasks', 'id', ['priority'], ['integer', 'integer'], [[ids[1], 8]]),
    );
    const updated = await rows<{ priority: unknown; title: string }>(
      h.ds,
      `SELECT priority, title FROM tasks WHERE id IN (${inList(ids)}) ORDER BY id`,
      ids,
    );
    expect(updated.map((r) => [num(r.priority), r.title])).toEqual([
      [5, 'x'],
      [8, 'y'],
    ]);

    const v = valuesTable(
      h.ds,
      'v',
      ['text', 'integer'],
      [
        ['k1', 1],
        ['nope', 2],
        ['k5', 3],
      ],
    );
    const joined = await rows<{ key: string; n: unknown }>(
      h.ds,
      `SELECT e.key, v.column2 AS n FROM ${v.sql} JOIN engine_state e ON e.key = v.column1 ORDER BY v.column2`,
      v.params,
    );
    expect(joined.map((r) => [r.key, num(r.n)])).toEqual([
      ['k1', 1],
      ['k5', 3],
    ]);
    await rows(h.ds, "DELETE FROM engine_state WHERE key LIKE 'k%'");
  });

  it('reads back through a values table every string as written: quotes, backslashes, JSON, control characters', async () => {
    // without control characters (PostgreSQL: the column's literal in one JSON.stringify), then with them
    const safe = [
      'quote " and \\ backslash',
      'null',
      'NULL',
      '',
      '{a,b}',
      'ünï 🎂 ł',
      '\\n',
      JSON.stringify({ t: 'Zoë "Z"', r: 'a\\b' }),
    ];
    const unsafe = [...safe, 'say "hi"\n\\ bye \u0007', 'tab\t"'];
    for (const column of [safe, unsafe]) {
      const v = valuesTable(
        h.ds,
        'v',
        ['integer', 'text', 'integer'],
        column.map((s, i) => [i, s, i % 2 ? null : i]),
      );
      const back = await rows<{ n: unknown; s: string; m: unknown }>(
        h.ds,
        `SELECT v.column1 AS n, v.column2 AS s, v.column3 AS m FROM ${v.sql} ORDER BY v.column1`,
        v.params,
      );
      expect(back.map((r) => r.s)).toEqual(column);
      expect(back.map((r) => (r.m == null ? null : num(r.m)))).toEqual(
        column.map((_, i) => (i % 2 ? null : i)),
      );
    }
  });

  it('inserts inside a transaction: ids and columns in order, conflicts skipped, an upsert answering its stored row', async () => {
    const cols = ['rule_id', 'customer_id', 'occasion_key', 'due_at', 'status', 'created_at', 'updated_at'];
    const touch = (customer: number) => [
      7001,
      customer,
      'k:1',
      at.getTime(),
      'task',
      at.getTime(),
      at.getTime(),
    ];
    const conflict = ' ON CONFLICT (rule_id, customer_id, occasion_key) DO NOTHING';
    const { first, again, upserted } = await h.ds.transaction(async (tx) => ({
      first: await insertRows<{ id: unknown; customer_id: unknown; occasion_key: string }>(
        tx,
        'touches',
        cols,
        [touch(3), touch(1), touch(2)],
        'id, customer_id, occasion_key',
        conflict,
      ),
      // one already there (skipped: nothing answered for it), one new
      again: await insertRows<{ id: unknown; customer_id: unknown }>(
        tx,
        'touches',
        cols,
        [touch(1), touch(4)],
        'id, customer_id',
        conflict,
      ),
      // DO UPDATE: the stored row's value, not the one given
      upserted: await insertRows(
        tx,
        'engine_state',
        ['key', 'value', 'updated_at'],
        [['up1', 'a', 0]],
        '',
      ).then(() =>
        insertRows<{ key: string; value: string }>(
          tx,
          'engine_state',
          ['key', 'value', 'updated_at'],
          [
            ['up1', 'b', 0],
            ['up2', 'c', 0],
          ],
          'key, value',
          ' ON CONFLICT (key) DO UPDATE SET value = engine_state.value || excluded.value',
        ),
      ),
    }));
    expect(first.map((r) => [num(r.customer_id), r.occasion_key])).toEqual([
      [3, 'k:1'],
      [1, 'k:1'],
      [2, 'k:1'],
    ]);
    expect(again.map((r) => num(r.customer_id))).toEqual([4]);
    const stored = await rows<{ id: unknown; customer_id: unknown }>(
      h.ds,
      'SELECT id, customer_id FROM touches WHERE rule_id = ? ORDER BY id',
      [7001],
    );
    expect(stored.map((r) => [num(r.id), num(r.customer_id)])).toEqual(
      [...first, ...again].map((r) => [num(r.id), num(r.customer_id)]),
    );
    expect(upserted).toEqual([
      { key: 'up1', value: 'ab' },
      { key: 'up2', value: 'c' },
    ]);
    await rows(h.ds, 'DELETE FROM touches WHERE rule_id = ?', [7001]);
    await rows(h.ds, "DELETE FROM engine_state WHERE key IN ('up1', 'up2')");
  });

  it('learns the column types of every table in one statement at boot: a bulk write then reads none (PostgreSQL)', async () => {
    const ds = createDataSource(h.settings);
    await ds.initialize();
    try {
      const sent: string[] = [];
      const query = ds.query.bind(ds);
      jest.spyOn(ds, 'query').mockImplementation((sql, params) => {
        sent.push(sql);
        return query(sql, params);
      });
      await learnColumnTypes(ds);
      expect(sent.length).toBe(isPostgres(ds) ? 1 : 0);
      await insertRows(ds, 'engine_state', ['key', 'value', 'updated_at'], [['learnt', 'x', 0]], '');
      await insertRows(
        ds,
        'touches',
        ['rule_id', 'customer_id', 'occasion_key', 'due_at', 'status', 'created_at', 'updated_at'],
        [[7002, 1, 'k:2', 0, 'task', 0, 0]],
        '',
      );
      expect(sent.filter((s) => s.includes('pg_attribute')).length).toBe(isPostgres(ds) ? 1 : 0);
      expect(await rows(ds, "SELECT value FROM engine_state WHERE key = 'learnt'")).toEqual([{ value: 'x' }]);
      await rows(ds, "DELETE FROM engine_state WHERE key = 'learnt'");
      await rows(ds, 'DELETE FROM touches WHERE rule_id = ?', [7002]);
    } finally {
      await ds.destroy();
    }
  });

  it('answers a read with the columns the statement has now: after a schema change, and inside a transaction', async () => {
    await h.ds.query('CREATE TABLE gate_probe (id integer, a text)');
    try {
      await rows(h.ds, 'INSERT INTO gate_probe (id, a) VALUES (?, ?)', [1, 'x']);
      const read = () => rows<Record<string, unknown>>(h.ds, 'SELECT * FROM gate_probe ORDER BY id');
      expect((await read()).map((r) => ({ ...r, id: num(r.id) }))).toEqual([{ id: 1, a: 'x' }]);
      await h.ds.query('ALTER TABLE gate_probe ADD COLUMN b text');
      expect((await read()).map((r) => ({ ...r, id: num(r.id) }))).toEqual([{ id: 1, a: 'x', b: null }]);
      const inside = await h.ds.transaction(async (tx) => {
        await rows(tx, 'INSERT INTO gate_probe (id, a, b) VALUES (?, ?, ?)', [2, 'y', 'z']);
        return rows<{ id: unknown; b: string | null }>(tx, 'SELECT id, b FROM gate_probe ORDER BY id');
      });
      expect(inside.map((r) => [num(r.id), r.b])).toEqual([
        [1, null],
        [2, 'z'],
      ]);
    } finally {
      await h.ds.query('DROP TABLE gate_probe');
    }
  });

  it('recognises a unique violation from this driver, and nothing else', async () => {
    const repo = h.ds.getRepository(EngineState);
    await repo.insert({ key: 'once', value: '1', updatedAt: at });
    const duplicate = await repo.insert({ key: 'once', value: '2', updatedAt: at }).catch((e: unknown) => e);
    expect(isUniqueViolation(duplicate)).toBe(true);
    const raw = await rows(h.ds, 'INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?)', [
      'once',
      '3',
      at.getTime(),
    ]).catch((e: unknown) => e);
    expect(isUniqueViolation(raw)).toBe(true);
    const notNull = await rows(
      h.ds,
      'INSERT INTO engine_state (key, value, updated_at) VALUES (?, NULL, ?)',
      ['other', at.getTime()],
    ).catch((e: unknown) => e);
    expect(notNull).toBeInstanceOf(Error);
    expect(isUniqueViolation(notNull)).toBe(false);
  });

  it('decodes booleans and big sums the same way from both drivers', async () => {
    const repo = h.ds.getRepository(Customer);
    await repo.save([
      repo.create({ firstName: 'A', emailConsent: true, smsConsent: false, createdAt: at, updatedAt: at }),
      repo.create({ firstName: 'B', emailConsent: false, smsConsent: true, createdAt: at, updatedAt: at }),
    ]);
    const found = await rows(
      h.ds,
      'SELECT first_name, email_consent, sms_consent FROM customers ORDER BY first_name',
    );
    expect(found.map((r) => [r.first_name, bool(r.email_consent), bool(r.sms_consent)])).toEqual([
      ['A', true, false],
      ['B', false, true],
    ]);
    const [sum] = await rows(h.ds, 'SELECT SUM(created_at) AS total, COUNT(*) AS n FROM customers');
    expect(num(sum.total)).toBe(2 * at.getTime());
    expect(num(sum.n)).toBe(2);
  });

  it('claims with SKIP LOCKED where the database has it, and the statement runs on both', async () => {
    const claimed = await rows<{ key: string }>(
      h.ds,
      `UPDATE engine_state SET value = ? WHERE key IN (SELECT key FROM engine_state WHERE key = ?${skipLocked(h.ds)}) RETURNING key`,
      ['claimed', 'once'],
    );
    expect(claimed).toEqual([{ key: 'once' }]);
    expect(skipLocked(h.ds) !== '').toBe(db.name === 'postgres');
  });
});

const pg = postgresTestDatabase();
(pg ? describe : describe.skip)('the scheduler advisory lock on postgres', () => {
  let h: Awaited<ReturnType<typeof openTestDataSource>>;
  beforeAll(async () => {
    h = await openTestDataSource(pg!);
  });
  afterAll(() => h.close());

  it('is held by one session at a time and free again once released', async () => {
    const first = await tryAdvisoryLock(h.ds, 4242);
    expect(first).not.toBeNull();
    expect(await tryAdvisoryLock(h.ds, 4242)).toBeNull();
    const other = await tryAdvisoryLock(h.ds, 4243);
    expect(other).not.toBeNull();
    await other!.release();
    await first!.release();
    const again = await tryAdvisoryLock(h.ds, 4242);
    expect(again).not.toBeNull();
    await again!.release();
  });
});
