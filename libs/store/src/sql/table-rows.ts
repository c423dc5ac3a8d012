import type { EntityManager, EntityTarget, ObjectLiteral, ValueTransformer } from 'typeorm';
import { bool, num, rows } from './dialect';
import { PgStatement, pgStatementName, runPgStatement } from './pg-statements';
import { sqliteConnection } from './sqlite-connection';
import { type SqliteConnection, statement } from './sqlite-rows';

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

/** Rows per multi-row statement on PostgreSQL. */
const PG_ROWS = 500;

/** One entity's changed columns, with the whole row as it will be stored. */
export interface RowUpdate<T> {
  row: T;
  changed: readonly (keyof T & string)[];
}

export class TableRows<T extends ObjectLiteral> {
  private readonly table: string;
  private readonly key: string;
  /** The primary key is a generated integer (ordered as a number). */
  private readonly numericKey: boolean;
  private readonly columns: Column[];
  private readonly byProp = new Map<string, Column>();
  private readonly make: () => T;
  private readonly proto: object | null;
  /** Per list of read properties: an object with each of them, for copying (JSON.parse makes fast objects). */
  private readonly templates = new Map<string, object>();
  private readonly sqlite: SqliteConnection | null;
  private readonly pgSql = new Map<string, PgStatement>();
  /** The columns an insert writes (all but the generated id). */
  private readonly insertable: Column[];

  constructor(
    private readonly m: EntityManager,
    target: EntityTarget<T>,
  ) {
    const meta = m.connection.getMetadata(target);
    this.table = meta.tableName;
    this.key = meta.primaryColumns[0].databaseName;
    const primary = meta.primaryColumns[0];
    this.numericKey = primary.isGenerated && primary.generationStrategy === 'increment';
    const plain = !meta.lazyRelations.length && !meta.embeddeds.length && !Object.keys(meta.create()).length;
    // an entity with nothing set up by TypeORM is its prototype and its own properties: built
    // from a template with every property (see decode), it stays a fast object
    this.proto = plain ? Object.getPrototypeOf(meta.create()) : null;
    this.make = () => meta.create() as T;
    this.columns = meta.columns.map((c) => {
      const transformer = Array.isArray(c.transformer) ? undefined : c.transformer;
      const boolean = c.type === 'boolean' || c.type === Boolean;
      const d = typeof c.default === 'function' ? undefined : c.default;
      return { prop: c.propertyName, name: c.databaseName, boolean, transformer, fallback: d ?? null };
    });
    for (const c of this.columns) this.byProp.set(c.prop, c);
    this.sqlite = sqliteConnection(m.connection);
    for (const c of this.columns)
      c.stored = this.sqlite && typeof c.fallback === 'boolean' ? +c.fallback : c.fallback;
    this.insertable = this.columns.filter((c) => c.prop !== 'id');
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
    const template = this.template(read);
    const list = read.map((c) => c.name).join(', ');
    const col = this.column(prop).name;
    if (this.sqlite) {
      const sql = `SELECT ${list} FROM ${this.table} WHERE ${col} IN (SELECT value FROM json_each(?)) ORDER BY ${this.key}`;
      const found = statement(this.sqlite, sql).all(JSON.stringify(values));
      return found.map((r) => this.decode(r as Record<string, unknown>, read, template));
    }
    // Ordered here, not by the statement, when the key is a generated number that was read and no
    // lock is taken (locks stay in key order): an ORDER BY lets a planner whose statistics are
    // stale (a table this transaction is filling) walk the whole primary key in order instead
    // of looking the values up in their own index.
    const sortHere = !opts.lock && this.numericKey && read.some((c) => c.name === this.key);
    const order = sortHere ? '' : ` ORDER BY ${this.key}`;
    const lock = opts.lock ? ' FOR UPDATE' : '';
    const sql = `SELECT ${list} FROM ${this.table} WHERE ${col} = ANY(?)${order}${lock}`;
    const found = await rows(this.m, sql, [values]);
    if (sortHere) found.sort((a, b) => Number(a[this.key]) - Number(b[this.key]));
    return found.map((r) => this.decode(r, read, template));
  }

  /** True when the table has any row. */
  async any(): Promise<boolean> {
    const sql = `SELECT 1 AS one FROM ${this.table} LIMIT 1`;
    return (this.sqlite ? statement(this.sqlite, sql).all() : await rows(this.m, sql)).length > 0;
  }

