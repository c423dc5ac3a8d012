import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource } from './data-source';

/**
 * Runs `work` against a throw-away view of the store: it may write anything (touches, outbox
 * rows, tasks, engine state) and nothing of it reaches the real database. This is how the
 * preview and `run --dry-run` run the tick's own planning code and still write nothing
 * (docs/rules-and-scheduler.md#one-planning-path).
 *
 * - PostgreSQL: one pooled connection, one transaction that is always rolled back. Other
 *   connections never see it; a real tick inserting the same occasion key waits for the rollback.
 * - SQLite: a single connection is shared by the whole process, so a long transaction on it would
 *   swallow other writers' statements (and a second connection holding the write lock would stall
 *   them). Instead the file is copied with `VACUUM INTO` (a consistent snapshot; readers and
 *   writers go on) next to the database, opened on its own, and deleted afterwards.
 */
export async function withSandbox<T>(ds: DataSource, work: (db: EntityManager) => Promise<T>): Promise<T> {
  if (ds.options.type === 'postgres') {
    const qr = ds.createQueryRunner();
    await qr.connect();
    await qr.startTransaction();
    try {
      return await work(qr.manager);
    } finally {
      await qr.rollbackTransaction();
      await qr.release();
    }
  }
  const source = String(ds.options.database ?? ':memory:');
  const dir = source === ':memory:' ? os.tmpdir() : path.dirname(path.resolve(source));
  const copy = path.join(dir, `.sandbox-${process.pid}-${randomBytes(6).toString('hex')}.sqlite`);
  await ds.query('VACUUM INTO ?', [copy]);
  const sandbox = createDataSource({ type: 'sqlite', path: copy });
  try {
    await sandbox.initialize();
    await sandbox.query('PRAGMA synchronous = OFF');
    return await work(sandbox.manager);
  } finally {
    if (sandbox.isInitialized) await sandbox.destroy();
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(copy + suffix, { force: true });
  }
}
