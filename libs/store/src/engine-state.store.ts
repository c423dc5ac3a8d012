import { rows, type Db } from './sql/dialect';

/**
 * The owner of the engine_state table: a small key/value store (keys in ENGINE_STATE) that the
 * scheduler, the dispatcher's channel switches, the digest and the task assigner share. Every
 * write is one statement that behaves the same on SQLite and PostgreSQL, so it is safe from
 * several engine instances and inside the caller's transaction (pass its EntityManager).
 */
export async function readState(db: Db, key: string): Promise<string | null> {
  const [row] = await rows<{ value: string }>(db, 'SELECT value FROM engine_state WHERE key = ?', [key]);
  return row ? row.value : null;
}

/** The values of those keys that are set. */
export async function readStates(db: Db, keys: readonly string[]): Promise<Map<string, string>> {
  if (!keys.length) return new Map();
  const found = await rows<{ key: string; value: string }>(
    db,
    `SELECT key, value FROM engine_state WHERE key IN (${keys.map(() => '?').join(', ')})`,
    [...keys],
  );
  return new Map(found.map((r) => [r.key, r.value]));
}

/** Sets the key (insert or replace). */
export async function writeState(db: Db, key: string, value: string, now: Date): Promise<void> {
  await rows(
    db,
    `INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at RETURNING key`,
    [key, value, now.getTime()],
  );
}

/** Sets the key only if it is not set yet; true when this call set it (a once-only claim). */
export async function claimState(db: Db, key: string, value: string, now: Date): Promise<boolean> {
  const claimed = await rows(
    db,
    'INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING RETURNING key',
    [key, value, now.getTime()],
  );
  return claimed.length > 0;
}

/**
 * A counter 0, 1, 2, … shared by every engine instance: one atomic upsert … RETURNING. `by` > 1
 * takes that many values at once and returns the last (the caller's are last - by + 1 … last).
 */
export async function nextCount(db: Db, key: string, now: Date, by = 1): Promise<number> {
  const [row] = await rows<{ value: string | number }>(
    db,
    `INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(engine_state.value AS integer) + ? AS varchar(20)), updated_at = excluded.updated_at
     RETURNING value`,
    [key, String(by - 1), now.getTime(), by],
  );
  return Number(row?.value ?? by - 1);
}
