/**
 * npm run bench:evaluate — time and peak memory of one full scheduler tick of all four rule
 * kinds over a deterministic store of BENCH_CUSTOMERS customers (default 1,000,000) and 5× as
 * many orders. SQLite by default (a file under the temp dir, reused when it exists), PostgreSQL
 * when DATABASE_URL is set. Generation runs in this process; the tick is measured in a fresh
 * child process so its peak memory is the tick's own.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Global, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import {
  ComposedMessage,
  FixedClock,
  MessageComposer,
  TaskAssigner,
  TaskComposer,
  TemplateCatalog,
  type TemplateId,
  TouchContext,
} from '@touchbase/core';
import { loadConfig } from '@touchbase/config';
import { createDataSource, DatabaseSettings, PlatformModule } from '@touchbase/store';
import { RulesModule, RulesService, TickService } from '@touchbase/rules';
import { InsightsModule } from '@touchbase/insights';

const N = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const ORDERS = N * 5;
const NOW = new Date('2026-06-15T07:05:00Z');
const DAY = 86_400_000;
const database: DatabaseSettings = process.env.DATABASE_URL
  ? { type: 'postgres', url: process.env.DATABASE_URL }
  : {
      type: 'sqlite',
      path: process.env.BENCH_SQLITE_PATH ?? path.join(os.tmpdir(), `touchbase-bench-${N}.sqlite`),
    };

/** mulberry32: the same store on every machine. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  'Europe/Berlin',
  'Europe/Warsaw',
  'Europe/London',
  'America/New_York',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Tokyo',
  null,
];

async function bulk(
  ds: DataSource,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
): Promise<void> {
  const started = process.hrtime.bigint();
  if (ds.options.type === 'postgres') {
    const per = Math.floor(60_000 / columns.length);
    for (let i = 0; i < count;) {
      await ds.transaction(async (tx) => {
        for (let chunkEnd = Math.min(count, i + 100_000); i < chunkEnd;) {
          const params: unknown[] = [];
          const values: string[] = [];
          for (const end = Math.min(chunkEnd, i + per); i < end; i++) {
            values.push(`(${columns.map((_, c) => `$${params.length + c + 1}`).join(',')})`);
            params.push(...row(i));
          }
          await tx.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`, params);
        }
      });
    }
  } else {
    const sqlite = (ds.driver as unknown as { databaseConnection: import('better-sqlite3').Database })
      .databaseConnection;
    const stmt = sqlite.prepare(
      `INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`,
    );
    const insertMany = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) stmt.run(...(row(i) as unknown[]));
    });
    for (let i = 0; i < count; i += 200_000) insertMany(i, Math.min(count, i + 200_000));
  }
  console.log(
    `  ${table}: ${count.toLocaleString('en')} rows in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`,
  );
}

async function generate(ds: DataSource): Promise<void> {
  const marker = await ds.query("SELECT value FROM engine_state WHERE key = 'bench.generated'");
  if (marker.length && marker[0].value === String(N)) {
    console.log(`Reusing the generated store (${N.toLocaleString('en')} customers).`);
    return;
  }
  console.log(`Generating ${N.toLocaleString('en')} customers and ${ORDERS.toLocaleString('en')} orders …`);
  const r = rng(42);
  const now = NOW.getTime();
  const t = (b: boolean) => (ds.options.type === 'postgres' ? b : b ? 1 : 0);
  await bulk(
    ds,
    'customers',
    [
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
      'preferred_channels',
      'email_consent',
      'sms_consent',
      'tags',
      'created_at',
      'updated_at',
    ],
    N,
    (i) => {
      const hasBirthday = r() < 0.8;
      const doy = Math.floor(r() * 366);
      const d = new Date(Date.UTC(2000, 0, 1) + doy * DAY);
      const m = d.getUTCMonth() + 1;
      const day = d.getUTCDate();
      return [
        `c${i + 1}`,
        `First${i + 1}`,
        `Last${i % 997}`,
        `c${i + 1}@example.test`,
        `+4915${String(100000000 + i)}`,
        hasBirthday && r() < 0.7 ? 1950 + Math.floor(r() * 55) : null,
        hasBirthday ? m : null,
        hasBirthday ? day : null,
        hasBirthday ? `${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null,
        ZONES[i % ZONES.length],
        ['en', 'de', 'pl'][i % 3],
        i % 4 === 0 ? 'sms,email' : 'email,sms',
        t(r() < 0.7),
        t(r() < 0.4),
        i % 50 === 0 ? ',vip,' : '',
        now - 1000 * DAY,
        now - 1000 * DAY,
      ];
    },
  );
  await bulk(
    ds,
    'orders',
    ['external_id', 'customer_id', 'placed_at', 'total_minor', 'currency', 'lines', 'created_at'],
    ORDERS,
    (i) => {
      const placed = now - Math.floor(r() * 3 * 365 * DAY);
      const total = Math.floor(500 + 30_000 * Math.pow(r(), 3) + (r() < 0.01 ? 150_000 : 0));
      return [`o${i + 1}`, 1 + Math.floor(r() * N), placed, total, r() < 0.9 ? 'EUR' : 'USD', '[]', placed];
    },
  );
  const products = Math.max(10, Math.floor(N / 1000));
  await bulk(ds, 'products', ['sku', 'name', 'stock', 'created_at', 'updated_at'], products, (i) => [
    `sku-${i + 1}`,
    `Product ${i + 1}`,
    0,
    now - 100 * DAY,
    now - 100 * DAY,
  ]);
  await bulk(
    ds,
    'waitlist_entries',
    ['customer_id', 'product_id', 'joined_at', 'status'],
    products * 20,
    (i) => [1 + ((i * 7919) % N), 1 + Math.floor(i / 20), now - (i % 20) * DAY - i, 'waiting'],
  );
  await bulk(
    ds,
    'restock_events',
    ['product_id', 'previous_stock', 'new_stock', 'source', 'occurred_at'],
    Math.floor(products / 20),
    (i) => [1 + i * 20, 0, 5, 'api', now - 3_600_000],
  );
  await bulk(
    ds,
    'contact_events',
    ['customer_id', 'occurred_at', 'direction', 'kind', 'summary'],
    Math.floor(N / 5),
    (_i) => [1 + Math.floor(r() * N), now - Math.floor(r() * 365 * DAY), 'out', 'email', ''],
  );
  await ds.query(
    `INSERT INTO engine_state (key, value, updated_at) VALUES ('bench.generated', '${N}', ${now})`,
  );
  if (ds.options.type === 'postgres') await ds.query('ANALYZE');
  else await ds.query('ANALYZE');
}

/** Puts the store back to "nothing evaluated yet" so every measurement does the same work. */
async function resetLedger(ds: DataSource): Promise<void> {
  for (const table of ['outbox_messages', 'tasks', 'touches', 'rules'])
    await ds.query(`DELETE FROM ${table}`);
  await ds.query("DELETE FROM engine_state WHERE key LIKE 'scheduler.%'");
  await ds.query('UPDATE restock_events SET processed_at = NULL');
  await ds.query(
    "UPDATE waitlist_entries SET status = 'waiting', notified_restock_id = NULL WHERE status <> 'waiting'",
  );
}

