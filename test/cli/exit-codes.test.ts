import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseSettings } from '@touchbase/store';
import { runTouchbaseCli } from '@touchbase/test-kit';

/**
 * Every command's exit codes, by running the real CLI (docs/cli.md#exit-codes): 0 only on
 * success, 2 for a usage error, 1 for a failure, the message on stderr and reports as JSON on
 * stdout with --json. One SQLite file; the cases run four at a time, and each command appears once or twice (the
 * import, report, user and rules suites test their commands' other codes).
 */
interface Case {
  args: string[];
  code: 0 | 1 | 2;
  /** stderr must match (a usage error or failure names the problem) */
  err?: RegExp;
  /** stdout must be a JSON document that passes this check */
  json?: (doc: unknown) => void;
}

const AT = '2026-06-15T07:05:00Z';

const CASES: Record<string, Case[]> = {
  'unknown command or option, missing subcommand or argument': [
    { args: ['nosuch'], code: 2, err: /unknown command 'nosuch'/ },
    { args: ['preview', '--bogus'], code: 2, err: /unknown option '--bogus'/ },
    { args: ['rules'], code: 2, err: /expected a subcommand: rules load/ },
    { args: ['templates', 'preview', 'birthday'], code: 2, err: /missing required argument 'channel'/ },
    { args: ['user', 'add', '--email', 'kim@shop.test'], code: 2, err: /--role is required/ },
    { args: ['customer', 'erase', '1'], code: 2, err: /add --yes/ },
  ],
  'bad dates, numbers and words': [
    { args: ['run', '--at', 'tomorrow'], code: 2, err: /--at: expected an ISO instant.*"tomorrow"/ },
    {
      args: ['preview', '--days', 'abc'],
      code: 2,
      err: /--days: expected a whole number 1–60 \(got "abc"\)/,
    },
    { args: ['dispatch', '--at', '2026-13-01T00:00:00Z'], code: 2, err: /--at: expected an ISO instant/ },
    { args: ['report', '--window-days', '0'], code: 2, err: /--window-days: expected a whole number 1–365/ },
    { args: ['customer', 'export', 'abc'], code: 2, err: /id: expected a whole number/ },
    { args: ['channels', 'resume', 'fax'], code: 2, err: /channel: expected email or sms \(got "fax"\)/ },
  ],
  failures: [
    { args: ['rules', 'load', '/nonexistent/rules.yaml'], code: 1, err: /cannot read \/nonexistent/ },
    { args: ['customer', 'export', '99'], code: 1, err: /no customer with id 99/i },
  ],
  'success, with --json reports on stdout': [
    {
      args: ['run', '--at', AT, '--json'],
      code: 0,
      json: (d) => expect(d).toMatchObject({ tick: { at: '2026-06-15T07:05:00.000Z', outcome: 'ok' } }),
    },
    { args: ['rules', 'list', '--json'], code: 0, json: (d) => expect(d).toEqual([]) },
    {
      args: ['templates', 'list', '--json'],
      code: 0,
      json: (d) => expect(d).toContainEqual(expect.objectContaining({ key: 'birthday', channel: 'sms' })),
    },
    {
      args: ['channels', '--json'],
      code: 0,
      json: (d) => expect(d).toContainEqual(expect.objectContaining({ channel: 'email', paused: false })),
    },
  ],
};

describe('touchbase exit codes (CLI)', () => {
  let dir: string;
  let database: DatabaseSettings;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-exit-codes-'));
    database = { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') };
    // one run first creates and migrates the file, so the parallel cases below do not race on it
    expect((await runTouchbaseCli(['migrate'], { database })).code).toBe(0);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each(Object.entries(CASES))(
    '%s',
    async (_name, cases) => {
      const results = await inBatches(cases, 4, (c) => runTouchbaseCli(c.args, { database }));
      cases.forEach((c, i) => {
        const r = results[i];
        const label = `touchbase ${c.args.join(' ')}\n--- stderr ---\n${r.stderr}`;
        expect({ label, code: r.code }).toEqual({ label, code: c.code });
        if (c.err) expect(r.stderr).toMatch(c.err);
        if (c.code !== 0) expect(r.stdout).not.toMatch(/\S/);
        if (c.json) c.json(JSON.parse(r.stdout));
      });
    },
    180_000,
  );
});

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}
