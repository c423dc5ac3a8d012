import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class SettingChanges1795821138774 implements MigrationInterface {
  name = 'SettingChanges1795821138774';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"setting_changes\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"at\" bigint NOT NULL, \"user_id\" integer, \"actor\" varchar(200) NOT NULL, \"setting\" varchar(60) NOT NULL, \"before\" text NOT NULL, \"after\" text NOT NULL, \"reset\" boolean NOT NULL DEFAULT (0))",
      "CREATE INDEX \"ix_setting_changes_at\" ON \"setting_changes\" (\"at\") ",
    ],
      postgres: [
      "CREATE TABLE \"setting_changes\" (\"id\" SERIAL NOT NULL, \"at\" bigint NOT NULL, \"user_id\" integer, \"actor\" character varying(200) NOT NULL, \"setting\" character varying(60) NOT NULL, \"before\" text NOT NULL, \"after\" text NOT NULL, \"reset\" boolean NOT NULL DEFAULT false, CONSTRAINT \"PK_d8db8329dfb3d8fdc6d10c1a171\" PRIMARY KEY (\"id\"))",
      "CREATE INDEX \"ix_setting_changes_at\" ON \"setting_changes\"  (\"at\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_setting_changes_at\"",
      "DROP TABLE \"setting_changes\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_setting_changes_at\"",
      "DROP TABLE \"setting_changes\"",
    ],
    });
  }
}
