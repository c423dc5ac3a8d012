import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EngineProcess,
  killEngineProcesses,
  openTestDataSource,
  spawnEngineProcess,
  testDatabases,
} from '@touchbase/test-kit';

/**
 * An idle engine holds only what it uses (docs/benchmarks.md#npm-run-benchcli-start-up-and-memory): on the
 * embedded default (SQLite, file outbox for email and SMS) it has not loaded the SMTP or Twilio
 * clients, the PostgreSQL driver, or what only an inbound email, an import, a CSV export or a
 * report needs. With SMTP configured, nodemailer is there from the start (the control that the
 * report sees loads).
 * Which packages a real engine process loaded is reported by a preloaded script when it exits.
 * Once up, the engine compacts its heap one time (docs/operations.md#memory).
 */
const LAZY = [
  'twilio',
  'nodemailer',
  'mailparser',
  'pg',
  'csv-parse',
  'csv-stringify',
  'chardet',
  'simple-statistics',
];

const [sqlite] = testDatabases();

describe('an idle engine process loads only what it uses', () => {
  let store: Awaited<ReturnType<typeof openTestDataSource>>;
  let dir: string;
  const engines: EngineProcess[] = [];

  beforeAll(async () => {
    store = await openTestDataSource(sqlite);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-lazy-'));
    fs.writeFileSync(
      path.join(dir, 'report-packages.js'),
      `const fs = require('node:fs');
process.on('exit', () => {
  const files = Object.keys(require.cache);
  const loaded = ${JSON.stringify(LAZY)}.filter((p) => files.some((f) => f.includes('/node_modules/' + p + '/')));
  fs.writeFileSync(process.env.TB_PACKAGES_REPORT, JSON.stringify(loaded));
});
`,
    );
  });
  afterAll(async () => {
    await killEngineProcesses(engines);
    await store?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Starts an engine with all roles, waits until it answers, stops it: what had it loaded? */
  async function loadedWhenIdle(name: string, env: Record<string, string> = {}): Promise<string[]> {
    const report = path.join(dir, `${name}.json`);
    const engine = await spawnEngineProcess({
      name,
      database: store.settings,
      env: {
        NODE_OPTIONS: `--require ${path.join(dir, 'report-packages.js')}`,
        TB_PACKAGES_REPORT: report,
        ...env,
      },
      startTimeoutMs: 120_000,
    });
    engines.push(engine);
    expect((await fetch(`${engine.url}/health/live`)).status).toBe(200);
    expect((await engine.stop('SIGTERM', 60_000)).code).toBe(0);
    return JSON.parse(fs.readFileSync(report, 'utf8')) as string[];
  }

  it('without SMTP or Twilio settings, none of the vendors it does not use', async () => {
    expect(await loadedWhenIdle('lazy-default')).toEqual([]);
  }, 300_000);

  it('with SMTP settings, nodemailer (and nothing else of that list)', async () => {
    const loaded = await loadedWhenIdle('lazy-smtp', {
      SMTP_URL: 'smtp://127.0.0.1:1',
      SMTP_FROM: 'Shop <shop@example.test>',
    });
    expect(loaded).toEqual(['nodemailer']);
  }, 300_000);

  it('compacts its heap once, a moment after start-up, and keeps answering', async () => {
    const engine = await spawnEngineProcess({
      name: 'compact',
      database: store.settings,
      startTimeoutMs: 120_000,
    });
    engines.push(engine);
    const compacted = () =>
      engine
        .jsonLogs()
        .filter((l) => l.context === 'Main' && String(l.message).startsWith('heap compacted after start-up'));
    for (let waited = 0; compacted().length === 0 && waited < 60_000; waited += 200)
      await new Promise((r) => setTimeout(r, 200));
    const [line, ...more] = compacted();
    const m = /: ([\d.]+) → ([\d.]+) MB committed/.exec(String(line?.message));
    expect(m).not.toBeNull();
    expect(Number(m![2])).toBeLessThan(Number(m![1]));
    expect((await fetch(`${engine.url}/health/live`)).status).toBe(200);
    expect(more).toEqual([]);
    expect((await engine.stop('SIGTERM', 60_000)).code).toBe(0);
  }, 300_000);
});