  /**
   * Inserts the rows (id left to the database); their new ids, in order (none with `ids: false`,
   * which on PostgreSQL also leaves out the `RETURNING`). A column that holds its schema default
   * in every row is left to the default (the same stored row, fewer parameters).
   */
  async insert(items: readonly T[], opts: { ids?: boolean } = {}): Promise<number[]> {
    if (!items.length) return [];
    const wantIds = opts.ids !== false;
    const all = this.insertable;
    const width = all.length;
    // one flat pass: every value encoded once, and which columns differ from their default anywhere
    const flat = new Array<unknown>(items.length * width);
    const keep = new Array<boolean>(width).fill(false);
    for (let r = 0, k = 0; r < items.length; r++) {
      const it = items[r];
      for (let i = 0; i < width; i++, k++) {
        const c = all[i];
        const v = this.encode(c, it[c.prop]);
        flat[k] = v;
        if (v !== c.stored) keep[i] = true;
      }
    }
    /** The written columns' positions in a row of `flat`. */
    const at: number[] = [];
    for (let i = 0; i < width; i++) if (keep[i]) at.push(i);
    const n = at.length;
    const names = at.map((i) => all[i].name);
    if (this.sqlite) {
      const stmt = statement(
        this.writer(),
        `INSERT INTO ${this.table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`,
      );
      const ids = wantIds ? new Array<number>(items.length) : [];
      const row = new Array<unknown>(n);
      for (let r = 0, base = 0; r < items.length; r++, base += width) {
        for (let j = 0; j < n; j++) row[j] = flat[base + at[j]];
        // spread: better-sqlite3 binds arguments faster than an array's elements (≈ 20 %)
        const done = stmt.run(...row);
        if (wantIds) ids[r] = Number(done.lastInsertRowid);
      }
      return ids;
    }
    let values = flat;
    if (n < width) {
      values = new Array<unknown>(items.length * n);
      for (let r = 0, k = 0, base = 0; r < items.length; r++, base += width)
        for (let j = 0; j < n; j++, k++) values[k] = flat[base + at[j]];
    }
    const returned = await this.pgInsert(names, values, '', wantIds);
    return wantIds ? returned.map((r) => num(r.id)) : [];
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
        const params = new Array<unknown>(changed.length + 1);
        for (const u of group) {
          for (let i = 0; i < changed.length; i++)
            params[i] = this.encode(changed[i], u.row[changed[i].prop]);
          params[changed.length] = u.row.id;
          stmt.run(...params);
        }
        continue;
      }
      const cols = this.columns;
      const sets = changed.map((c) => `${c.name} = EXCLUDED.${c.name}`).join(', ');
      const values: unknown[] = [];
      for (const u of group) for (const c of cols) values.push(this.encode(c, u.row[c.prop]));
      await this.pgInsert(
        cols.map((c) => c.name),
        values,
        ` ON CONFLICT (${this.key}) DO UPDATE SET ${sets}`,
        false,
      );
    }
  }

  /**
   * PostgreSQL: multi-row INSERTs of up to PG_ROWS rows (and 30,000 parameters) with `$n`
   * placeholders, `values` row after row. A full-size statement (per column set) is a named
   * prepared statement, parsed once per connection and reused by every later batch. `returning`:
   * whether the new rows' ids come back.
   */
  private async pgInsert(
    names: string[],
    values: unknown[],
    suffix: string,
    returning: boolean,
  ): Promise<{ id: unknown }[]> {
    const out: { id: unknown }[] = [];
    const width = names.length;
    const per = Math.max(1, Math.min(PG_ROWS, Math.floor(30_000 / width)));
    const rowCount = values.length / width;
    for (let i = 0; i < rowCount; i += per) {
      const n = Math.min(per, rowCount - i);
      const chunk = n === rowCount ? values : values.slice(i * width, (i + n) * width);
      // only full-size statements are named (the shape every batch repeats); a file's last,
      // shorter batch is parsed once and not kept on the connection
      const st = this.pgStatement(names, n, suffix, returning);
      const rows = await runPgStatement(this.m, n === per ? st : { name: '', text: st.text }, chunk);
      if (returning) for (const r of rows) out.push(r as { id: unknown });
    }
    return out;
  }

  private pgStatement(names: string[], count: number, suffix: string, returning: boolean): PgStatement {
    const key = `${names.join(',')}|${count}|${suffix}|${returning ? 'id' : ''}`;
    let st = this.pgSql.get(key);
    if (!st) {
      const tuples: string[] = [];
      for (let r = 0, n = 0; r < count; r++) tuples.push(`(${names.map(() => `$${++n}`).join(', ')})`);
      const text = `INSERT INTO ${this.table} (${names.join(', ')}) VALUES ${tuples.join(', ')}${suffix}${returning ? ` RETURNING ${this.key} AS id` : ''}`;
      if (this.pgSql.size > 50) this.pgSql.clear();
      this.pgSql.set(key, (st = { name: pgStatementName(`${this.table}|${key}`), text }));
    }
    return st;
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

  /**
   * A stored row as TypeORM hydrates it. Setting this many properties one by one on an empty
   * entity leaves V8 a slow dictionary-mode object; a copy of a template that already has them
   * does not.
   */
  private decode(raw: Record<string, unknown>, read: readonly Column[], template: object | null): T {
    const e = (template ? { ...template } : this.make()) as Record<string, unknown>;
    for (const c of read) {
      let v = raw[c.name];
      if (c.boolean && v != null) v = bool(v);
      e[c.prop] = c.transformer ? c.transformer.from(v) : v;
    }
    return (template ? Object.setPrototypeOf(e, this.proto) : e) as T;
  }

  /** The template `decode` copies for these properties (null when the entity needs TypeORM's create). */
  private template(read: readonly Column[]): object | null {
    if (!this.proto) return null;
    const key = read.map((c) => c.prop).join(',');
    let t = this.templates.get(key);
    if (!t) {
      const props = Object.fromEntries(read.map((c) => [c.prop, null]));
      this.templates.set(key, (t = JSON.parse(JSON.stringify(props)) as object));
    }
    return t;
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
