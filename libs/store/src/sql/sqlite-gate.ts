import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import { isPostgres } from './dialect';
import { sqliteConnection } from './sqlite-connection';

/**
 * One write transaction at a time on SQLite (see docs/delivery-guarantees.md#transactions-on-sqlite).
 *
 * TypeORM's better-sqlite3 driver runs every query of the process on ONE connection. Without
 * this gate, a transaction that is open across `await`s (an import, a tick) would take in
 * whatever another request wrote meanwhile — as a savepoint or plain statements — and roll it
 * back with its own rows when it aborts. The gate:
 *
 * - runs every top-level transaction (`ds.transaction`, `manager.transaction`, the implicit
 *   one of `save`/`remove`) and every code path wrapped in `exclusive()` one at a time, in
 *   arrival order; code inside it (found through AsyncLocalStorage) passes straight through,
 *   so nested transactions stay savepoints of their own transaction;
 * - makes a write from outside the running transaction wait until it ends, then run on its own;
 * - answers a read from outside the running transaction from a second, read-only connection:
 *   WAL lets it read the last committed state without waiting (`:memory:` databases have no
 *   second connection; their reads wait like writes).
 * - answers a read-only statement (SELECT, WITH) on either connection from better-sqlite3
 *   itself (readRows), not through TypeORM's query: rows read as arrays, made objects by a
 *   function per list of columns (TypeORM's query logging and query events are not used here).
 *
 * PostgreSQL needs none of this: each transaction has its own pooled connection.
 */
interface Token {
  readonly name: string;
}

interface Waiter {
  token: Token;
  resolve: () => void;
}

/** A transaction started on the shared runner by code the gate did not wrap (e.g. migrations). */
const UNWRAPPED: Token = { name: 'unwrapped' };

class WriteGate {
  private owner: Token | null = null;
  private readonly queue: Waiter[] = [];
  private readonly context = new AsyncLocalStorage<Token>();

  /** True when the caller runs inside the transaction that holds the gate (or nobody can tell). */
  inside(): boolean {
    return this.owner === UNWRAPPED || (this.owner !== null && this.context.getStore() === this.owner);
  }

  busy(): boolean {
    return this.owner !== null;
  }

  acquire(token: Token): Promise<void> {
    if (this.owner === null) {
      this.owner = token;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => this.queue.push({ token, resolve }));
  }

  release(): void {
    const next = this.queue.shift();
    this.owner = next?.token ?? null;
    next?.resolve();
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inside()) return fn();
    const token: Token = { name: 'wrapped' };
    await this.acquire(token);
    try {
      return await this.context.run(token, fn);
    } finally {
      this.release();
    }
  }

  /** For a transaction the gate did not wrap: the gate is held until it ends. */
  async takeUnwrapped(): Promise<void> {
    await this.acquire(UNWRAPPED);
  }

  releaseUnwrapped(): void {
    if (this.owner === UNWRAPPED) this.release();
  }
}

interface ReadStatement {
  readonly: boolean;
  reader: boolean;
  all(...params: unknown[]): unknown[];
  raw(on: boolean): ReadStatement;
  columns(): Array<{ name: string }>;
}
interface ReadConnection {
  prepare(sql: string): ReadStatement;
  pragma(s: string): unknown;
  close(): void;
}

const GATES = new WeakMap<DataSource, WriteGate>();

/**
 * Runs `fn` holding SQLite's write gate (a no-op on PostgreSQL): for code that opens a
 * transaction on a query runner itself (`createQueryRunner()` + `startTransaction()`).
 */
export function exclusive<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const gate = GATES.get(ds);
  return gate ? gate.run(fn) : fn();
}

type Query = (sql: string, params?: unknown[], structured?: boolean) => Promise<unknown>;

/**
 * Installs the gate on a SQLite DataSource (before or after `initialize()`); PostgreSQL data
 * sources are returned unchanged.
 */
