import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { type Db, isPostgres } from './dialect';

/**
 * Plans that don't depend on luck (docs/rules-and-scheduler.md#plans-that-dont-depend-on-luck):
 * the one place that tells the planner what not to guess.
 *
 * PostgreSQL here runs with autovacuum off and two parallel workers per gather: a 500-row
 * lookup by customer ids got a parallel plan costing 37 ms instead of 7 ms, and the ledger's
 * statistics stay "empty table" until someone analyzes it.
 */

/**
 * Plain plans for index lookups: no parallel workers, no JIT compilation, no sequential scans
 * where an index can answer. Parallel workers and JIT pay off only for long scans and are chosen
 * from cost estimates that stale statistics inflate (a 5,000-id lookup was JIT-compiled for 0.7 s
 * to run for 0.17 s); and statistics taken while the ledger was empty make a sequential scan of
 * tasks look free, so an anti-join ran it once per candidate while the tick filled the table
 * (66 s instead of 1.3 s at 1M customers). `SET LOCAL` lasts until the transaction ends.
 */
export const PLAIN_PLAN_SQL = [
  'SET LOCAL max_parallel_workers_per_gather = 0',
  'SET LOCAL jit = off',
  'SET LOCAL enable_seqscan = off',
] as const;

/** The same settings for a whole session (withPlainSession), and what undoes them. */
const PLAIN_SESSION_SQL = PLAIN_PLAN_SQL.map((s) => s.replace('SET LOCAL', 'SET')).join('; ');
const RESET_SESSION_SQL = 'RESET max_parallel_workers_per_gather; RESET jit; RESET enable_seqscan';

/** Connections whose session already has plain plans (withPlainSession): nothing more to send. */
const plainSessions = new WeakSet<QueryRunner>();

function isPlainSession(m: EntityManager): boolean {
  return !!m.queryRunner && plainSessions.has(m.queryRunner);
}

/**
 * Runs `fn` on one connection of its own whose session has plain plans (PLAIN_PLAN_SQL as
 * session settings, sent once in one statement and reset afterwards). On its manager,
 * withPlainPlans and plainPlans send nothing: a lookup is one round trip instead of four
 * (BEGIN, SET LOCAL, the statement, COMMIT), a write transaction one fewer. For work that runs
 * statement after statement, lookups and short writes only (the tick's evaluation: every
 * statement of it used to ask for plain plans). SQLite (no parallel plans): `fn(ds.manager)`.
 */
export async function withPlainSession<T>(ds: DataSource, fn: (db: EntityManager) => Promise<T>): Promise<T> {
  if (!isPostgres(ds)) return fn(ds.manager);
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(PLAIN_SESSION_SQL);
    plainSessions.add(runner);
    return await fn(runner.manager);
  } finally {
    plainSessions.delete(runner);
    try {
      await runner.query(RESET_SESSION_SQL);
    } finally {
      await runner.release();
    }
  }
}

/**
 * Runs `fn` with the server's own plan settings, also on a plain session's manager (a ranking
 * that reads a large share of a table on purpose may want a parallel scan). Elsewhere `fn(db)`
 * as is: nothing is sent.
 */
export async function withOrdinaryPlans<T>(db: Db, fn: (db: EntityManager) => Promise<T>): Promise<T> {
  const manager = managerOf(db);
  if (!isPostgres(db) || !isPlainSession(manager)) return fn(manager);
  return manager.transaction(async (tx) => {
    await tx.query(PLAIN_PLAN_SQL.map((s) => s.replace(/= .*$/, 'TO DEFAULT')).join('; '));
    return fn(tx);
  });
}

function managerOf(db: Db): EntityManager {
  return 'manager' in db ? db.manager : db;
}

/**
 * Runs `fn` with plain plans (PLAIN_PLAN_SQL) for its statements: lookups that an index answers
 * (candidates by key, customers by id) and batch writes. Inside a
 * transaction (a tick's write, a preview's sandbox) that transaction gets the setting; outside
 * one, `fn` runs in a transaction of its own, since `SET LOCAL` needs one. On SQLite (no parallel
 * plans) `fn` runs as is, on the caller's manager: no transaction, so reads stay off the write gate.
 */
export async function withPlainPlans<T>(db: Db, fn: (db: EntityManager) => Promise<T>): Promise<T> {
  const manager = managerOf(db);
  if (!isPostgres(db) || isPlainSession(manager)) return fn(manager);
  if (manager.queryRunner?.isTransactionActive) {
    await plainPlans(manager);
    return fn(manager);
  }
  return manager.transaction(async (tx) => {
    await plainPlans(tx);
    return fn(tx);
  });
}

/** The current transaction's statements get plain plans (PLAIN_PLAN_SQL, PostgreSQL); nothing on SQLite. */
export async function plainPlans(tx: EntityManager): Promise<void> {
  if (isPostgres(tx) && !isPlainSession(tx)) await tx.query(PLAIN_PLAN_SQL.join('; '));
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/** A table whose statistics to refresh: all of its columns, or only these (PostgreSQL). */
export type AnalyzeTarget = string | { table: string; columns: readonly string[] };

/**
 * Refreshes the planner's statistics of these tables (after a bulk write, since nothing else
 * will: autovacuum may be off). PostgreSQL: `ANALYZE t (c1, c2)` per table (the row count is
 * refreshed whatever the columns); given the DataSource, the tables are analyzed at the same
 * time on connections of the pool (each ANALYZE is one backend's CPU; a tick's three tables took
 * about as long as the largest alone on 2 cores). SQLite: `ANALYZE t` per table (its statistics
 * are per index, so the columns do not apply), through the write gate (it writes sqlite_stat1).
 */
export async function analyzeTables(db: Db, targets: readonly AnalyzeTarget[]): Promise<void> {
  const list = targets.map((t) => (typeof t === 'string' ? { table: t, columns: [] } : t));
  for (const { table, columns } of list)
    for (const name of [table, ...columns])
      if (!TABLE_NAME.test(name)) throw new Error(`analyzeTables: "${name}" is not a plain name`);
  if (!list.length) return;
  if (isPostgres(db)) {
    const sql = list.map((t) => `ANALYZE ${t.table}${t.columns.length ? ` (${t.columns.join(', ')})` : ''}`);
    if ('manager' in db) await Promise.all(sql.map((s) => db.query(s)));
    else for (const s of sql) await db.query(s);
    return;
  }
  await managerOf(db).transaction(async (tx) => {
    for (const { table } of list) await tx.query(`ANALYZE ${table}`);
  });
}
