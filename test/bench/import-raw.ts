/**
 * The raw baseline of `npm run bench:import`: the same CSV file read with csv-parse and written
 * with prepared statements in one transaction, nothing else (no encoding detection, no
 * normalization, no upsert lookups, no report). The product's import is measured against it in
 * the same run, so the machine's load affects both alike (docs/benchmarks.md).
 */
import * as fs from 'node:fs';
import { parse } from 'csv-parse';
import Database from 'better-sqlite3';
import { Client } from 'pg';

const COLUMNS = [
  'external_id',
  'first_name',
  'last_name',
  'email',
  'phone',
  'birthday_year',
  'birthday_month',
  'birthday_day',
  'birthday_md',
  'timezone',
  'locale',
  'email_consent',
  'tags',
  'created_at',
  'updated_at',
];
const NOW = Date.parse('2026-06-15T10:00:00Z');

/** One CSV record of the bench's own format as the raw insert's values (splitting, nothing checked). */
function values(r: string[]): unknown[] {
  const [y, m, d] = r[5].split('-');
  return [
    r[0],
    r[1],
    r[2],
    r[3].toLowerCase(),
    r[4],
    Number(y),
    Number(m),
    Number(d),
    `${m}-${d}`,
    r[6],
    r[7],
    r[8] === 'yes',
    `,${r[9].split(';').join(',')},`,
    NOW,
    NOW,
  ];
}

function records(file: string): AsyncIterable<string[]> {
  return fs.createReadStream(file).pipe(parse({ from_line: 2 }));
}

/** SQLite: one prepared INSERT per row, one transaction. */
export async function rawSqlite(file: string, dbPath: string): Promise<number> {
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const insert = db.prepare(
    `INSERT INTO customers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
  );
  let n = 0;
  db.exec('BEGIN IMMEDIATE');
  for await (const r of records(file)) {
    const v = values(r);
    v[11] = v[11] ? 1 : 0;
    insert.run(...v);
    n++;
  }
  db.exec('COMMIT');
  db.close();
  return n;
}

/** PostgreSQL: a named prepared multi-row INSERT per 500 rows, one transaction. */
export async function rawPostgres(file: string, url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const per = 500;
  const text = (rows: number) =>
    `INSERT INTO customers (${COLUMNS.join(', ')}) VALUES ${Array.from(
      { length: rows },
      (_, r) => `(${COLUMNS.map((_c, i) => `$${r * COLUMNS.length + i + 1}`).join(', ')})`,
    ).join(', ')}`;
  let n = 0;
  let batch: unknown[] = [];
  const flush = async (rows: number) => {
    if (!rows) return;
    await client.query({ name: `raw_insert_${rows}`, text: text(rows), values: batch });
    batch = [];
  };
  await client.query('BEGIN');
  for await (const r of records(file)) {
    batch.push(...values(r));
    if (++n % per === 0) await flush(per);
  }
  await flush(n % per);
  await client.query('COMMIT');
  await client.end();
  return n;
}
