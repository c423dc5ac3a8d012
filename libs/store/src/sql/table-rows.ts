import type { EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { bool, isPostgres, num, rows } from './dialect';

/**
 * Reads and writes whole rows of one entity's table with statements of our own, for bulk work
 * (the CSV import, docs/import.md#speed): prepared better-sqlite3 statements on SQLite, multi-row
 * statements on PostgreSQL. TypeORM's query builder spends most of a bulk write in parameter
 * bookkeeping that grows with the statement; this keeps only the entity's column list and
 * transformers (so values are stored exactly as TypeORM stores them) from its metadata.
 *
 * Use it inside the caller's transaction: on SQLite the statements run on the driver's one
 * connection, so the caller must hold the write gate (a transaction, or `exclusive()`); a write
 * outside a transaction is refused.
 */
interface Column {
  prop: string;
  name: string;
  boolean: boolean;
  transformer?: ValueTransformer;
  /** The schema default written for an undefined value (TypeORM writes DEFAULT). */
  fallback: unknown;
  /** The same as the driver stores it. */
  stored?: unknown;
}

interface SqliteStatement {
  run(...params: unknown[]): { lastInsertRowid: number | bigint; changes: number };
  all(...params: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
  readonly inTransaction: boolean;
}

/** Rows per multi-row statement on PostgreSQL. */
const PG_ROWS = 500;

const STATEMENTS = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();

function statement(db: SqliteConnection, sql: string): SqliteStatement {
  let cache = STATEMENTS.get(db);
  if (!cache) STATEMENTS.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** One entity's changed columns, with the whole row as it will be stored. */
export interface RowUpdate<T> {
  row: T;
  changed: readonly (keyof T & string)[];
}

export class TableRows<T extends ObjectLiteral> {
  private readonly table: string;
  private readonly key: string;
  private readonly columns: Column[];
  private readonly byProp = new Map<string, Column>();
  private readonly make: () => T;
  private readonly sqlite: SqliteConnection | null;
  private readonly pgSql = new Map<string, string>();

  constructor(
    private readonly m: EntityManager,
    target: EntityTarget<T>,
  ) {
    const meta = m.connection.getMetadata(target);
    this.table = meta.tableName;
    this.key = meta.primaryColumns[0].databaseName;
    this.make = () => meta.create() as T;
    this.columns = meta.columns.map((c) => {
      const transformer = Array.isArray(c.transformer) ? undefined : c.transformer;
      const boolean = c.type === 'boolean' || c.type === Boolean;
      const d = typeof c.default === 'function' ? undefined : c.default;
      return { prop: c.propertyName, name: c.databaseName, boolean, transformer, fallback: d ?? null };
    });
    for (const c of this.columns) this.byProp.set(c.prop, c);
    this.sqlite = isPostgres(m)
      ? null
      : ((m.connection.driver as unknown as { databaseConnection?: SqliteConnection }).databaseConnection ??
        null);
    for (const c of this.columns)
      c.stored = this.sqlite && typeof c.fallback === 'boolean' ? +c.fallback : c.fallback;
  }

  /**
   * Rows whose `prop` is one of `values`, by primary key: every column, or only those of `pick`;
   * `lock` takes row locks on PostgreSQL.
   */
  async whereIn(
    prop: keyof T & string,
    values: readonly unknown[],
    opts: { lock?: boolean; pick?: readonly (keyof T & string)[] } = {},
  ): Promise<T[]> {
    if (!values.length) return [];
    const read = opts.pick ? opts.pick.map((p) => this.column(p)) : this.columns;
    const list = read.map((c) => c.name).join(', ');
    const col = this.column(prop).name;
    if (this.sqlite) {
      const sql = `SELECT ${list} FROM ${this.table} WHERE ${col} IN (SELECT value FROM json_each(?)) ORDER BY ${this.key}`;
      const found = statement(this.sqlite, sql).all(JSON.stringify(values));
      return found.map((r) => this.decode(r as Record<string, unknown>, read));
    }
    const lock = opts.lock ? ' FOR UPDATE' : '';
    const sql = `SELECT ${list} FROM ${this.table} WHERE ${col} = ANY(?) ORDER BY ${this.key}${lock}`;
    const found = await rows(this.m, sql, [values]);
    return found.map((r) => this.decode(r, read));
  }

  /** True when the table has any row. */
  async any(): Promise<boolean> {
    const sql = `SELECT 1 AS one FROM ${this.table} LIMIT 1`;
    return (this.sqlite ? statement(this.sqlite, sql).all() : await rows(this.m, sql)).length > 0;
  }

  /**
   * Inserts the rows (id left to the database); their new ids, in order. A column that holds its
   * schema default in every row is left to the default (the same stored row, fewer parameters).
   */
  async insert(items: readonly T[]): Promise<number[]> {
    if (!items.length) return [];
    const all = this.columns.filter((c) => c.prop !== 'id');
    const encoded = items.map((it) => all.map((c) => this.encode(c, it[c.prop])));
    const keep = all.map((c, i) => encoded.some((v) => v[i] !== c.stored));
    const cols = all.filter((_c, i) => keep[i]);
    const values = encoded.map((v) => v.filter((_x, i) => keep[i]));
    const names = cols.map((c) => c.name);
    if (this.sqlite) {
      const stmt = statement(
        this.writer(),
        `INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      );
      return values.map((v) => Number(stmt.run(...v).lastInsertRowid));
    }
    return (await this.pgInsert(names, values, '')).map((r) => num(r.id));
  }

  /**
   * Writes the changed columns of each row (by id). PostgreSQL: one multi-row
   * `INSERT … ON CONFLICT (id) DO UPDATE` per set of changed columns, which sets only those.
   */
  async update(items: readonly RowUpdate<T>[]): Promise<void> {
    const groups = new Map<string, RowUpdate<T>[]>();
    for (const u of items) {
      if (!u.changed.length) continue;
      const key = u.changed.join(',');
      const g = groups.get(key);
      if (g) g.push(u);
      else groups.set(key, [u]);
    }
    for (const group of groups.values()) {
      const changed = group[0].changed.map((p) => this.column(p));
      if (this.sqlite) {
        const sets = changed.map((c) => `${c.name} = ?`).join(', ');
        const stmt = statement(this.writer(), `UPDATE ${this.table} SET ${sets} WHERE id = ?`);
        for (const u of group) stmt.run(...changed.map((c) => this.encode(c, u.row[c.prop])), u.row.id);
        continue;
      }
      const cols = this.columns;
      const sets = changed.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ');
      const values = group.map((u) => cols.map((c) => this.encode(c, u.row[c.prop])));
      await this.pgInsert(
        cols.map((c) => c.name),
        values,
        ` ON CONFLICT (${this.key}) DO UPDATE SET ${sets}`,
      );
    }
  }

  /**
   * PostgreSQL: multi-row INSERTs of up to PG_ROWS rows (and 30,000 parameters) with `$n`
   * placeholders; the statement text per row count is built once.
   */
  private async pgInsert(names: string[], values: unknown[][], suffix: string): Promise<{ id: unknown }[]> {
    const out: { id: unknown }[] = [];
    const per = Math.max(1, Math.min(PG_ROWS, Math.floor(30_000 / names.length)));
    for (let i = 0; i < values.length; i += per) {
      const chunk = values.slice(i, i + per);
      const key = `${names.join(',')}|${chunk.length}|${suffix}`;
      let sql = this.pgSql.get(key);
      if (!sql) {
        const tuples: string[] = [];
        for (let r = 0, n = 0; r < chunk.length; r++)
          tuples.push(`(${names.map(() => `$${++n}`).join(', ')})`);
        sql = `INSERT INTO ${this.table} (${names.join(', ')}) VALUES ${tuples.join(', ')}${suffix} RETURNING ${this.key} AS id`;
        if (this.pgSql.size > 50) this.pgSql.clear();
        this.pgSql.set(key, sql);
      }
      const params: unknown[] = [];
      for (const v of chunk) for (const x of v) params.push(x);
      out.push(...((await this.m.query(sql, params)) as { id: unknown }[]));
    }
    return out;
  }

  private column(prop: string): Column {
    const c = this.byProp.get(prop);
    if (!c) throw new Error(`${this.table} has no column for "${prop}"`);
    return c;
  }

  private writer(): SqliteConnection {
    if (!this.sqlite!.inTransaction) throw new Error(`bulk writes to ${this.table} need a transaction`);
    return this.sqlite!;
  }

  /** A property value as the driver stores it (transformers applied, SQLite booleans as 0/1). */
  private encode(c: Column, value: unknown): unknown {
    let v = value === undefined ? c.fallback : c.transformer ? c.transformer.to(value) : value;
    if (v === undefined) v = null;
    if (this.sqlite && typeof v === 'boolean') return v ? 1 : 0;
    return v;
  }

  /** A stored row as TypeORM hydrates it. */
  private decode(raw: Record<string, unknown>, read: readonly Column[]): T {
    const e = this.make() as Record<string, unknown>;
    for (const c of read) {
      let v = raw[c.name];
      if (c.boolean && v != null) v = bool(v);
      e[c.prop] = c.transformer ? c.transformer.from(v) : v;
    }
    return e as T;
  }
}

const TABLES = new WeakMap<EntityManager, Map<unknown, unknown>>();

/** The TableRows of `target` on this manager (made once per manager, e.g. once per import). */
export function tableRows<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>): TableRows<T> {
  let tables = TABLES.get(m);
  if (!tables) TABLES.set(m, (tables = new Map()));
  let t = tables.get(target) as TableRows<T> | undefined;
  if (!t) tables.set(target, (t = new TableRows(m, target)));
  return t;
}
