import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * Runs `work` against a new scratch database made next to DATABASE_URL (or `base`), and drops it
 * afterwards, also when `work` fails: the benches' one way to get a PostgreSQL of their own.
 */
export async function scratchPostgres<T>(
  work: (url: string) => Promise<T>,
  base = process.env.DATABASE_URL!,
): Promise<T> {
  const name = `tb_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  try {
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
