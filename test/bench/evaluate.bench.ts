/**
 * npm run bench:evaluate — time and peak memory of one full scheduler tick of all four rule
 * kinds over a deterministic store of BENCH_CUSTOMERS customers (default 1,000,000) and 5× as
 * many orders. SQLite by default (a file under the temp dir, reused when it exists), PostgreSQL
 * when DATABASE_URL is set. Generation runs in this process. A first child process measures the
 * spend ranking and each rule kind's raw-SQL bound (evaluate-bounds.ts); a second, fresh one runs
 * the tick, so the tick's peak memory is its own (not what the bounds' statements left resident),
 * and prints each kind's time beside the bound the first measured on the same store. BENCH_WARM=1
 * then runs the tick and the bounds once more in their processes (a running engine's later ticks)
 * and prints the kinds' figures again.
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
import {
  advanceSpendWindow,
  createDataSource,
  DatabaseSettings,
  PlatformModule,
  rebuildSpend,
} from '@touchbase/store';
import { type RuleRun, RulesModule, RulesService, TickService, topSpenders } from '@touchbase/rules';
import { InsightsModule } from '@touchbase/insights';
import { compileForBench } from './compiled';
import { engineCommand } from './engine-command';
import { measureBounds } from './evaluate-bounds';
import { generate, seedStaff } from './evaluate-store';
import { MessagingModule } from '@touchbase/messaging';
import { StaffModule } from '@touchbase/staff';

const N = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
/** BENCH_WARM=1: the tick and the bounds once more in their processes, the kinds' figures printed again. */
const WARM = process.env.BENCH_WARM === '1';
/**
 * The engine's ports: production's by default (the template composers, the template catalog, the
 * staff assigner over the seeded people); BENCH_PORTS=stub: the stubs below (canned messages, no
 * task templates, the account owner), as every tick figure before 28 Nov 2026 was measured.
 */
const STUB_PORTS = process.env.BENCH_PORTS === 'stub';
/** BENCH_PORT_CPU=1: prints the ports' CPU inside the tick (costs the tick the measuring). */
const PORT_CPU = process.env.BENCH_PORT_CPU === '1';
const TIMED_PORTS = [
  [TaskComposer, 'compose'],
  [MessageComposer, 'compose'],
  [TaskAssigner, 'assigneeFor'],
  [TaskAssigner, 'assigneesFor'],
] as const;
const ORDERS = N * 5;
const NOW = new Date('2026-06-15T07:05:00Z');
const DAY = 86_400_000;
const database: DatabaseSettings = process.env.DATABASE_URL
  ? { type: 'postgres', url: process.env.DATABASE_URL }
  : {
      type: 'sqlite',
      path: process.env.BENCH_SQLITE_PATH ?? path.join(os.tmpdir(), `touchbase-bench-${N}.sqlite`),
    };

