import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class RulePublicLabel1795806578303 implements MigrationInterface {
  name = 'RulePublicLabel1795806578303';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"temporary_rules\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(200) NOT NULL, \"kind\" varchar(40) NOT NULL, \"params\" text NOT NULL DEFAULT ('{}'), \"channel\" varchar(10) NOT NULL, \"template_key\" varchar(100) NOT NULL, \"audience\" text NOT NULL DEFAULT ('{}'), \"priority\" integer NOT NULL DEFAULT (0), \"transactional\" boolean NOT NULL DEFAULT (0), \"grace_period_minutes\" integer NOT NULL DEFAULT (1440), \"holdout_percent\" integer NOT NULL DEFAULT (0), \"enabled\" boolean NOT NULL DEFAULT (1), \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"public_label\" text NOT NULL DEFAULT ('{}'))",
      "INSERT INTO \"temporary_rules\"(\"id\", \"name\", \"kind\", \"params\", \"channel\", \"template_key\", \"audience\", \"priority\", \"transactional\", \"grace_period_minutes\", \"holdout_percent\", \"enabled\", \"created_at\", \"updated_at\") SELECT \"id\", \"name\", \"kind\", \"params\", \"channel\", \"template_key\", \"audience\", \"priority\", \"transactional\", \"grace_period_minutes\", \"holdout_percent\", \"enabled\", \"created_at\", \"updated_at\" FROM \"rules\"",
      "DROP TABLE \"rules\"",
      "ALTER TABLE \"temporary_rules\" RENAME TO \"rules\"",
    ],
      postgres: [
      "ALTER TABLE \"rules\" ADD \"public_label\" text NOT NULL DEFAULT '{}'",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "ALTER TABLE \"rules\" RENAME TO \"temporary_rules\"",
      "CREATE TABLE \"rules\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(200) NOT NULL, \"kind\" varchar(40) NOT NULL, \"params\" text NOT NULL DEFAULT ('{}'), \"channel\" varchar(10) NOT NULL, \"template_key\" varchar(100) NOT NULL, \"audience\" text NOT NULL DEFAULT ('{}'), \"priority\" integer NOT NULL DEFAULT (0), \"transactional\" boolean NOT NULL DEFAULT (0), \"grace_period_minutes\" integer NOT NULL DEFAULT (1440), \"holdout_percent\" integer NOT NULL DEFAULT (0), \"enabled\" boolean NOT NULL DEFAULT (1), \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL)",
      "INSERT INTO \"rules\"(\"id\", \"name\", \"kind\", \"params\", \"channel\", \"template_key\", \"audience\", \"priority\", \"transactional\", \"grace_period_minutes\", \"holdout_percent\", \"enabled\", \"created_at\", \"updated_at\") SELECT \"id\", \"name\", \"kind\", \"params\", \"channel\", \"template_key\", \"audience\", \"priority\", \"transactional\", \"grace_period_minutes\", \"holdout_percent\", \"enabled\", \"created_at\", \"updated_at\" FROM \"temporary_rules\"",
      "DROP TABLE \"temporary_rules\"",
    ],
      postgres: [
      "ALTER TABLE \"rules\" DROP COLUMN \"public_label\"",
    ],
    });
  }
}
