import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class PreferenceScopes1795822554940 implements MigrationInterface {
  name = 'PreferenceScopes1795822554940';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_customers_birthday_md\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"uq_customers_external_id\"",
      "CREATE TABLE \"temporary_customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300), \"street\" varchar(200), \"postcode\" varchar(20), \"city\" varchar(100), \"country\" varchar(2), \"email_scope\" varchar(10) NOT NULL DEFAULT ('all'), \"sms_scope\" varchar(10) NOT NULL DEFAULT ('all'))",
      "INSERT INTO \"temporary_customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\" FROM \"customers\"",
      "DROP TABLE \"customers\"",
      "ALTER TABLE \"temporary_customers\" RENAME TO \"customers\"",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
    ],
      postgres: [
      "ALTER TABLE \"customers\" ADD \"email_scope\" character varying(10) NOT NULL DEFAULT 'all'",
      "ALTER TABLE \"customers\" ADD \"sms_scope\" character varying(10) NOT NULL DEFAULT 'all'",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"uq_customers_external_id\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "ALTER TABLE \"customers\" RENAME TO \"temporary_customers\"",
      "CREATE TABLE \"customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300), \"street\" varchar(200), \"postcode\" varchar(20), \"city\" varchar(100), \"country\" varchar(2))",
      "INSERT INTO \"customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\" FROM \"temporary_customers\"",
      "DROP TABLE \"temporary_customers\"",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
    ],
      postgres: [
      "ALTER TABLE \"customers\" DROP COLUMN \"sms_scope\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"email_scope\"",
    ],
    });
  }
}