export function serializeSqliteWrites(ds: DataSource): DataSource {
  if (isPostgres(ds) || GATES.has(ds)) return ds;
  const gate = new WriteGate();
  GATES.set(ds, gate);

  const manager = ds.manager as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of ['transaction', 'save', 'remove', 'softRemove', 'recover']) {
    const original = manager[method].bind(manager);
    manager[method] = (...args: unknown[]) => gate.run(() => original(...args));
  }

  const driver = ds.driver as unknown as { createQueryRunner(mode?: string): QueryRunner };
  const create = driver.createQueryRunner.bind(driver);
  const patched = new WeakSet<QueryRunner>();
  let reader: ReadConnection | null | undefined;
  const readConnection = (): ReadConnection | null => {
    if (reader !== undefined) return reader;
    const file = (ds.options as { database?: string }).database;
    if (!file || file === ':memory:') return (reader = null);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Sqlite = require('better-sqlite3') as new (f: string, o: object) => ReadConnection;
    reader = new Sqlite(file, { readonly: true, fileMustExist: true });
    reader.pragma('busy_timeout = 15000');
    return reader;
  };

  const destroy = ds.destroy.bind(ds);
  ds.destroy = async () => {
    reader?.close();
    reader = undefined;
    await destroy();
  };

  driver.createQueryRunner = (mode?: string) => {
    const runner = create(mode);
    if (patched.has(runner)) return runner;
    patched.add(runner);
    const query = runner.query.bind(runner) as unknown as Query;
    const start = runner.startTransaction.bind(runner);
    const commit = runner.commitTransaction.bind(runner);
    const rollback = runner.rollbackTransaction.bind(runner);

    // a read on the writer's connection: from better-sqlite3 directly (readRows), else TypeORM's query
    const onWriter: Query = async (sql, params, structured) => {
      const answered = readRows(sqliteConnection(ds), sql, params ?? []);
      return answered ? result(answered, structured) : query(sql, params, structured);
    };
    (runner as unknown as { query: Query }).query = async (sql, params, structured) => {
      if (gate.inside()) return onWriter(sql, params, structured);
      if (gate.busy()) {
        const answered = readRows(readConnection(), sql, params ?? []);
        if (answered) return result(answered, structured);
      }
      return gate.run(() => onWriter(sql, params, structured));
    };

    runner.startTransaction = async (isolation) => {
      if (!gate.inside()) await gate.takeUnwrapped();
      try {
        await start(isolation);
      } catch (e) {
        if (!runner.isTransactionActive) gate.releaseUnwrapped();
        throw e;
      }
    };
    runner.commitTransaction = async () => {
      await commit();
      if (!runner.isTransactionActive) gate.releaseUnwrapped();
    };
    runner.rollbackTransaction = async () => {
      try {
        await rollback();
      } finally {
        if (!runner.isTransactionActive) gate.releaseUnwrapped();
      }
    };
    return runner;
  };
  return ds;
}

/** Rows as TypeORM's query answers them. */
const result = (answered: unknown[], structured?: boolean) =>
  structured ? { records: answered, raw: answered } : answered;

const READ_STATEMENTS = new WeakMap<ReadConnection, Map<string, ReadStatement | null>>();
const READS = /^\s*(SELECT|WITH)\b/i;

/**
 * A read-only statement's rows, prepared once per connection; null when it writes, does not
 * prepare (e.g. on the read connection, a table made by an open migration) or there is no
 * connection: then TypeORM's query answers (and reports the error, if any).
 */
function readRows(db: ReadConnection | null, sql: string, params: unknown[]): unknown[] | null {
  if (!db || !READS.test(sql)) return null;
  let cache = READ_STATEMENTS.get(db);
  if (!cache) READ_STATEMENTS.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (stmt === undefined) {
    try {
      const prepared = db.prepare(sql);
      stmt = prepared.readonly && prepared.reader ? prepared.raw(true) : null;
    } catch {
      return null;
    }
    cache.set(sql, stmt);
    if (cache.size > 500) cache.delete(cache.keys().next().value!);
  }
  if (!stmt) return null;
  const values = params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
  let raw: unknown[][];
  try {
    raw = stmt.all(...values) as unknown[][];
  } catch (e) {
    throw new QueryFailedError(sql, values, e as Error);
  }
  // the columns after the run: a statement SQLite prepared again after a schema change has its new ones
  const row = rowMaker(stmt.columns().map((c) => c.name));
  return raw.map(row);
}

const ROW_MAKERS = new Map<string, (values: unknown[]) => unknown>();

/**
 * Rows are read as arrays (better-sqlite3's raw mode) and made objects by a function written
 * once per list of column names (`{ "id": r[0], … }`): better-sqlite3 sets an object's
 * columns one by one, which for the tick's 27-column check-in candidates cost about 2.5× reading
 * them (docs/benchmarks.md, "SQLite's row objects").
 */
function rowMaker(names: string[]): (values: unknown[]) => unknown {
  const key = names.join('\u0000');
  let make = ROW_MAKERS.get(key);
  if (!make) {
    // a column named __proto__ would set the prototype in an object literal
    make = names.includes('__proto__')
      ? (r) => Object.fromEntries(names.map((n, i) => [n, r[i]]))
      : (new Function(
          'r',
          `return { ${names.map((n, i) => `${JSON.stringify(n)}: r[${i}]`).join(', ')} };`,
        ) as (values: unknown[]) => unknown);
    if (ROW_MAKERS.size > 2000) ROW_MAKERS.clear();
    ROW_MAKERS.set(key, make);
  }
  return make;
}
