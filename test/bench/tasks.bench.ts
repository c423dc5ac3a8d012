/**
 * npm run bench:tasks — the daily-list API under a realistic load.
 *
 * Fills a fresh database with 20 staff, 20,000 customers (3 orders and a contact each) and
 * 100,000 open tasks (5,000 per staff member, due from 30 days ago to 30 days ahead, so about
 * half are due), starts a real engine process (api role only) and times
 * GET /api/tasks/today (50 items with customer, last orders, last contact, talking points)
 * over real HTTP, one request at a time, for random staff. SQLite always; PostgreSQL too when
 * DATABASE_URL is set (a scratch database is made next to it and dropped afterwards).
 *
 *   npm run bench:tasks
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:tasks
 */
import { scratchPostgres } from './scratch-postgres';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { addDays, localDate } from '@touchbase/core';
import { createDataSource, DatabaseSettings } from '@touchbase/store';
import { createUserWithToken, spawnEngineProcess } from '../kit';

const STAFF = 20;
const CUSTOMERS = 20_000;
const ORDERS_PER_CUSTOMER = 3;
const TASKS = 100_000;
const WARMUP = 30;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertRows(
  ds: DataSource,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  const pg = ds.options.type === 'postgres';
  const per = Math.floor((pg ? 30_000 : 30_000) / columns.length);
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    let n = 0;
    const values = chunk.map((r) => `(${r.map(() => (pg ? `$${++n}` : '?')).join(', ')})`).join(', ');
    await ds.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, chunk.flat());
  }
}

export async function fill(ds: DataSource, today: string): Promise<string[]> {
  const random = rng(42);
  const now = Date.now();
  const tokens: string[] = [];
  const staffIds: number[] = [];
  for (let i = 0; i < STAFF; i++) {
    const { user, token } = await createUserWithToken(ds, 'staff', new Date(now), `staff ${i}`);
    staffIds.push(user.id);
    tokens.push(token);
  }
  await ds.transaction(async (m) => {
    const q = m.connection;
    const customers: unknown[][] = [];
    for (let c = 1; c <= CUSTOMERS; c++) {
      const month = 1 + Math.floor(random() * 12);
      const day = 1 + Math.floor(random() * 28);
      customers.push([
        c,
        `First${c}`,
        `Last${c}`,
        `c${c}@example.test`,
        `+49151${String(c).padStart(8, '0')}`,
        1960 + (c % 40),
        month,
        day,
        `${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        c % 5 ? '' : 'Prefers email',
        now,
        now,
      ]);
    }
    await insertRows(
      q as unknown as DataSource,
      'customers',
      [
        'id',
        'first_name',
        'last_name',
        'email',
        'phone',
        'birthday_year',
        'birthday_month',
        'birthday_day',
        'birthday_md',
        'notes',
        'created_at',
        'updated_at',
      ],
      customers,
    );
    const orders: unknown[][] = [];
    const events: unknown[][] = [];
    for (let c = 1; c <= CUSTOMERS; c++) {
      for (let k = 0; k < ORDERS_PER_CUSTOMER; k++) {
        const placed = now - Math.floor(random() * 365) * 86_400_000;
        orders.push([
          `b-${c}-${k}`,
          c,
          placed,
          1_000 + Math.floor(random() * 50_000),
          'EUR',
          JSON.stringify([{ sku: `sku-${k}`, name: `Product ${k}`, quantity: 1 }]),
          placed,
        ]);
      }
      events.push([c, now - Math.floor(random() * 120) * 86_400_000, 'out', 'email', 'Thank-you email']);
    }
    await insertRows(
      q as unknown as DataSource,
      'orders',
      ['external_id', 'customer_id', 'placed_at', 'total_minor', 'currency', 'lines', 'created_at'],
      orders,
    );
    await insertRows(
      q as unknown as DataSource,
      'contact_events',
      ['customer_id', 'occurred_at', 'direction', 'kind', 'summary'],
      events,
    );
    const tasks: unknown[][] = [];
    for (let t = 0; t < TASKS; t++) {
      const due = addDays(today, Math.floor(random() * 61) - 30);
      tasks.push([
        1 + Math.floor(random() * CUSTOMERS),
        'call',
        `Check in #${t}`,
        'Top customer, quiet for 90 days',
        '',
        due,
        Math.floor(random() * 101),
        staffIds[t % STAFF],
        'open',
        now,
        now,
      ]);
    }
    await insertRows(
      q as unknown as DataSource,
      'tasks',
      [
        'customer_id',
        'kind',
        'title',
        'reason',
        'talking_points',
        'due_day',
        'priority',
        'assignee_id',
        'status',
        'created_at',
        'updated_at',
      ],
      tasks,
    );
  });
  if (ds.options.type === 'postgres')
    await ds.query(`SELECT setval(pg_get_serial_sequence('customers', 'id'), ${CUSTOMERS})`);
  // the steady state autovacuum reaches: statistics and the visibility map (index-only scans)
  await ds.query(ds.options.type === 'postgres' ? 'VACUUM ANALYZE' : 'ANALYZE');
  return tokens;
}

