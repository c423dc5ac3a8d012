import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createDataSource, DatabaseSettings } from '@touchbase/store';
import { makeCustomer, runTouchbaseCli } from '@touchbase/test-kit';

const EXAMPLE = path.resolve(__dirname, '../../config/rules/example.yaml');

/** The rules CLI end to end on the embedded default (SQLite): rules load, preview, run --dry-run, run. */
describe('touchbase rules load / preview / run (CLI)', () => {
  let dir: string;
  let database: DatabaseSettings;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-rules-cli-'));
    database = { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') };
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loads rules all-or-nothing, previews, dry-runs and runs a tick as of --at', async () => {
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, 'rules:\n  - name: Oops\n    kind: birthday\n    params: { days_before: -1 }\n');
    const rejected = await runTouchbaseCli(['rules', 'load', bad], { database });
    expect(rejected.code).toBe(1);
    expect(rejected.output).toContain('rules[0] (Oops).params.days_before: must be an integer 0–60');

    const loaded = await runTouchbaseCli(['rules', 'load', EXAMPLE], { database });
    expect(loaded.output).toContain('6 created');

    const ds = createDataSource(database);
    await ds.initialize();
    await makeCustomer(ds, new Date('2026-06-01T00:00:00Z'), {
      firstName: 'Cora',
      birthdayMonth: 6,
      birthdayDay: 15,
    });
    await ds.destroy();

    const preview = await runTouchbaseCli(['preview', '--at', '2026-06-14T10:00:00Z', '--days', '2'], {
      database,
    });
    expect(preview.output).toMatch(/2026-06-15 09:00 Europe\/Berlin +queued +Birthday email → Cora Tester/);
    const json = await runTouchbaseCli(['preview', '--at', '2026-06-14T10:00:00Z', '--days', '2', '--json'], {
      database,
    });
    const report = JSON.parse(json.stdout);
    expect(report.total).toBe(report.lines.length);
    expect(report.lines).toContainEqual(
      expect.objectContaining({
        outcome: 'queued',
        zone: 'Europe/Berlin',
        sendAt: '2026-06-15T07:00:00.000Z',
      }),
    );

    const dry = await runTouchbaseCli(['run', '--at', '2026-06-15T07:05:00Z', '--dry-run'], { database });
    expect(dry.output).toContain('Dry run (nothing written)');
    expect(dry.output).toMatch(/queued +Birthday email → Cora Tester \[#\d+\] birthday:2026 via email/);

    const run = await runTouchbaseCli(['run', '--at', '2026-06-15T07:05:00Z'], { database });
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/Birthday email \(birthday\): 1 queued/);
    // sends happen at the real time (quiet hours judged then), not at the simulated one
    expect(run.output).toMatch(/Dispatch as of (\S+):/);
    expect(Math.abs(Date.parse(/Dispatch as of (\S+):/.exec(run.output)![1]) - Date.now())).toBeLessThan(
      120_000,
    );

    // a future --at is refused without --dry-run: nothing planned, nothing sent, the mark stays
    const future = await runTouchbaseCli(['run', '--at', '2099-01-01T09:00:00Z'], { database });
    expect(future.code).toBe(2);
    expect(future.stderr).toContain('is in the future');
    expect(future.stderr).toContain('--dry-run');
    const check = createDataSource(database);
    await check.initialize();
    const marks = await check.query("SELECT key, value FROM engine_state WHERE key LIKE 'scheduler.%'");
    await check.destroy();
    for (const m of marks) expect(m.value < '2027').toBe(true);
    const futureDry = await runTouchbaseCli(['run', '--at', '2099-01-01T09:00:00Z', '--dry-run'], {
      database,
    });
    expect(futureDry.code).toBe(0);
    expect(futureDry.output).toContain('Dry run (nothing written)');
  }, 240_000);
});
