import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class PasswordResets1795811612450 implements MigrationInterface {
  name = 'PasswordResets1795811612450';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"password_resets\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"user_id\" integer NOT NULL, \"requested_by\" integer, \"created_at\" bigint NOT NULL, \"expires_at\" bigint NOT NULL, \"used_at\" bigint)",
      "CREATE INDEX \"ix_password_resets_user\" ON \"password_resets\" (\"user_id\") ",
    ],
      postgres: [
      "CREATE TABLE \"password_resets\" (\"id\" character varying(64) NOT NULL, \"user_id\" integer NOT NULL, \"requested_by\" integer, \"created_at\" bigint NOT NULL, \"expires_at\" bigint NOT NULL, \"used_at\" bigint, CONSTRAINT \"PK_4816377aa98211c1de34469e742\" PRIMARY KEY (\"id\"))",
      "CREATE INDEX \"ix_password_resets_user\" ON \"password_resets\"  (\"user_id\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_password_resets_user\"",
      "DROP TABLE \"password_resets\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_password_resets_user\"",
      "DROP TABLE \"password_resets\"",
    ],
    });
  }
}
