import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AppConfig, loadConfig } from '@touchbase/config';
import { DatabaseSettings } from '@touchbase/store';

/** A complete, valid AppConfig for tests: no .env, the given database, a temp outbox dir. */
export function testConfig(database: DatabaseSettings, env: Record<string, string> = {}): AppConfig {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-cfg-'));
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      APP_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
      BUSINESS_TIMEZONE: 'Europe/Berlin',
      OUTBOX_DIR: path.join(dir, 'outbox'),
      DEMO_DATA: 'false',
      // cheap password hashes in tests (production keeps scrypt at 2^17, see docs/security.md)
      PASSWORD_HASH_COST: '10',
      ...env,
    },
    { dotenvPath: false },
  );
  return { ...config, database };
}
