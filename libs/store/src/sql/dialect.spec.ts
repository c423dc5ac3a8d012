import type { DataSource } from 'typeorm';
import {
  bool,
  inList,
  isPostgres,
  isUniqueViolation,
  num,
  numOrNull,
  placeholders,
  rows,
  skipLocked,
} from './dialect';

/** A stand-in for a DataSource: only the driver type and the raw answer matter here. */
function fakeDb(type: 'postgres' | 'better-sqlite3', answer: unknown = []) {
  const calls: Array<{ sql: string; params: unknown[] }> = [];
  const db = {
    options: { type },
    query: async (sql: string, params: unknown[]) => {
      calls.push({ sql, params });
      return answer;
    },
  } as unknown as DataSource;
  return { db, calls };
}

describe('the SQL dialect helper', () => {
  const pg = fakeDb('postgres').db;
  const sqlite = fakeDb('better-sqlite3').db;

  it('tells the databases apart, from a DataSource or an EntityManager', () => {
    expect(isPostgres(pg)).toBe(true);
    expect(isPostgres(sqlite)).toBe(false);
    const manager = { connection: { options: { type: 'postgres' } } } as never;
    expect(isPostgres(manager)).toBe(true);
  });

  it('numbers ? placeholders for PostgreSQL in order and leaves SQLite alone', () => {
    const sql = 'SELECT * FROM t WHERE a = ? AND b IN (?, ?) LIMIT ?';
    expect(placeholders(pg, sql)).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3) LIMIT $4');
    expect(placeholders(sqlite, sql)).toBe(sql);
    expect(placeholders(pg, 'SELECT 1')).toBe('SELECT 1');
  });

  it('counts a ? inside a string literal too (as every copy it replaced did): pass such text as a parameter', () => {
    expect(placeholders(pg, "SELECT '?' AS q, ? AS v")).toBe("SELECT '$1' AS q, $2 AS v");
  });

  it('makes an IN list of as many placeholders as values', () => {
    expect(inList([1, 2, 3])).toBe('?, ?, ?');
    expect(inList(['x'])).toBe('?');
  });

  it('reads rows from a SELECT, from node-postgres [rows, rowCount] and from a statement without rows', async () => {
    const select = fakeDb('postgres', [{ id: 1 }, { id: 2 }]);
    expect(await rows(select.db, 'SELECT id FROM t WHERE a = ?', [5])).toEqual([{ id: 1 }, { id: 2 }]);
    expect(select.calls).toEqual([{ sql: 'SELECT id FROM t WHERE a = $1', params: [5] }]);
    const update = fakeDb('postgres', [[{ id: 7 }], 1]);
    expect(await rows(update.db, 'UPDATE t SET a = ? RETURNING id', [1])).toEqual([{ id: 7 }]);
    const none = fakeDb('better-sqlite3', { changes: 0 });
    expect(await rows(none.db, 'DELETE FROM t')).toEqual([]);
  });

  it('decodes numbers: PostgreSQL BIGINT and NUMERIC arrive as strings', () => {
    expect(num('12345678901')).toBe(12345678901);
    expect(num('12.50')).toBe(12.5);
    expect(num(null)).toBe(0);
    expect(num(undefined)).toBe(0);
    expect(numOrNull(null)).toBeNull();
    expect(numOrNull('7')).toBe(7);
  });

  it('decodes booleans: true/"t" from PostgreSQL, 1/"1" from SQLite', () => {
    for (const yes of [true, 1, '1', 't']) expect(bool(yes)).toBe(true);
    for (const no of [false, 0, '0', 'f', null, undefined, 'true']) expect(bool(no)).toBe(false);
  });

  it('recognises a unique violation from either driver, wrapped by TypeORM or not', () => {
    expect(isUniqueViolation({ code: '23505' })).toBe(true);
    expect(isUniqueViolation({ driverError: { code: '23505' } })).toBe(true);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(true);
    expect(isUniqueViolation({ driverError: { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' } })).toBe(true);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed: users.email'))).toBe(true);
    expect(isUniqueViolation({ code: '23503' })).toBe(false);
    expect(isUniqueViolation({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' })).toBe(false);
    expect(isUniqueViolation(new Error('NOT NULL constraint failed'))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
  });

  it('adds FOR UPDATE SKIP LOCKED only on PostgreSQL', () => {
    expect(skipLocked(pg)).toBe(' FOR UPDATE SKIP LOCKED');
    expect(skipLocked(sqlite)).toBe('');
  });
});
