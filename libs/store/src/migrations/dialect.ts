import { QueryRunner } from 'typeorm';

/**
 * One migration class serves both databases: it carries the statements for SQLite and for
 * PostgreSQL, generated from the same entities by scripts/generate-migration.ts.
 */
export async function runFor(
  queryRunner: QueryRunner,
  sql: { sqlite: string[]; postgres: string[] },
): Promise<void> {
  const statements = queryRunner.connection.options.type === 'postgres' ? sql.postgres : sql.sqlite;
  for (const statement of statements) await queryRunner.query(statement);
}