class BenchComposer extends MessageComposer {
  async compose(templateKey: string, channel: 'email' | 'sms', ctx: TouchContext): Promise<ComposedMessage> {
    const text = `Hello ${ctx.customer.firstName}, ${templateKey}`;
    return {
      recipient: (channel === 'email' ? ctx.customer.email : ctx.customer.phone) ?? '',
      locale: ctx.customer.locale ?? 'en',
      subject: text,
      html: `<p>${text}</p>`,
      text,
    };
  }
}
/** No task templates: the kinds' built-in task texts (as before task templates existed). */
class BenchTaskComposer extends TaskComposer {
  async compose(): Promise<null> {
    return null;
  }
}
/** The rules' template references only ask which templates exist: the shipped ones, every channel. */
class BenchTemplateCatalog extends TemplateCatalog {
  async ids(): Promise<TemplateId[]> {
    const keys = fs
      .readdirSync(path.resolve('config/templates'))
      .filter((f) => f.endsWith('.yml') && !f.startsWith('_'))
      .map((f) => f.slice(0, -4));
    return keys.flatMap((key) =>
      (['email', 'sms', 'task'] as const).map((channel) => ({ key, channel, locale: 'en' })),
    );
  }
  async remove(): Promise<number> {
    return 0;
  }
  async rename(): Promise<number> {
    return 0;
  }
}
class BenchAssigner extends TaskAssigner {
  async assigneeFor(c: { accountOwnerId: number | null }): Promise<number | null> {
    return c.accountOwnerId;
  }
}
@Global()
@Module({
  providers: [
    { provide: MessageComposer, useClass: BenchComposer },
    { provide: TaskAssigner, useClass: BenchAssigner },
    { provide: TaskComposer, useClass: BenchTaskComposer },
    { provide: TemplateCatalog, useClass: BenchTemplateCatalog },
  ],
  exports: [MessageComposer, TaskAssigner, TaskComposer, TemplateCatalog],
})
class BenchPortsModule {}

