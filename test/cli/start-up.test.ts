import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DatabaseSettings } from '@touchbase/store';
import { runTouchbaseCli } from '@touchbase/test-kit';
import { readCommandLine } from '../../apps/cli/src/syntax/parse';
import { CLI_AREAS } from '../../apps/cli/src/syntax';

/**
 * `touchbase --help`, any command's `--help` and argument errors are answered from the
 * commands' syntax alone (docs/cli.md#start-up): the application is not booted, the database
 * not opened, and a command that runs loads only what its area needs. Proven by which packages
 * a real CLI process loaded (reported by a preloaded script at exit), against a database URL
 * nobody answers on. No timings: the benchmark (`npm run bench:cli`) measures those.
 */
const PACKAGES = ['@nestjs/core', 'typeorm', 'pg', 'twilio', '@nestjs/swagger'] as const;
type Loaded = Record<(typeof PACKAGES)[number], boolean>;
/** Packages an answer from the syntax alone must not load either (each costs start-up time). */
const HEAVY = [
  '@nestjs/common',
  'reflect-metadata',
  'class-validator',
  'validator',
  'luxon',
  'libphonenumber-js',
  'zod',
  'nodemailer',
  'rxjs',
];
/**
 * The project's files that `--help` and argument errors may load: main, the syntax, the exit codes
 * and the few constants the syntax names (not a barrel such as @touchbase/core, which loads luxon).
 */
const SYNTAX_ONLY =
  /^(apps\/cli\/src\/(main|syntax\/\w+|kit\/(usage|exit-codes))|libs\/core\/src\/types|libs\/rules\/src\/preview-limits|libs\/ingest\/src\/csv\/(columns|column-aliases))\.ts$/;
const ROOT = path.resolve(__dirname, '../..');

describe('touchbase start-up', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cli-start-'));
    fs.writeFileSync(
      path.join(dir, 'report-modules.js'),
      `const fs = require('node:fs');
process.on('exit', () => {
  const files = Object.keys(require.cache);
  const report = {};
  for (const p of ${JSON.stringify(PACKAGES)}) report[p] = files.some((f) => f.includes('/node_modules/' + p + '/'));
  const heavy = ${JSON.stringify(HEAVY)}.filter((p) => files.some((f) => f.includes('/node_modules/' + p + '/')));
  const own = files.filter((f) => !f.includes('/node_modules/'));
  fs.writeFileSync(process.env.TB_MODULES_REPORT, JSON.stringify({ report, heavy, own }));
});
`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  let runs = 0;
  async function cli(args: string[], database: DatabaseSettings = UNREACHABLE) {
    const report = path.join(dir, `modules-${++runs}.json`);
    const r = await runTouchbaseCli(args, {
      database,
      env: { NODE_OPTIONS: `--require ${path.join(dir, 'report-modules.js')}`, TB_MODULES_REPORT: report },
      timeoutMs: 170_000,
    });
    const {
      report: loaded,
      heavy,
      own,
    } = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      report: Loaded;
      heavy: string[];
      own: string[];
    };
    // the project's own files (not the preloaded report script in the scratch directory)
    const ownFiles = own.map((f) => path.relative(ROOT, f)).filter((f) => !f.startsWith('..'));
    return { ...r, loaded, heavy, own: ownFiles };
  }
  const UNREACHABLE: DatabaseSettings = {
    type: 'postgres',
    url: 'postgres://touchbase@127.0.0.1:1/nobody-answers',
  };
  const nothingLoaded: Loaded = {
    '@nestjs/core': false,
    typeorm: false,
    pg: false,
    twilio: false,
    '@nestjs/swagger': false,
  };

  /** Nothing but the syntax: no heavy package, and only the project files SYNTAX_ONLY names. */
  function expectSyntaxOnly(r: { heavy: string[]; own: string[] }) {
    expect(r.heavy).toEqual([]);
    expect(r.own.filter((f) => !SYNTAX_ONLY.test(f))).toEqual([]);
    expect(r.own).toContain('apps/cli/src/syntax/parse.ts');
  }

  it('answers --help, a command’s --help and argument errors without booting or opening the database', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: touchbase \[options\] \[command\]/);
    expect(help.stdout).toMatch(/preview \[options\] +who would be touched/);
    expect(help.loaded).toEqual(nothingLoaded);
    expectSyntaxOnly(help);

    const preview = await cli(['preview', '--help']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).toMatch(/Usage: touchbase preview \[options\]/);
    expect(preview.stdout).toMatch(/--days <n> +how many days ahead \(default 7\)/);
    expect(preview.loaded).toEqual(nothingLoaded);
    expectSyntaxOnly(preview);

    const bad = await cli(['preview', '--days', 'abc']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/--days: expected a whole number 1–60 \(got "abc"\)/);
    expect(bad.loaded).toEqual(nothingLoaded);
    expectSyntaxOnly(bad);

    const unknown = await cli(['rules', 'list', '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    expect(unknown.loaded).toEqual(nothingLoaded);
    expectSyntaxOnly(unknown);
  }, 600_000);

  it('boots only the area of the command that runs: migrate loads neither twilio nor swagger', async () => {
    const r = await cli(['migrate'], { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.loaded).toEqual({ ...nothingLoaded, '@nestjs/core': true, typeorm: true });
  }, 600_000);

  it('reads the command line in process: which area runs, or which exit code', () => {
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const line = (args: string[]) => readCommandLine(['node', 'touchbase', ...args]);
      expect(line(['--help'])).toEqual({ exit: 0 });
      expect(line(['help', 'run'])).toEqual({ exit: 0 });
      expect(line(['run', '--at', 'tomorrow'])).toEqual({ exit: 2 });
      expect(line(['templates', 'preview', 'birthday'])).toEqual({ exit: 2 });
      expect(line([])).toEqual({ exit: 2 });
      const run = line(['run', '--at', '2026-06-15T09:00:00Z', '--json']);
      expect('area' in run && run.area.commands.map((c) => c.name)).toEqual(['run', 'preview', 'rules']);
      const importing = line(['import', 'customers', 'a.csv', '--map', 'A=email', '--map', 'B=']);
      expect('area' in importing && importing.area).toBe(CLI_AREAS[1]);
      expect(err.mock.calls.map((c) => String(c[0])).join('')).toMatch(
        /--at: expected an ISO instant[\s\S]*missing required argument 'channel'/,
      );
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
  });
});
