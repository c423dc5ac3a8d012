import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTouchbaseCli } from '@touchbase/test-kit';

const ROOT = path.resolve(__dirname, '../..');

describe('a wrong setting stops the engine and the CLI with a message naming the variable', () => {
  it('engine: exits 2 and names BUSINESS_TIMEZONE, before touching the database', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-refuse-'));
    const r = spawnSync(
      process.execPath,
      ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'apps/engine/src/main.ts')],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          TS_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
          BUSINESS_TIMEZONE: 'Mars/Base',
          PORT: '0',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Touchbase cannot start/);
    expect(r.stderr).toMatch(/BUSINESS_TIMEZONE: not an IANA timezone name .*"Mars\/Base"/);
    expect(r.stderr).toMatch(/PORT: /);
    expect(fs.existsSync(path.join(dir, 'var/touchbase.sqlite'))).toBe(false);
  });

  it('CLI: exits 2 and names DATABASE_URL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-refuse-cli-'));
    const r = await runTouchbaseCli(['migrate'], {
      database: { type: 'sqlite', path: path.join(dir, 'x.sqlite') },
      env: { DATABASE_URL: 'mysql://nope' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/DATABASE_URL: expected a URL starting with postgres:/);
  });
});
