import type { EntityManager } from 'typeorm';
import { rows } from './sql';

/** engine_state as a tiny key/value store (ENGINE_STATE keys), upserted the same way on both databases. */
export async function readState(db: EntityManager, key: string): Promise<string | null> {
  const [row] = await rows<{ value: string }>(db, 'SELECT value FROM engine_state WHERE key = ?', [key]);
  return row ? row.value : null;
}

export async function writeState(db: EntityManager, key: string, value: string, now: Date): Promise<void> {
  await rows(
    db,
    `INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at RETURNING key`,
    [key, value, now.getTime()],
  );
}
