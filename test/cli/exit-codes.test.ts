import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource, DatabaseSettings, MessageTemplate } from '@touchbase/store';
import { makeRule } from '@touchbase/test-kit';
import { runTouchbaseCli } from '@touchbase/test-kit';

/**
 * Every command's exit codes, by running the real CLI (docs/cli.md#exit-codes): 0 only on
 * success, 2 for a usage error, 1 for a failure, the message on stderr and reports as JSON on
 * stdout with --json. One SQLite file.
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

/**
 * One case per kind of outcome, each through a real process (a spawn costs seconds of CPU, so
 * the parsers' every rule is unit-tested in apps/cli/src/kit/*.spec.ts, and the import, report,
 * user and rules suites test their commands' other codes).
 */
const CASES: Case[] = [
  { args: ['nosuch'], code: 2, err: /unknown command 'nosuch'/ },
  { args: ['run', '--at', 'tomorrow'], code: 2, err: /--at: expected an ISO instant.*"tomorrow"/ },
  { args: ['preview', '--days', 'abc'], code: 2, err: /--days: expected a whole number 1–60 \(got "abc"\)/ },
  { args: ['customer', 'erase', '1'], code: 2, err: /add --yes/ },
  { args: ['customer', 'export', '99'], code: 1, err: /no customer with id 99/i },
  {
    args: ['run', '--at', AT, '--json'],
    code: 0,
    json: (d) => expect(d).toMatchObject({ tick: { at: '2026-06-15T07:05:00.000Z', outcome: 'ok' } }),
  },
];

describe('touchbase exit codes (CLI)', () => {
  let dir: string;
  let database: DatabaseSettings;
  const cli = (args: string[]) => runTouchbaseCli(args, { database, timeoutMs: 170_000 });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-exit-codes-'));
    database = { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') };
    // one run first creates and migrates the file, so the parallel cases below do not race on it
    expect((await cli(['migrate'])).code).toBe(0);
  }, 180_000);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on success, 1 on a failure and 2 on a usage error, with the message on stderr', async () => {
    const results = await inBatches(CASES, 2, (c) => cli(c.args));
    CASES.forEach((c, i) => {
      const r = results[i];
      const label = `touchbase ${c.args.join(' ')}\n--- stderr ---\n${r.stderr}`;
      expect({ label, code: r.code }).toEqual({ label, code: c.code });
      if (c.err) expect(r.stderr).toMatch(c.err);
      if (c.code !== 0) expect(r.stdout).not.toMatch(/\S/);
      if (c.json) c.json(JSON.parse(r.stdout));
    });
  }, 600_000);

  it('templates check exits 1 naming each rule whose template is missing, and 0 once fixed', async () => {
    const ds = createDataSource(database);
    await ds.initialize();
    try {
      await makeRule(ds, new Date('2026-06-01T00:00:00Z'), {
        kind: 'birthday',
        name: 'Birthday SMS',
        channel: 'sms',
        templateKey: 'birthday_sms_typo',
      });
      const bad = await cli(['templates', 'check']);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('rule #');
      expect(bad.stderr).toMatch(/"Birthday SMS" templateKey: no template "birthday_sms_typo" exists/);
      const json = await cli(['templates', 'check', '--json']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        problems: { rules: [{ ruleName: 'Birthday SMS', field: 'templateKey' }] },
      });
      // the owner points the rule at a template that exists
      expect(await ds.getRepository(MessageTemplate).countBy({ key: 'birthday', locale: 'en' })).toBe(3);
      await ds.query("UPDATE rules SET template_key = 'birthday'");
      const ok = await cli(['templates', 'check']);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/templates OK; every rule's templates exist/);
    } finally {
      await ds.destroy();
    }
  }, 600_000);
});

async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  return out;
}