/** Puts the store back to "nothing evaluated yet" so every measurement does the same work. */
async function resetLedger(ds: DataSource, opts: { keepRules?: boolean } = {}): Promise<void> {
  for (const table of ['outbox_messages', 'tasks', 'touches', ...(opts.keepRules ? [] : ['rules'])])
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
      ...(STUB_PORTS ? [BenchPortsModule] : [MessagingModule, StaffModule]),
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
    const runner = ds.createQueryRunner();
    const qr = (ds.options.type === 'postgres' ? Object.getPrototypeOf(runner) : runner) as {
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
  // BENCH_PORT_CPU=1: the ports' share of the tick, this process's CPU inside each call (the tick
  // runs one rule at a time). Off by default, so the tick's own figures do not include it: two
  // getrusage calls and an async wrapper per port call (~40,000 calls in the 1M tick).
  const portCpu = new Map<string, { ms: number; n: number }>();
  for (const [port, method] of PORT_CPU ? TIMED_PORTS : []) {
    const target = app.get<object>(port) as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const original = target[method];
    const label = `${port.name}.${method}`;
    target[method] = async function (this: unknown, ...a: unknown[]) {
      const t0 = process.cpuUsage();
      try {
        return await original.apply(this, a);
      } finally {
        const d = process.cpuUsage(t0);
        const e = portCpu.get(label) ?? { ms: 0, n: 0 };
        portCpu.set(label, { ms: e.ms + (d.user + d.system) / 1000, n: e.n + 1 });
      }
    };
  }
  const loaded = await app.get(RulesService).loadYamlFile(path.resolve('config/rules/example.yaml'));
  portCpu.clear();
  const measured = JSON.parse(process.env.BENCH_BOUNDS ?? '{}') as Bounds;
  const ranking = measured.ranking ?? '(not measured)';
  sqlTime.clear();
  const before = process.memoryUsage();
  let peak = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak = Math.max(peak, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 20);
  const serverBefore = await serverCpu(ds);
  const started = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const report = await app.get(TickService).tick(NOW);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = await serverCpu(ds);
  let server = 0;
  for (const [pid, s] of serverAfter ?? []) server += s - (serverBefore?.get(pid) ?? 0);
  const load = os.loadavg()[0];
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(
    `\nOne tick of ${loaded.created.length} rules (all four kinds) as of ${NOW.toISOString()} on ${database.type}, ${N.toLocaleString('en')} customers / ${ORDERS.toLocaleString('en')} orders, ${STUB_PORTS ? 'stub ports (BENCH_PORTS=stub: canned messages, no task templates, the account owner)' : "production's ports (template messages and task texts, the staff assigner over 11 people)"}:`,
  );
  for (const r of report.rules)
    console.log(
      `  ${r.kind.padEnd(22)} ${r.ruleName}: ${JSON.stringify(r.counts)} in ${(r.durationMs / 1000).toFixed(2)} s`,
    );
  console.log(`  touches written: ${report.touchCount.toLocaleString('en')}`);
  console.log(
    `  time: ${seconds.toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (user+system) on ${os.cpus().length} cores with load average ${load.toFixed(1)}   (target ≤ 4 s)`,
  );
  if (serverAfter)
    console.log(`  PostgreSQL: ${server.toFixed(2)} s CPU in this tick's server processes (its connections)`);
  console.log(
    `  peak RSS during the tick: ${(peak / 2 ** 20).toFixed(0)} MB; process max RSS: ${(maxRss / 2 ** 20).toFixed(0)} MB   (target ≤ 300 MB)`,
  );
  const mb = (n: number) => `${(n / 2 ** 20).toFixed(0)} MB`;
  console.log(
    `  before the tick (booted): RSS ${mb(before.rss)}, JS heap used ${mb(before.heapUsed)}; peak JS heap used during it ${mb(peakHeap)}`,
  );
  console.log(`  spend ranking (top 5 %): ${ranking}`);
  console.log(
    "  per rule kind, the engine beside the raw-SQL bound (same rows written: evaluate-bounds.ts); wall, then this process's CPU" +
      (database.type === 'sqlite'
        ? " (SQLite runs in it: the figure the machine's load disturbs least)"
        : " (the server's is not in it)"),
  );
  printKinds(report.rules, measured.bounds ?? {});
  if (PORT_CPU)
    console.log(
      `  the ports' CPU in the tick (nested calls counted in both): ${[...portCpu].map(([k, v]) => `${k} ${v.ms.toFixed(0)} ms ×${v.n}`).join(', ')}`,
    );
  if (sqlTime.size) {
    const count = (f: (k: string) => boolean) => [...sqlTime].reduce((n, [k, v]) => n + (f(k) ? v.n : 0), 0);
    console.log(
      `  sql statements through TypeORM in the tick: ${count(() => true)} (transactions begun: ${count((k) => /^(START|BEGIN)/.test(k))}, plain-plan SETs: ${count((k) => k.startsWith('SET LOCAL max_parallel'))}); SQLite's prepared bulk rows are not counted`,
    );
  }
  for (const [k, v] of [...sqlTime.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16))
    console.log(`  sql ${v.ms.toFixed(0).padStart(6)} ms ×${v.n}  ${k}`);
  if (WARM) {
    // the same tick again in this process (docs/benchmarks.md#the-small-kinds-first-tick-and-warm-ticks-issue-17): a running engine's every tick after its first
    await resetLedger(ds, { keepRules: true });
    const again = await app.get(TickService).tick(NOW);
    console.log(
      `  warm: the same tick again in this process (${again.touchCount.toLocaleString('en')} touches, load average ${os.loadavg()[0].toFixed(1)}), beside each bound's second run in its process`,
    );
    printKinds(again.rules, measured.warmBounds ?? {});
  }
  await app.close();
}

/** Each kind's engine time (the sum over its rules) beside its bound, wall and CPU, and the ratios. */
function printKinds(rules: RuleRun[], bounds: Record<string, Bound>): void {
  const engine = new Map<string, { ms: number; cpuMs: number }>();
  for (const r of rules) {
    const e = engine.get(r.kind) ?? { ms: 0, cpuMs: 0 };
    engine.set(r.kind, { ms: e.ms + r.durationMs, cpuMs: e.cpuMs + (r.cpuMs ?? 0) });
  }
  const ratio = (a: number, b: number) => `${(a / Math.max(b, 1)).toFixed(1)}×`;
  for (const [kind, bound] of Object.entries(bounds)) {
    const e = engine.get(kind) ?? { ms: 0, cpuMs: 0 };
    console.log(
      `    ${kind.padEnd(22)} engine ${e.ms.toFixed(0).padStart(6)} ms   bound ${bound.ms.toFixed(0).padStart(6)} ms   ratio ${ratio(e.ms, bound.ms).padStart(6)}` +
        `   | CPU engine ${e.cpuMs.toFixed(0).padStart(6)} ms   bound ${bound.cpuMs.toFixed(0).padStart(6)} ms   ratio ${ratio(e.cpuMs, bound.cpuMs).padStart(6)}`,
    );
    console.log(`      the bound wrote ${bound.written}`);
  }
}

type Bound = { ms: number; cpuMs: number; written: string };
interface Bounds {
  ranking: string;
  bounds: Record<string, Bound>;
  /** BENCH_WARM=1: each bound's second run in the same process. */
  warmBounds?: Record<string, Bound>;
}
const BOUNDS_LINE = 'BENCH_BOUNDS ';

/**
 * The first child: the spend ranking and the raw-SQL bounds, on a plain data source, printed as
 * one line for the parent to hand to the tick's process.
 */
async function measureBoundsPhase(): Promise<void> {
  const ds = createDataSource(database);
  await ds.initialize();
  try {
    await resetLedger(ds); // the bounds' anti-joins then see the ledger the tick will see: empty
    const ranking = await rankingTimes(ds);
    const bounds = Object.fromEntries(await measureBounds(ds, NOW));
    const warmBounds = WARM ? Object.fromEntries(await measureBounds(ds, NOW)) : undefined;
    process.stdout.write(
      `${BOUNDS_LINE}${JSON.stringify({ ranking, bounds, warmBounds } satisfies Bounds)}\n`,
    );
  } finally {
    await ds.destroy();
  }
}

/**
 * PostgreSQL: CPU seconds so far of each server process serving this database (the bench's own
 * connections: the database is the bench's), from /proc — the server's share of a tick, which
 * the engine's CPU does not include and the wall time mixes with the machine's load. Null on
 * SQLite (the engine's CPU includes the database) or without /proc.
 */
async function serverCpu(ds: DataSource): Promise<Map<number, number> | null> {
  if (ds.options.type !== 'postgres') return null;
  const pids = (await ds.query(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  )) as Array<{ pid: number }>;
  const out = new Map<number, number>();
  for (const { pid } of pids) {
    try {
      // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) / 100);
    } catch {
      return null;
    }
  }
  return out;
}

/** The top 5 % by 12-month spend, from the rollup and (another window length) from the orders. */
async function rankingTimes(ds: DataSource): Promise<string> {
  const until = NOW.getTime();
  const time = async (windowDays: number) => {
    const t0 = process.hrtime.bigint();
    const top = await topSpenders(ds, {
      currency: 'EUR',
      since: until - windowDays * DAY,
      until,
      windowDays,
      topN: null,
      topPercent: 5,
    });
    return `${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0)} ms (${top.length.toLocaleString('en')})`;
  };
  return `rollup ${await time(365)}; summing the orders (364 days) ${await time(364)}`;
}

/** Builds the rollup as of a day earlier, then times the daily step that moves it to NOW. */
async function prepareSpend(ds: DataSource): Promise<void> {
  const t0 = process.hrtime.bigint();
  await rebuildSpend(ds, new Date(NOW.getTime() - DAY));
  const t1 = process.hrtime.bigint();
  const step = await advanceSpendWindow(ds, NOW);
  const t2 = process.hrtime.bigint();
  console.log(
    `Spend rollup: rebuilt in ${(Number(t1 - t0) / 1e9).toFixed(2)} s; the daily step (${step.applied} one day) in ${(Number(t2 - t1) / 1e6).toFixed(0)} ms`,
  );
}

async function main(): Promise<void> {
  if (process.env.BENCH_PHASE === 'measure') return measure();
  if (process.env.BENCH_PHASE === 'bounds') return measureBoundsPhase();
  const ds = createDataSource(database);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  console.log(`Store: ${database.type === 'sqlite' ? database.path : 'PostgreSQL (DATABASE_URL)'}`);
  await generate(ds, N, NOW);
  await seedStaff(ds, NOW);
  await prepareSpend(ds);
  await ds.destroy();
  const node = [process.execPath, ['-r', '@swc-node/register', __filename]] as const;
  const first = spawnSync(...node, {
    stdio: ['inherit', 'pipe', 'inherit'],
    encoding: 'utf8',
    env: { ...process.env, BENCH_PHASE: 'bounds' },
  });
  const line = first.stdout.split('\n').find((l) => l.startsWith(BOUNDS_LINE));
  if (first.status !== 0 || !line) {
    process.stdout.write(first.stdout);
    process.exitCode = first.status || 1;
    return;
  }
  // the tick's process runs compiled JavaScript, as the engine does (compiled.ts); BENCH_TRANSPILE=1: under the register hook
  const args =
    process.env.BENCH_TRANSPILE === '1'
      ? node[1]
      : [compileForBench(path.resolve(__dirname, '../..'), __filename)];
  // with the engine's node flags and environment settings (`npm run start:engine`'s), as it ticks
  // in production; BENCH_ENGINE_FLAGS=0: bare node
  const engine =
    process.env.BENCH_ENGINE_FLAGS === '0'
      ? { env: {}, flags: [] }
      : engineCommand(path.resolve(__dirname, '../..'));
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const settings = Object.entries(engine.env).map(([k, v]) => `${k}=${v} `);
  console.log(`The tick's process: ${settings.join('')}node ${[...engine.flags, ...prof].join(' ')}`);
  const child = spawnSync(process.execPath, [...engine.flags, ...prof, ...args], {
    stdio: 'inherit',
    env: {
      ...process.env,
      ...engine.env,
      BENCH_PHASE: 'measure',
      BENCH_BOUNDS: line.slice(BOUNDS_LINE.length),
    },
  });
  process.exitCode = child.status ?? 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
