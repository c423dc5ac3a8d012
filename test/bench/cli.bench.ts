/**
 * npm run bench:cli — how fast the `touchbase` command answers and how much memory an idle
 * engine holds (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory).
 *
 * Runs the BUILT program (`npm run build` first), as an owner runs it:
 *  - `touchbase --help`, `touchbase preview --help` and an argument error (`preview --days abc`),
 *    which are answered from the commands' syntax alone, the same `--help` through
 *    `npm run touchbase -- --help` (npm's own start-up on top), and `touchbase migrate` on an
 *    up-to-date SQLite file (the cheapest command that boots the application);
 *    BENCH_RUNS runs each (default 7): median and best wall time, median CPU (user+system) and
 *    peak RSS of the process, measured by GNU time (/usr/bin/time).
 *  - the engine as `npm run start:engine` starts it (the environment settings, node flags and file of
 *    that script in the measured checkout's package.json, e.g. `MALLOC_TRIM_THRESHOLD_=131072` and
 *    `--max-semi-space-size=2`; all roles, embedded SQLite, no SMTP
 *    or Twilio settings): started BENCH_ENGINE_RUNS times (default 3); once /health/live answers
 *    it is left idle for 5 s, then its resident memory (VmRSS) and peak (VmHWM) are read from
 *    /proc, and how much of it is V8's heap (from the process itself, see HEAP_REPORT).
 * The machine is shared: every figure is printed with the load average at the time.
 *
 *   npm run build && npm run bench:cli
 *   BENCH_ROOT=/path/to/other/checkout npm run bench:cli   # the same figures for another build
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { engineCommand } from './engine-command';

/** The checkout whose build is measured: this one, or BENCH_ROOT (e.g. a build of main, to compare). */
const ROOT = path.resolve(process.env.BENCH_ROOT ?? path.resolve(__dirname, '../..'));
const BIN = path.join(ROOT, 'bin/touchbase');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const ENGINE_RUNS = Number(process.env.BENCH_ENGINE_RUNS ?? 3);
const TIME = '/usr/bin/time';

/**
 * Preloaded into the engine: on SIGUSR2 writes V8's heap (committed and used), the off-heap
 * memory and how many modules are loaded to the file named by TB_HEAP_REPORT.
 */
const HEAP_REPORT = `const fs = require('node:fs');
process.on('SIGUSR2', () => {
  const m = process.memoryUsage();
  fs.writeFileSync(process.env.TB_HEAP_REPORT, JSON.stringify({ heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, modules: Object.keys(require.cache).length }));
});
`;

const load = () => `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function env(dir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    NODE_ENV: 'production',
    APP_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
    BUSINESS_TIMEZONE: 'Europe/Berlin',
    DEMO_DATA: 'false',
    SQLITE_PATH: path.join(dir, 'touchbase.sqlite'),
    OUTBOX_DIR: path.join(dir, 'outbox'),
    HOST: '127.0.0.1',
    LOG_FORMAT: 'json',
  };
}

interface Sample {
  wall: number;
  cpu: number;
  rssMb: number;
  code: number | null;
}

/** One run under GNU time: wall seconds, user+system CPU seconds, peak RSS. */
/** How the command is started: bin/touchbase, or through npm (`npm run touchbase -- …`, as docs/cli.md allows). */
const DIRECT = [BIN];
const VIA_NPM = ['npm', '--prefix', ROOT, 'run', '--silent', 'touchbase', '--'];

function timed(args: string[], dir: string, launch = DIRECT): Sample {
  const r = spawnSync(TIME, ['-f', 'TIME %e %U %S %M', ...launch, ...args], {
    cwd: dir,
    env: env(dir),
    encoding: 'utf8',
  });
  const m = /TIME ([\d.]+) ([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${TIME} for touchbase ${args.join(' ')}:\n${r.stderr}`);
  return { wall: +m[1], cpu: +m[2] + +m[3], rssMb: +m[4] / 1024, code: r.status };
}

function benchCommand(label: string, args: string[], dir: string, expectCode: number, launch = DIRECT): void {
  const samples = Array.from({ length: RUNS }, () => timed(args, dir, launch));
  const wrong = samples.find((s) => s.code !== expectCode);
  if (wrong) throw new Error(`touchbase ${args.join(' ')} exited ${wrong.code}, expected ${expectCode}`);
  const wall = samples.map((s) => s.wall);
  console.log(
    `  ${label.padEnd(30)} wall median ${median(wall).toFixed(2)} s (best ${Math.min(...wall).toFixed(2)}), ` +
      `CPU ${median(samples.map((s) => s.cpu)).toFixed(2)} s, peak RSS ${median(samples.map((s) => s.rssMb)).toFixed(0)} MB | ${load()}`,
  );
}

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

