/**
 * npm run bench:insights — time and peak memory of the owner's report (per rule and channel
 * figures + the incremental effect of each rule) over a deterministic store of BENCH_CUSTOMERS
 * customers (default 200,000), 5× as many orders and 2 touches per customer over 4 rules with
 * a 10 % holdout. SQLite by default (a temp file, reused), PostgreSQL when DATABASE_URL is set.
 * Everything is aggregated in the database: memory should not grow with the store.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, DatabaseSettings } from '@touchbase/store';
import { channelFigures, ruleEffects } from '@touchbase/insights';

const N = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const DAY = 86_400_000;
const START = Date.UTC(2025, 6, 1);
const NOW = new Date(Date.UTC(2026, 6, 1));
const database: DatabaseSettings = process.env.DATABASE_URL
  ? { type: 'postgres', url: process.env.DATABASE_URL }
  : {
      type: 'sqlite',
      path: process.env.BENCH_SQLITE_PATH ?? path.join(os.tmpdir(), `touchbase-insights-bench-${N}.sqlite`),
    };

function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function bulk(
  ds: DataSource,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
): Promise<void> {
  const per = Math.floor(30_000 / columns.length);
  for (let i = 0; i < count;) {
    await ds.transaction(async (tx) => {
      for (const end = Math.min(count, i + 50_000); i < end;) {
        const params: unknown[] = [];
        const values: string[] = [];
        for (const stop = Math.min(end, i + per); i < stop; i++) {
          values.push(
            `(${columns.map((_, c) => (ds.options.type === 'postgres' ? `$${params.length + c + 1}` : '?')).join(',')})`,
          );
          params.push(...row(i));
        }
        await tx.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`, params);
      }
    });
  }
}

async function generate(ds: DataSource): Promise<void> {
  const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM customers');
  if (Number(n) >= N) return;
  const started = Date.now();
  const r = rng(42);
  const now = NOW.getTime();
  await bulk(
    ds,
    'rules',
    [
      'name',
      'kind',
      'params',
      'channel',
      'template_key',
      'audience',
      'priority',
      'transactional',
      'grace_period_minutes',
      'holdout_percent',
      'enabled',
      'created_at',
      'updated_at',
    ],
    4,
    (i) => [
      ['Birthday emails', 'Big purchase thanks', 'Check-in calls', 'Back in stock'][i],
      ['birthday', 'big_purchase_thanks', 'top_customer_checkin', 'back_in_stock'][i],
      '{}',
      i === 2 ? 'task' : 'email',
      't',
      '{}',
      0,
      false,
      1440,
      10,
      true,
      now,
      now,
    ],
  );
  await bulk(
    ds,
    'customers',
    [
      'first_name',
      'last_name',
      'email',
      'preferred_channels',
      'email_consent',
      'sms_consent',
      'tags',
      'notes',
      'created_at',
      'updated_at',
    ],
    N,
    (i) => [`C${i}`, 'Bench', `c${i}@bench.test`, 'email,sms', true, false, '', '', START, START],
  );
  await bulk(
    ds,
    'orders',
    ['external_id', 'customer_id', 'placed_at', 'total_minor', 'currency', 'lines', 'created_at'],
    N * 5,
    (i) => {
      const at = START + Math.floor(r() * 365 * DAY);
      return [`O${i}`, 1 + Math.floor(r() * N), at, 500 + Math.floor(r() * 20_000), 'EUR', '[]', at];
    },
  );
  await bulk(
    ds,
    'touches',
    [
      'rule_id',
      'customer_id',
      'occasion_key',
      'due_at',
      'status',
      'reason',
      'channel',
      'created_at',
      'updated_at',
    ],
    N * 2,
    (i) => {
      const customer = 1 + (i % N);
      const rule = 1 + (i % 4);
      const due = START + Math.floor(r() * 330 * DAY);
      const status = r() < 0.1 ? 'holdout' : rule === 3 ? 'task' : r() < 0.05 ? 'skipped' : 'sent';
      return [rule, customer, `bench:${i}`, due, status, '', rule === 3 ? 'task' : 'email', due, due];
    },
  );
  console.log(
    `generated ${N} customers, ${N * 5} orders, ${N * 2} touches in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function main() {
  if (database.type === 'sqlite') fs.mkdirSync(path.dirname(database.path), { recursive: true });
  const ds = createDataSource(database);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await generate(ds);
  const rssBefore = process.memoryUsage().rss;
  const from = new Date(START);
  const to = NOW;
  for (const [name, work] of [
    ['report figures (per rule and channel)', () => channelFigures(ds.manager, { from, to, optOutDays: 7 })],
    [
      'incremental effect (all rules)',
      () =>
        ruleEffects(
          ds.manager,
          { from, to, now: NOW, windowDays: 30 },
          { currency: 'EUR', locale: 'en', minPerGroup: 30 },
        ),
    ],
  ] as const) {
    const t0 = process.hrtime.bigint();
    const result = await work();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    console.log(`${name}: ${ms.toFixed(0)} ms, ${result.length} rows`);
    if (name.startsWith('incremental'))
      for (const e of result as Awaited<ReturnType<typeof ruleEffects>>) console.log(`  ${e.sentence}`);
  }
  console.log(
    `${database.type}, ${N} customers: RSS ${(rssBefore / 1048576).toFixed(0)} MB before, peak ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
  );
  await ds.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
