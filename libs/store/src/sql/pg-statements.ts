import { QueryFailedError } from 'typeorm';
import type { EntityManager } from 'typeorm';

/** A statement text and its prepared-statement name ('' = run unnamed, parsed each time). */
export interface PgStatement {
  name: string;
  text: string;
}

interface PgClient {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * One name per statement shape (e.g. table, columns, row count), the same on every connection:
 * node-postgres refuses a name reused for another text, so the shape must determine the text.
 */
const PG_NAMES = new Map<string, string>();

export function pgStatementName(shape: string): string {
  let name = PG_NAMES.get(shape);
  if (!name) PG_NAMES.set(shape, (name = `tb_rows_${PG_NAMES.size + 1}`));
  return name;
}

/**
 * Runs a named statement on the manager's transaction connection (node-postgres sends its text
 * only the first time on each connection); a failure is TypeORM's QueryFailedError, as from
 * `m.query`. An unnamed statement, or a manager without its own query runner, goes through
 * `m.query`. Named statements do not pass through TypeORM's query logger.
 */
export async function runPgStatement(
  m: EntityManager,
  st: PgStatement,
  values: unknown[],
): Promise<unknown[]> {
  const qr = m.queryRunner;
  if (!st.name || !qr || qr.isReleased) return (await m.query(st.text, values)) as unknown[];
  const client = (await qr.connect()) as PgClient;
  try {
    return (await client.query({ name: st.name, text: st.text, values })).rows;
  } catch (e) {
    throw new QueryFailedError(st.text, values, e as Error);
  }
}