/** Starts the built engine, waits until it answers and then 5 s more, reads its memory. */
interface Idle {
  rss: number;
  hwm: number;
  startS: number;
  heap: { heapTotal: number; heapUsed: number; external: number; modules: number };
}

async function engineIdle(dir: string, engine: ReturnType<typeof engineCommand>): Promise<Idle> {
  const port = await freePort();
  const started = performance.now();
  const preload = path.join(dir, 'heap-report.js');
  const report = path.join(dir, 'heap-report.json');
  fs.writeFileSync(preload, HEAP_REPORT);
  fs.rmSync(report, { force: true });
  const child = spawn(
    process.execPath,
    [...engine.flags, '--require', preload, path.join(ROOT, engine.script)],
    {
      cwd: dir,
      env: { ...env(dir), ...engine.env, PORT: String(port), TB_HEAP_REPORT: report },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the engine exited ${child.exitCode}:\n${stderr}`);
      if (performance.now() - started > 120_000)
        throw new Error(`the engine did not answer in 120 s:\n${stderr}`);
      const ok = await fetch(`http://127.0.0.1:${port}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(100);
    }
    const startS = (performance.now() - started) / 1000;
    await sleep(5_000);
    const memory = memoryOf(child.pid!);
    child.kill('SIGUSR2');
    for (let i = 0; i < 50 && !fs.existsSync(report); i++) await sleep(100);
    return { ...memory, startS, heap: JSON.parse(fs.readFileSync(report, 'utf8')) as Idle['heap'] };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main(): Promise<void> {
  const engine = engineCommand(ROOT);
  for (const f of [BIN, path.join(ROOT, engine.script), path.join(ROOT, 'dist/apps/cli/src/main.js')])
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
  if (!fs.existsSync(TIME)) throw new Error(`${TIME} (GNU time) is needed: apt-get install -y time`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-cli-'));
  try {
    console.log(`touchbase CLI, ${RUNS} runs each (built program; target: --help ≤ 0.3 s wall)`);
    console.log(
      `  bare node (node -e 0)          wall ${median(
        Array.from({ length: RUNS }, () => {
          const t = performance.now();
          spawnSync(process.execPath, ['-e', '0']);
          return (performance.now() - t) / 1000;
        }),
      ).toFixed(2)} s | ${load()}`,
    );
    const bareRss = median(
      Array.from({ length: 3 }, () => {
        const r = spawnSync(TIME, ['-f', 'TIME %M', process.execPath, '-e', '0'], { encoding: 'utf8' });
        return Number(/TIME (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
      }),
    );
    benchCommand('touchbase --help', ['--help'], dir, 0);
    benchCommand('touchbase preview --help', ['preview', '--help'], dir, 0);
    benchCommand('touchbase preview --days abc', ['preview', '--days', 'abc'], dir, 2);
    // npm's own start-up comes on top (0.15 s CPU here): what `npm run touchbase -- --help` costs
    benchCommand('npm run touchbase -- --help', ['--help'], dir, 0, VIA_NPM);
    if (timed(['migrate'], dir).code !== 0) throw new Error('touchbase migrate failed');
    benchCommand('touchbase migrate (up to date)', ['migrate'], dir, 0);

    console.log(
      `engine idle memory, ${ENGINE_RUNS} starts: ` +
        `${[...Object.entries(engine.env).map(([k, v]) => `${k}=${v}`), 'node', ...engine.flags, engine.script].join(' ')} ` +
        `(all roles, SQLite, no SMTP/Twilio; target ≤ 90 MB)`,
    );
    const runs: Idle[] = [];
    for (let i = 0; i < ENGINE_RUNS; i++) runs.push(await engineIdle(dir, engine));
    const mb = (f: (r: Idle) => number) => median(runs.map(f)).toFixed(0);
    console.log(
      `  RSS after 5 s idle: median ${mb((r) => r.rss)} MB ` +
        `(runs: ${runs.map((r) => r.rss.toFixed(0)).join(', ')}), peak (VmHWM) ${mb((r) => r.hwm)} MB, ` +
        `up in ${median(runs.map((r) => r.startS)).toFixed(1)} s | ${load()}`,
    );
    console.log(
      `  of which V8 heap ${mb((r) => r.heap.heapTotal / 2 ** 20)} MB committed (${mb((r) => r.heap.heapUsed / 2 ** 20)} MB used), ` +
        `off-heap buffers ${mb((r) => r.heap.external / 2 ** 20)} MB, ${mb((r) => r.heap.modules)} modules loaded; ` +
        `the rest is node's own code and native memory (bare \`node -e 0\`: ${bareRss.toFixed(0)} MB RSS)`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
