import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class SecurityThrottleSessions1795802199362 implements MigrationInterface {
  name = 'SecurityThrottleSessions1795802199362';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"rate_limits\" (\"key\" varchar(64) PRIMARY KEY NOT NULL, \"scope\" varchar(10) NOT NULL, \"failures\" integer NOT NULL, \"next_at\" bigint NOT NULL, \"last_seen_at\" bigint NOT NULL)",
      "CREATE INDEX \"ix_rate_limits_scope_seen\" ON \"rate_limits\" (\"scope\", \"last_seen_at\") ",
      "DROP INDEX \"uq_users_email\"",
      "CREATE TABLE \"temporary_users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(320) NOT NULL, \"name\" varchar(200) NOT NULL, \"role\" varchar(10) NOT NULL, \"password_hash\" varchar(300) NOT NULL, \"locale\" varchar(10) NOT NULL DEFAULT ('en'), \"timezone\" varchar(64), \"digest_time\" varchar(5) DEFAULT ('08:00'), \"active\" boolean NOT NULL DEFAULT (1), \"created_at\" bigint NOT NULL, \"must_change_password\" boolean NOT NULL DEFAULT (0))",
      "INSERT INTO \"temporary_users\"(\"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\") SELECT \"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\" FROM \"users\"",
      "DROP TABLE \"users\"",
      "ALTER TABLE \"temporary_users\" RENAME TO \"users\"",
      "CREATE UNIQUE INDEX \"uq_users_email\" ON \"users\" (\"email\") ",
      "CREATE TABLE \"temporary_sessions\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"user_id\" integer NOT NULL, \"csrf_token\" varchar(64) NOT NULL, \"expires_at\" bigint NOT NULL, \"created_at\" bigint NOT NULL, \"last_seen_at\" bigint)",
      "INSERT INTO \"temporary_sessions\"(\"id\", \"user_id\", \"csrf_token\", \"expires_at\", \"created_at\") SELECT \"id\", \"user_id\", \"csrf_token\", \"expires_at\", \"created_at\" FROM \"sessions\"",
      "DROP TABLE \"sessions\"",
      "ALTER TABLE \"temporary_sessions\" RENAME TO \"sessions\"",
    ],
      postgres: [
      "CREATE TABLE \"rate_limits\" (\"key\" character varying(64) NOT NULL, \"scope\" character varying(10) NOT NULL, \"failures\" integer NOT NULL, \"next_at\" bigint NOT NULL, \"last_seen_at\" bigint NOT NULL, CONSTRAINT \"PK_8cb6aa4831e3e775ccf370521db\" PRIMARY KEY (\"key\"))",
      "CREATE INDEX \"ix_rate_limits_scope_seen\" ON \"rate_limits\"  (\"scope\", \"last_seen_at\") ",
      "ALTER TABLE \"users\" ADD \"must_change_password\" boolean NOT NULL DEFAULT false",
      "ALTER TABLE \"sessions\" ADD \"last_seen_at\" bigint",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "ALTER TABLE \"sessions\" RENAME TO \"temporary_sessions\"",
      "CREATE TABLE \"sessions\" (\"id\" varchar(64) PRIMARY KEY NOT NULL, \"user_id\" integer NOT NULL, \"csrf_token\" varchar(64) NOT NULL, \"expires_at\" bigint NOT NULL, \"created_at\" bigint NOT NULL)",
      "INSERT INTO \"sessions\"(\"id\", \"user_id\", \"csrf_token\", \"expires_at\", \"created_at\") SELECT \"id\", \"user_id\", \"csrf_token\", \"expires_at\", \"created_at\" FROM \"temporary_sessions\"",
      "DROP TABLE \"temporary_sessions\"",
      "DROP INDEX \"uq_users_email\"",
      "ALTER TABLE \"users\" RENAME TO \"temporary_users\"",
      "CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(320) NOT NULL, \"name\" varchar(200) NOT NULL, \"role\" varchar(10) NOT NULL, \"password_hash\" varchar(300) NOT NULL, \"locale\" varchar(10) NOT NULL DEFAULT ('en'), \"timezone\" varchar(64), \"digest_time\" varchar(5) DEFAULT ('08:00'), \"active\" boolean NOT NULL DEFAULT (1), \"created_at\" bigint NOT NULL)",
      "INSERT INTO \"users\"(\"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\") SELECT \"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\" FROM \"temporary_users\"",
      "DROP TABLE \"temporary_users\"",
      "CREATE UNIQUE INDEX \"uq_users_email\" ON \"users\" (\"email\") ",
      "DROP INDEX \"ix_rate_limits_scope_seen\"",
      "DROP TABLE \"rate_limits\"",
    ],
      postgres: [
      "ALTER TABLE \"sessions\" DROP COLUMN \"last_seen_at\"",
      "ALTER TABLE \"users\" DROP COLUMN \"must_change_password\"",
      "DROP INDEX \"public\".\"ix_rate_limits_scope_seen\"",
      "DROP TABLE \"rate_limits\"",
    ],
    });
  }
}
