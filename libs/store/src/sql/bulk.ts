import type { EntityManager } from 'typeorm';
import { type Db, inList, isPostgres, num, numOrNull, rows } from './dialect';
import { withPlainPlans } from './planner';
import { insertEachRow, sqliteWriter, updateEachRow } from './sqlite-rows';
import { arrayLiteral } from './pg-array-literal';

/**
 * Bulk statements of the project's own (see docs/rules-and-scheduler.md#the-tick-set-based):
 * many rows in few statements on either database, without TypeORM's per-parameter bookkeeping.
 */

/**
 * Many rows INSERTed … RETURNING, in insert order; `conflict` is an optional `ON CONFLICT …`
 * clause (rows it skips return nothing); `returning` '' returns nothing (the caller gave the ids). PostgreSQL: one array per column
 * (`INSERT … SELECT * FROM unnest(…)`), one parameter per column instead of one per value, which
 * PostgreSQL parses and plans in a fraction of the time of a VALUES list of thousands of rows.
 * SQLite inside the caller's transaction: a prepared single-row statement per row (insertEachRow);
 * outside one: multi-row statements under the parameter limit.
 */
export async function insertRows<T = Record<string, unknown>>(
  db: Db,
  table: string,
  columns: readonly string[],
  values: readonly unknown[][],
  returning: string,
  conflict = '',
): Promise<T[]> {
  const out: T[] = [];
  if (!values.length) return out;
  if (isPostgres(db)) {
    const types = await columnTypes(db, table, columns);
    for (let i = 0; i < values.length; i += PG_ROWS_PER_STATEMENT) {
      const rowsOf = arrayTable('v', types, values.slice(i, i + PG_ROWS_PER_STATEMENT));
      out.push(
        ...(await rows<T>(
          db,
          `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM ${rowsOf.sql}${conflict}${returningClause(returning)}`,
          rowsOf.params,
        )),
      );
    }
    return out;
  }
  const sqlite = sqliteWriter(db);
  if (sqlite) return insertEachRow<T>(sqlite, table, columns, values, returning, conflict);
  const width = columns.length;
  const per = Math.floor(30_000 / width);
  for (let i = 0; i < values.length; i += per) {
    const chunk = values.slice(i, i + per);
    const tuples = chunk.map((v) => `(${inList(v)})`).join(', ');
    out.push(
      ...(await rows<T>(
        db,
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples}${conflict}${returningClause(returning)}`,
        chunk.flat(),
      )),
    );
  }
  return out;
}

const PG_ROWS_PER_STATEMENT = 10_000;

/** `returning` '' (rows whose ids the caller gave): no RETURNING, and insertRows answers []. */
const returningClause = (returning: string) => (returning ? ` RETURNING ${returning}` : '');

/**
 * PostgreSQL: takes `count` ids of each table's `id` sequence in one statement (`nextval` over
 * `generate_series`), so rows that point at each other can be written with their ids in place
 * instead of inserted, then linked by an `UPDATE` (a 40,000-row link cost about as much as the
 * insert it followed). The ids are the caller's alone; one it does not use is a gap, as after a
 * rollback. SQLite: null (it has no sequences; the caller inserts and links as before).
 */
export async function reserveIds(
  db: Db,
  counts: Readonly<Record<string, number>>,
): Promise<Map<string, number[]> | null> {
  if (!isPostgres(db)) return null;
  const out = new Map<string, number[]>();
  const wanted = Object.entries(counts).filter(([, n]) => n > 0);
  for (const [table] of Object.entries(counts)) {
    if (!TABLE_NAME.test(table)) throw new Error(`reserveIds: "${table}" is not a plain table name`);
    out.set(table, []);
  }
  if (!wanted.length) return out;
  const found = await rows<{ t: number; id: unknown }>(
    db,
    wanted
      .map(
        (_, i) =>
          `SELECT ${i} AS t, nextval(pg_get_serial_sequence(?, 'id')) AS id FROM generate_series(1, ?::integer)`,
      )
      .join(' UNION ALL '),
    wanted.flatMap(([table, n]) => [table, n]),
  );
  for (const r of found) out.get(wanted[Number(r.t)][0])!.push(Number(r.id));
  for (const [table, n] of wanted) {
    const ids = out.get(table)!.sort((a, b) => a - b);
    if (ids.length !== n) throw new Error(`reserveIds: ${table} gave ${ids.length} of ${n} ids`);
  }
  return out;
}

const TABLE_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts rows that each belong to a touch (outbox messages, tasks) and answers each new row's
 * id and touch id in the given order. Rows carrying ids taken in advance (reserveIds) are
 * written with them and nothing is read back (all are written or the statement fails);
 * otherwise the ids come from `RETURNING`. Rows with and without ids in one call are a mistake.
 */
export async function insertTouchRows(
  db: Db,
  table: string,
  columns: readonly string[],
  items: ReadonlyArray<{ id?: number; touchId?: number | null }>,
  values: unknown[][],
): Promise<Array<{ id: number; touchId: number | null }>> {
  const given = items.filter((r) => r.id != null).length;
  if (given && given !== items.length) throw new Error('insertRows: some rows have an id and some do not');
  if (given) {
    await insertRows(
      db,
      table,
      ['id', ...columns],
      values.map((v, i) => [items[i].id, ...v]),
      '',
    );
    return items.map((r) => ({ id: r.id!, touchId: r.touchId ?? null }));
  }
  const inserted = await insertRows<{ id: unknown; touch_id: unknown }>(
    db,
    table,
    columns,
    values,
    'id, touch_id',
  );
  return inserted.map((r) => ({ id: num(r.id), touchId: numOrNull(r.touch_id) }));
}

/**
 * A derived table of these rows under `alias`, its columns named `column1`, `column2`, … on both
 * databases (`… FROM ${t.sql} WHERE x.id = v.column1`): SQLite `(VALUES (?, ?), …) AS v`,
 * PostgreSQL `unnest(?::integer[], ?::text[], …) AS v(column1, …)` with one array parameter per
 * column. `types` are SQL types (`integer`, `text`, …): PostgreSQL's arrays, SQLite's CASTs. Keep
 * SQLite's share under its parameter limit (rows × columns ≤ ~30,000).
 */
export function valuesTable(
  db: Db,
  alias: string,
  types: readonly string[],
  values: readonly unknown[][],
): { sql: string; params: unknown[] } {
  if (isPostgres(db)) return arrayTable(alias, types, values);
  const tuple = `(${types.map((t) => `CAST(? AS ${t.toUpperCase()})`).join(', ')})`;
  return { sql: `(VALUES ${values.map(() => tuple).join(', ')}) AS ${alias}`, params: values.flat() };
}

function arrayTable(
  alias: string,
  types: readonly string[],
  values: readonly unknown[][],
): { sql: string; params: unknown[] } {
  const names = types.map((_, i) => `column${i + 1}`).join(', ');
  return {
    sql: `unnest(${types.map((t) => `?::${t}[]`).join(', ')}) AS ${alias}(${names})`,
    params: types.map((_, c) => arrayLiteral(values, c)),
  };
}

/**
 * PostgreSQL: each column's type (`integer`, `character varying`, `jsonb`, …), per data source
 * and table: every table's at once when the engine boots (learnColumnTypes), else read once per
 * data source and table when first written.
 */
const typeCache = new WeakMap<object, Map<string, Map<string, string>>>();
const sourceOf = (db: Db) => ('manager' in db ? db : db.connection);

/**
 * PostgreSQL: learns the column types of every table in the current schema in one statement, as
 * the engine boots (StoreModule, after the migrations), so that the first tick's writes do not
 * each read their table's (a fact of the schema, which only a migration changes).
 */
export async function learnColumnTypes(db: Db): Promise<void> {
  if (!isPostgres(db)) return;
  const found = await rows<{ t: string; name: string; type: string }>(
    db,
    `SELECT c.relname AS t, a.attname AS name, format_type(a.atttypid, NULL) AS type
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
     WHERE c.relkind IN ('r', 'p')`,
    [],
  );
  const tables = new Map<string, Map<string, string>>();
  for (const r of found) {
    const types = tables.get(r.t) ?? new Map<string, string>();
    if (!types.size) tables.set(r.t, types);
    types.set(r.name, r.type);
  }
  typeCache.set(sourceOf(db), tables);
}

async function columnTypes(db: Db, table: string, columns: readonly string[]): Promise<string[]> {
  const source = sourceOf(db);
  let tables = typeCache.get(source);
  if (!tables) typeCache.set(source, (tables = new Map()));
  let types = tables.get(table);
  if (!types) {
    const found = await rows<{ name: string; type: string }>(
      db,
      `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type FROM pg_attribute a
       WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped`,
      [table],
    );
    types = new Map(found.map((r) => [r.name, r.type]));
    tables.set(table, types);
  }
  return columns.map((c) => {
    const t = types!.get(c.replace(/"/g, ''));
    if (!t) throw new Error(`insertRows: table ${table} has no column ${c}`);
    return t;
  });
}

/**
 * Sets `set` columns of many rows by a numeric `key` (`values`: the key, then the `set` values,
 * per row; `types` the SQL types in the same order). PostgreSQL: `UPDATE … FROM unnest(…)`, one
 * statement per 10,000 rows with plain plans (updateByArrays); SQLite inside the caller's transaction: a prepared single-row UPDATE per row;
 * otherwise `UPDATE … FROM (VALUES …)` in chunks. Answers how many rows were updated.
 */
export async function updateRows(
  db: Db,
  table: string,
  key: string,
  set: readonly string[],
  types: readonly string[],
  values: readonly unknown[][],
): Promise<number> {
  if (!values.length) return 0;
  const sqlite = sqliteWriter(db);
  if (sqlite) return updateEachRow(sqlite, table, key, set, values);
  if (isPostgres(db)) return withPlainPlans(db, (tx) => updateByArrays(tx, table, key, set, types, values));
  const per = Math.floor(30_000 / types.length);
  let n = 0;
  for (let i = 0; i < values.length; i += per) {
    const v = valuesTable(db, 'v', types, values.slice(i, i + per));
    const sets = set.map((c, j) => `${c} = v.column${j + 2}`).join(', ');
    n += (
      await rows(
        db,
        `UPDATE ${table} SET ${sets} FROM ${v.sql} WHERE ${table}.${key} = v.column1 RETURNING ${table}.${key}`,
        v.params,
      )
    ).length;
  }
  return n;
}

/**
 * PostgreSQL: `UPDATE … FROM unnest(…)` with a plan that cannot go quadratic. Statistics taken
 * while the table was empty (or emptied) say it has no rows, and the planner then loops over
 * the array once per table row (a 5,000-row link took 1.3 s per batch at 40,000 touches). So the
 * key is also bounded by the chunk's range (an index range scan of about the chunk's own rows)
 * and nested loops are off for the statement: a hash or merge join, linear whatever the estimates.
 */
async function updateByArrays(
  tx: EntityManager,
  table: string,
  key: string,
  set: readonly string[],
  types: readonly string[],
  values: readonly unknown[][],
): Promise<number> {
  let n = 0;
  await tx.query('SET LOCAL enable_nestloop = off');
  for (let i = 0; i < values.length; i += PG_ROWS_PER_STATEMENT) {
    const chunk = values.slice(i, i + PG_ROWS_PER_STATEMENT);
    const keys = chunk.map((v) => Number(v[0]));
    const v = valuesTable(tx, 'v', types, chunk);
    const sets = set.map((c, j) => `${c} = v.column${j + 2}`).join(', ');
    n += (
      await rows(
        tx,
        `UPDATE ${table} SET ${sets} FROM ${v.sql}
         WHERE ${table}.${key} = v.column1 AND ${table}.${key} BETWEEN ? AND ? RETURNING ${table}.${key}`,
        [...v.params, Math.min(...keys), Math.max(...keys)],
      )
    ).length;
  }
  await tx.query('SET LOCAL enable_nestloop = on');
  return n;
}
