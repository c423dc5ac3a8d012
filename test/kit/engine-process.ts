import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseSettings } from '@touchbase/store';

const ROOT = path.resolve(__dirname, '../..');
const MAIN = path.join(ROOT, 'apps/engine/src/main.ts');
const CLI = path.join(ROOT, 'apps/cli/src/main.ts');
const REGISTER = require.resolve('@swc-node/register', { paths: [ROOT] });

export interface EngineProcessOptions {
  /** A label for logs and failure messages, e.g. "engine-2". */
  name?: string;
  database: DatabaseSettings;
  /** api,scheduler,dispatcher (default all three). Without api there is no HTTP port. */
  roles?: string;
  /** Extra environment: SMTP_*, TWILIO_*, DISPATCH_*, SCHEDULER_CRON, … */
  env?: Record<string, string>;
  /** How long to wait for the engine to come up (default 30 s). */
  startTimeoutMs?: number;
  /** A built engine to run instead of the TypeScript sources, e.g. a bundle (scripts/bundle-engine.js). */
  script?: string;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EngineProcess {
  name: string;
  pid: number;
  /** http://127.0.0.1:<port>, or null when the api role is off. */
  url: string | null;
  /** Everything the process wrote to stdout and stderr so far. */
  logs(): string;
  /** The log lines that are JSON objects (LOG_FORMAT=json). */
  jsonLogs(): Array<Record<string, unknown>>;
  exited(): ExitStatus | null;
  /** Resolves when the process has exited. */
  waitForExit(timeoutMs?: number): Promise<ExitStatus>;
  /** SIGTERM (graceful) or SIGKILL (crash), then wait for the exit. */
  stop(signal?: 'SIGTERM' | 'SIGKILL', timeoutMs?: number): Promise<ExitStatus>;
}

/**
 * A real engine process: `node -r @swc-node/register apps/engine/src/main.ts`, with only the
 * environment given here (nothing inherited but PATH/HOME), JSON logs, its own outbox
 * directory, in a scratch working directory (so no .env or var/ of the repo leaks in).
 * Resolves once GET /health/live answers (or, without the api role, once it logs that it runs).
 * The database must already be migrated when several processes start at once.
 */
export async function spawnEngineProcess(opts: EngineProcessOptions): Promise<EngineProcess> {
  const name = opts.name ?? 'engine';
  const roles = opts.roles ?? 'api,scheduler,dispatcher';
  const hasApi = roles
    .split(',')
    .map((r) => r.trim())
    .includes('api');
  const port = hasApi ? await freePort() : 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tb-${name}-`));
  if (!hasApi && opts.env?.LOG_LEVEL && ['warn', 'error'].includes(opts.env.LOG_LEVEL))
    throw new Error(
      'spawnEngineProcess: without the api role, start-up is seen in the log; keep LOG_LEVEL at log or lower',
    );
  const env: Record<string, string> = {
    ...baseEnv(dir, opts.database),
    ENGINE_ROLES: roles,
    ...(hasApi ? { PORT: String(port) } : {}),
    ...(opts.env ?? {}),
  };
  const child = spawn(process.execPath, opts.script ? [opts.script] : ['-r', REGISTER, MAIN], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout!.setEncoding('utf8').on('data', (d: string) => chunks.push(d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => chunks.push(d));
  let status: ExitStatus | null = null;
  const exit = new Promise<ExitStatus>((resolve) =>
    child.once('exit', (code, signal) => {
      status = { code, signal };
      resolve(status);
    }),
  );
  const url = hasApi ? `http://127.0.0.1:${port}` : null;
  const proc: EngineProcess = {
    name,
    pid: child.pid!,
    url,
    logs: () => chunks.join(''),
    jsonLogs: () => parseJsonLines(chunks.join('')),
    exited: () => status,
    waitForExit: (timeoutMs = 30_000) =>
      withTimeout(exit, timeoutMs, `${name} did not exit within ${timeoutMs} ms`),
    async stop(signal = 'SIGTERM', timeoutMs = 30_000) {
      if (!status) child.kill(signal);
      return proc.waitForExit(timeoutMs);
    },
  };
  try {
    await waitUntilUp(proc, opts.startTimeoutMs ?? 30_000);
  } catch (e) {
    if (!status) child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- ${name} logs ---\n${proc.logs().slice(-4000)}`);
  }
  return proc;
}

/** The environment every spawned process starts from: nothing inherited but PATH and HOME. */
function baseEnv(dir: string, database: DatabaseSettings): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? dir,
    TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
    NODE_ENV: 'test',
    APP_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
    BUSINESS_TIMEZONE: 'Europe/Berlin',
    DEMO_DATA: 'false',
    PASSWORD_HASH_COST: '10',
    LOG_FORMAT: 'json',
    OUTBOX_DIR: path.join(dir, 'outbox'),
    HOST: '127.0.0.1',
    ...(database.type === 'postgres' ? { DATABASE_URL: database.url } : { SQLITE_PATH: database.path }),
  };
}

/**
 * Runs the `touchbase` CLI from source (e.g. ['run']) against the database, in a scratch
 * directory like the engines; resolves with its exit code and output (bounded by timeoutMs).
 */
export async function runTouchbaseCli(
  args: string[],
  opts: { database: DatabaseSettings; env?: Record<string, string>; timeoutMs?: number; stdin?: string },
): Promise<{
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  stdout: string;
  stderr: string;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-'));
  const child = spawn(process.execPath, ['-r', REGISTER, CLI, ...args], {
    cwd: dir,
    env: { ...baseEnv(dir, opts.database), ...(opts.env ?? {}) },
    stdio: [opts.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (opts.stdin !== undefined) child.stdin!.end(opts.stdin);
  let output = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => ((output += d), (stdout += d)));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => ((output += d), (stderr += d)));
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code, signal] = (await new Promise((resolve) => child.once('exit', (c, s) => resolve([c, s])))) as [
    number | null,
    NodeJS.Signals | null,
  ];
  clearTimeout(timer);
  return { code, signal, output, stdout, stderr };
}

/** Stops every engine still running (SIGKILL), e.g. in afterAll after a failed test. */
export async function killEngineProcesses(engines: Array<EngineProcess | undefined>): Promise<void> {
  await Promise.all(
    engines.map((e) => (e && !e.exited() ? e.stop('SIGKILL', 10_000).catch(() => undefined) : undefined)),
  );
}

async function waitUntilUp(proc: EngineProcess, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const st = proc.exited();
    if (st) throw new Error(`${proc.name} exited during start-up (code ${st.code}, signal ${st.signal})`);
    if (proc.url) {
      try {
        const res = await fetch(`${proc.url}/health/live`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
    } else if (/Touchbase is running with roles/.test(proc.logs())) {
      return;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${proc.name} did not come up within ${timeoutMs} ms`);
}

function parseJsonLines(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // a partial line at the end of the buffer
    }
  }
  return out;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** A port the OS says is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