/** CPU time (user + system, ms) the engine process has used so far (Linux /proc; null elsewhere). */
function cpuMs(pid: number): number | null {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function run(name: string, settings: DatabaseSettings): Promise<void> {
  const today = localDate(new Date(), 'Europe/Berlin');
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const t0 = performance.now();
  const tokens = await fill(ds, today);
  const fillMs = performance.now() - t0;
  await ds.destroy();

  const engine = await spawnEngineProcess({
    name: `bench-${name}`,
    database: settings,
    roles: 'api',
    env: { LOG_LEVEL: 'error' },
    startTimeoutMs: 60_000,
  });
  try {
    const random = rng(7);
    const ask = async () => {
      const token = tokens[Math.floor(random() * tokens.length)];
      const started = performance.now();
      const res = await fetch(`${engine.url}/api/tasks/today`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { total: number; items: unknown[] };
      const ms = performance.now() - started;
      if (res.status !== 200) throw new Error(`daily list answered ${res.status}: ${JSON.stringify(body)}`);
      return { ms, total: body.total, items: body.items.length };
    };
    for (let i = 0; i < WARMUP; i++) await ask();
    const times: number[] = [];
    const cpuBefore = cpuMs(engine.pid);
    let due = 0;
    let items = 0;
    for (let i = 0; i < REQUESTS; i++) {
      const r = await ask();
      times.push(r.ms);
      due += r.total;
      items += r.items;
    }
    const cpuAfter = cpuMs(engine.pid);
    const cpu =
      cpuBefore != null && cpuAfter != null
        ? ` | engine CPU ${((cpuAfter - cpuBefore) / REQUESTS).toFixed(1)} ms per request`
        : '';
    times.sort((a, b) => a - b);
    console.log(
      `${name.padEnd(10)} fill ${(fillMs / 1000).toFixed(1)} s | ${REQUESTS} requests, ~${Math.round(due / REQUESTS)} due tasks per staff member, ${Math.round(items / REQUESTS)} items per answer | ` +
        `p50 ${pct(times, 50).toFixed(1)} ms  p95 ${pct(times, 95).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms  max ${times[times.length - 1].toFixed(1)} ms` +
        `  ${pct(times, 95) < 50 ? '(target p95 < 50 ms: met)' : '(target p95 < 50 ms: MISSED)'} ${cpu} | load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
    );
  } finally {
    await engine.stop('SIGTERM');
  }
}

async function main() {
  console.log(
    `Daily list bench: ${STAFF} staff, ${CUSTOMERS.toLocaleString('en')} customers, ${TASKS.toLocaleString('en')} open tasks; GET /api/tasks/today over HTTP`,
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-tasks-'));
  try {
    await run('sqlite', { type: 'sqlite', path: path.join(dir, 'bench.sqlite') });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const base = process.env.DATABASE_URL;
  if (!base) {
    console.log('postgres   skipped (set DATABASE_URL=postgres://… to include it)');
    return;
  }
  await scratchPostgres((url) => run('postgres', { type: 'postgres', url }), base);
}

if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