async function measure(): Promise<void> {
  const base = loadConfig(
    {
      ...process.env,
      NODE_ENV: 'production',
      APP_SECRET: 'bench-secret-0123456789abcdef0123456789',
      ENGINE_ROLES: 'api',
      DEMO_DATA: 'false',
    },
    { dotenvPath: false },
  );
  const config = { ...base, database };
  @Module({
    // InsightsModule: the example rules include its satisfaction survey kind (disabled there)
    imports: [
      PlatformModule.forRoot(config, new FixedClock(NOW)),
      BenchPortsModule,
      RulesModule,
      InsightsModule,
    ],
  })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error'] });
  const ds = app.get(DataSource);
  await resetLedger(ds);
  const sqlTime = new Map<string, { ms: number; n: number }>();
  if (process.env.BENCH_PROFILE_SQL) {
    // time every statement by its first words (on the query runners' shared prototype: SQLite has
    // one runner, PostgreSQL one per connection)
    const qr = Object.getPrototypeOf(ds.createQueryRunner()) as {
      query: (...a: unknown[]) => Promise<unknown>;
    };
    const original = qr.query;
    qr.query = async function (this: unknown, ...a: unknown[]) {
      const t0 = process.hrtime.bigint();
      try {
        return await original.apply(this, a);
      } finally {
        const key = String(a[0]).replace(/\s+/g, ' ').slice(0, 110);
        const e = sqlTime.get(key) ?? { ms: 0, n: 0 };
        e.ms += Number(process.hrtime.bigint() - t0) / 1e6;
        e.n++;
        sqlTime.set(key, e);
      }
    };
  }
  const loaded = await app.get(RulesService).loadYamlFile(path.resolve('config/rules/example.yaml'));
  sqlTime.clear();
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const report = await app.get(TickService).tick(NOW);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const load = os.loadavg()[0];
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    `\nOne tick of ${loaded.created.length} rules (all four kinds) as of ${NOW.toISOString()} on ${database.type}, ${N.toLocaleString('en')} customers / ${ORDERS.toLocaleString('en')} orders:`,
  );
  for (const r of report.rules)
    console.log(
      `  ${r.kind.padEnd(22)} ${r.ruleName}: ${JSON.stringify(r.counts)} in ${(r.durationMs / 1000).toFixed(2)} s`,
    );
  console.log(`  touches written: ${report.touchCount.toLocaleString('en')}`);
  console.log(
    `  time: ${seconds.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (user+system) on ${os.cpus().length} cores with load average ${load.toFixed(1)}   (target < 10 s)`,
  );
  console.log(
    `  peak RSS during the tick: ${(peak / 2 ** 20).toFixed(0)} MB; process max RSS: ${(maxRss / 2 ** 20).toFixed(0)} MB   (target < 400 MB)`,
  );
  for (const [k, v] of [...sqlTime.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16))
    console.log(`  sql ${v.ms.toFixed(0).padStart(6)} ms ×${v.n}  ${k}`);
  await app.close();
}

async function main(): Promise<void> {
  if (process.env.BENCH_PHASE === 'measure') return measure();
  const ds = createDataSource(database);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  console.log(`Store: ${database.type === 'sqlite' ? database.path : 'PostgreSQL (DATABASE_URL)'}`);
  await generate(ds);
  await ds.destroy();
  const child = spawnSync(process.execPath, ['-r', '@swc-node/register', __filename], {
    stdio: 'inherit',
    env: { ...process.env, BENCH_PHASE: 'measure' },
  });
  process.exitCode = child.status ?? 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
