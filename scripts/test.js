#!/usr/bin/env node
/**
 * The whole test suite: unit, integration (SQLite and PostgreSQL) and browser tests.
 *
 * PostgreSQL: with TEST_DATABASE_URL set (as in CI) the PostgreSQL suites must run, and a
 * database that cannot be reached fails the run. Without it, a local server on
 * 127.0.0.1:5432 (database "test") is used if one answers; otherwise the PostgreSQL suites are
 * skipped and this says so loudly.
 */
const { spawnSync } = require('node:child_process');
const { Client } = require('pg');

const LOCAL = 'postgres://postgres@127.0.0.1:5432/test';

async function reachable(url) {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (e) {
    return e;
  } finally {
    await client.end().catch(() => {});
  }
}

async function main() {
  const env = { ...process.env };
  if (env.TEST_DATABASE_URL) {
    const ok = await reachable(env.TEST_DATABASE_URL);
    if (ok !== true) {
      console.error(`TEST_DATABASE_URL is set but PostgreSQL cannot be reached: ${ok.message}`);
      process.exit(1);
    }
    console.log(`PostgreSQL suites: ON (${env.TEST_DATABASE_URL})`);
  } else if ((await reachable(LOCAL)) === true) {
    env.TEST_DATABASE_URL = LOCAL;
    console.log(`PostgreSQL suites: ON (found a local server at ${LOCAL})`);
  } else {
    console.log('\n*** PostgreSQL suites SKIPPED: no TEST_DATABASE_URL and no server at 127.0.0.1:5432. ***');
    console.log('*** Only the SQLite variants run. Set TEST_DATABASE_URL=postgres://… to run them.   ***\n');
    env.TEST_SKIP_POSTGRES = '1';
  }
  const args = ['jest', '--maxWorkers=2', ...process.argv.slice(2)];
  const r = spawnSync('npx', args, { stdio: 'inherit', env });
  if (env.TEST_SKIP_POSTGRES) console.log('\nNote: the PostgreSQL suites were SKIPPED (see above).');
  process.exit(r.status ?? 1);
}

main();
