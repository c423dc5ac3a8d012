import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class ImportRunsAndMappings1795803072911 implements MigrationInterface {
  name = 'ImportRunsAndMappings1795803072911';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"import_runs\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"kind\" varchar(20) NOT NULL, \"file_name\" varchar(300) NOT NULL, \"actor\" varchar(200) NOT NULL, \"user_id\" integer, \"status\" varchar(20) NOT NULL, \"dry_run\" boolean NOT NULL DEFAULT (0), \"started_at\" bigint NOT NULL, \"finished_at\" bigint, \"rows\" integer NOT NULL DEFAULT (0), \"created\" integer NOT NULL DEFAULT (0), \"updated\" integer NOT NULL DEFAULT (0), \"unchanged\" integer NOT NULL DEFAULT (0), \"bad_row_count\" integer NOT NULL DEFAULT (0), \"report\" text, \"error\" text)",
      "CREATE INDEX \"ix_import_runs_started\" ON \"import_runs\" (\"started_at\") ",
      "CREATE TABLE \"import_mappings\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"kind\" varchar(20) NOT NULL, \"signature\" varchar(64) NOT NULL, \"columns\" text NOT NULL, \"locale\" varchar(10), \"encoding\" varchar(20), \"updated_at\" bigint NOT NULL)",
      "CREATE UNIQUE INDEX \"uq_import_mappings_signature\" ON \"import_mappings\" (\"signature\") ",
    ],
      postgres: [
      "CREATE TABLE \"import_runs\" (\"id\" SERIAL NOT NULL, \"kind\" character varying(20) NOT NULL, \"file_name\" character varying(300) NOT NULL, \"actor\" character varying(200) NOT NULL, \"user_id\" integer, \"status\" character varying(20) NOT NULL, \"dry_run\" boolean NOT NULL DEFAULT false, \"started_at\" bigint NOT NULL, \"finished_at\" bigint, \"rows\" integer NOT NULL DEFAULT '0', \"created\" integer NOT NULL DEFAULT '0', \"updated\" integer NOT NULL DEFAULT '0', \"unchanged\" integer NOT NULL DEFAULT '0', \"bad_row_count\" integer NOT NULL DEFAULT '0', \"report\" text, \"error\" text, CONSTRAINT \"PK_2f4f95d6fde4a7602f6b79f10e8\" PRIMARY KEY (\"id\"))",
      "CREATE INDEX \"ix_import_runs_started\" ON \"import_runs\"  (\"started_at\") ",
      "CREATE TABLE \"import_mappings\" (\"id\" SERIAL NOT NULL, \"kind\" character varying(20) NOT NULL, \"signature\" character varying(64) NOT NULL, \"columns\" text NOT NULL, \"locale\" character varying(10), \"encoding\" character varying(20), \"updated_at\" bigint NOT NULL, CONSTRAINT \"PK_0fa9ff07029c3b68e95d7968592\" PRIMARY KEY (\"id\"))",
      "CREATE UNIQUE INDEX \"uq_import_mappings_signature\" ON \"import_mappings\"  (\"signature\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"uq_import_mappings_signature\"",
      "DROP TABLE \"import_mappings\"",
      "DROP INDEX \"ix_import_runs_started\"",
      "DROP TABLE \"import_runs\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"uq_import_mappings_signature\"",
      "DROP TABLE \"import_mappings\"",
      "DROP INDEX \"public\".\"ix_import_runs_started\"",
      "DROP TABLE \"import_runs\"",
    ],
    });
  }
}
