import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class ServiceTiers1795833327272 implements MigrationInterface {
  name = 'ServiceTiers1795833327272';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"tiers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"name\" varchar(50) NOT NULL, \"rank\" integer NOT NULL, \"basis\" varchar(10) NOT NULL DEFAULT ('manual'), \"min_spend_minor\" bigint, \"min_orders\" integer, \"window_days\" integer NOT NULL DEFAULT (365), \"match\" varchar(3) NOT NULL DEFAULT ('any'), \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL)",
      "CREATE UNIQUE INDEX \"uq_tiers_name\" ON \"tiers\" (\"name\") ",
      "CREATE TABLE \"tier_changes\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"customer_id\" integer NOT NULL, \"from_tier_id\" integer, \"from_name\" varchar(50), \"to_tier_id\" integer, \"to_name\" varchar(50), \"reason\" varchar(20) NOT NULL, \"user_id\" integer, \"changed_at\" bigint NOT NULL)",
      "CREATE INDEX \"ix_tier_changes_customer_at\" ON \"tier_changes\" (\"customer_id\", \"changed_at\") ",
      "DROP INDEX \"uq_customers_external_id\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "CREATE TABLE \"temporary_customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300), \"street\" varchar(200), \"postcode\" varchar(20), \"city\" varchar(100), \"country\" varchar(2), \"email_scope\" varchar(10) NOT NULL DEFAULT ('all'), \"sms_scope\" varchar(10) NOT NULL DEFAULT ('all'), \"tier_id\" integer, \"tier_manual\" boolean NOT NULL DEFAULT (0))",
      "INSERT INTO \"temporary_customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\", \"email_scope\", \"sms_scope\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\", \"email_scope\", \"sms_scope\" FROM \"customers\"",
      "DROP TABLE \"customers\"",
      "ALTER TABLE \"temporary_customers\" RENAME TO \"customers\"",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "CREATE INDEX \"ix_customers_tier\" ON \"customers\" (\"tier_id\") ",
    ],
      postgres: [
      "CREATE TABLE \"tiers\" (\"id\" SERIAL NOT NULL, \"name\" character varying(50) NOT NULL, \"rank\" integer NOT NULL, \"basis\" character varying(10) NOT NULL DEFAULT 'manual', \"min_spend_minor\" bigint, \"min_orders\" integer, \"window_days\" integer NOT NULL DEFAULT '365', \"match\" character varying(3) NOT NULL DEFAULT 'any', \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, CONSTRAINT \"PK_908405492b9b2c2ae1cea1e1cc0\" PRIMARY KEY (\"id\"))",
      "CREATE UNIQUE INDEX \"uq_tiers_name\" ON \"tiers\"  (\"name\") ",
      "CREATE TABLE \"tier_changes\" (\"id\" SERIAL NOT NULL, \"customer_id\" integer NOT NULL, \"from_tier_id\" integer, \"from_name\" character varying(50), \"to_tier_id\" integer, \"to_name\" character varying(50), \"reason\" character varying(20) NOT NULL, \"user_id\" integer, \"changed_at\" bigint NOT NULL, CONSTRAINT \"PK_8a79bece075d2eb142670d93271\" PRIMARY KEY (\"id\"))",
      "CREATE INDEX \"ix_tier_changes_customer_at\" ON \"tier_changes\"  (\"customer_id\", \"changed_at\") ",
      "ALTER TABLE \"customers\" ADD \"tier_id\" integer",
      "ALTER TABLE \"customers\" ADD \"tier_manual\" boolean NOT NULL DEFAULT false",
      "CREATE INDEX \"ix_customers_tier\" ON \"customers\"  (\"tier_id\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_customers_tier\"",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"uq_customers_external_id\"",
      "ALTER TABLE \"customers\" RENAME TO \"temporary_customers\"",
      "CREATE TABLE \"customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300), \"street\" varchar(200), \"postcode\" varchar(20), \"city\" varchar(100), \"country\" varchar(2), \"email_scope\" varchar(10) NOT NULL DEFAULT ('all'), \"sms_scope\" varchar(10) NOT NULL DEFAULT ('all'))",
      "INSERT INTO \"customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\", \"email_scope\", \"sms_scope\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\", \"street\", \"postcode\", \"city\", \"country\", \"email_scope\", \"sms_scope\" FROM \"temporary_customers\"",
      "DROP TABLE \"temporary_customers\"",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
      "DROP INDEX \"ix_tier_changes_customer_at\"",
      "DROP TABLE \"tier_changes\"",
      "DROP INDEX \"uq_tiers_name\"",
      "DROP TABLE \"tiers\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_customers_tier\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"tier_manual\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"tier_id\"",
      "DROP INDEX \"public\".\"ix_tier_changes_customer_at\"",
      "DROP TABLE \"tier_changes\"",
      "DROP INDEX \"public\".\"uq_tiers_name\"",
      "DROP TABLE \"tiers\"",
    ],
    });
  }
}
