/**
 * npm run bench:tiers — the service-tier recompute (docs/ingest.md#service-tiers) at scale.
 *
 * Fills a fresh database with CUSTOMERS customers and ~5 orders each over two years, defines
 * two activity tiers (VIP: ≥ 500 EUR in 365 days; Regular: ≥ 3 orders in 180 days) and a manual
 * one, and times recomputeTiers: the first run (most customers change tier, every change
 * recorded), a second run as of the same instant (nothing changes), and 200 one-customer
 * recomputes (what each customer save and order write pays). SQLite always;
 * PostgreSQL too when DATABASE_URL is set (a scratch database, dropped afterwards).
 *
 *   BENCH_CUSTOMERS=100000 npm run bench:tiers
 */
import { scratchPostgres } from './scratch-postgres';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { recomputeTiers } from '@touchbase/ingest';
import { createDataSource, DatabaseSettings, insertRows } from '@touchbase/store';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const DAY = 86_400_000;
const NOW = new Date('2026-06-15T10:00:00Z');

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function fill(ds: DataSource): Promise<number> {
  const random = rng(7);
  const now = NOW.getTime();
  let orders = 0;
  for (let from = 0; from < CUSTOMERS; from += 5_000) {
    await ds.transaction(async (m) => {
      const customers = Array.from({ length: Math.min(5_000, CUSTOMERS - from) }, (_, i) => [
        `Customer ${from + i}`,
        now,
        now,
      ]);
      const ids = await insertRows<{ id: number }>(
        m,
        'customers',
        ['first_name', 'created_at', 'updated_at'],
        customers,
        'id',
      );
      const rows: unknown[][] = [];
      for (const { id } of ids)
        for (let k = Math.floor(random() * 10); k > 0; k--)
          rows.push([
            `o-${id}-${k}`,
            Number(id),
            now - Math.floor(random() * 730) * DAY,
            Math.floor(random() * 30_000),
            'EUR',
            '[]',
            now,
          ]);
      orders += rows.length;
      await insertRows(
        m,
        'orders',
        ['external_id', 'customer_id', 'placed_at', 'total_minor', 'currency', 'lines', 'created_at'],
        rows,
        'id',
      );
    });
  }
  await ds.query(
    `INSERT INTO tiers (name, rank, basis, min_spend_minor, min_orders, window_days, match, created_at, updated_at) VALUES
     ('VIP', 1, 'activity', 50000, NULL, 365, 'any', 0, 0), ('Regular', 2, 'activity', NULL, 3, 180, 'any', 0, 0),
     ('Friend', 3, 'manual', NULL, NULL, 365, 'any', 0, 0)`,
  );
  await ds.query(ds.options.type === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  return orders;
}

async function run(name: string, settings: DatabaseSettings): Promise<void> {
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const t0 = performance.now();
  const orders = await fill(ds);
  const filled = performance.now() - t0;
  const time = async () => {
    const start = performance.now();
    const changed = await ds.transaction((m) => recomputeTiers(m, NOW, 'EUR'));
    return { changed, ms: Math.round(performance.now() - start) };
  };
  const first = await time();
  const second = await time();
  // what every customer save and order write now adds: one customer's recompute in its transaction
  const one: number[] = [];
  for (let i = 0; i < 200; i++) {
    const id = 1 + ((i * 7919) % CUSTOMERS);
    const start = performance.now();
    await ds.transaction((m) => recomputeTiers(m, NOW, 'EUR', [id]));
    one.push(performance.now() - start);
  }
  one.sort((a, b) => a - b);
  const pct = (p: number) => one[Math.min(one.length - 1, Math.floor(p * one.length))].toFixed(1);
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  console.log(
    `${name.padEnd(10)} ${CUSTOMERS.toLocaleString('en')} customers, ${orders.toLocaleString('en')} orders (filled in ${Math.round(filled / 1000)} s): ` +
      `first recompute ${first.ms} ms (${first.changed.toLocaleString('en')} changes recorded), second ${second.ms} ms (${second.changed} changes); ` +
      `one customer p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms; rss ${rss} MB`,
  );
  await ds.destroy();
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-tiers-'));
  try {
    await run('sqlite', { type: 'sqlite', path: path.join(dir, 'bench.sqlite') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env.DATABASE_URL;
  if (!base) return console.log('postgres   skipped (set DATABASE_URL=postgres://… to include it)');
  await scratchPostgres((url) => run('postgres', { type: 'postgres', url }), base);
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
