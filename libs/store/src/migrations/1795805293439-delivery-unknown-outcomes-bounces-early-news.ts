import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class DeliveryUnknownOutcomesBouncesEarlyNews1795805293439 implements MigrationInterface {
  name = 'DeliveryUnknownOutcomesBouncesEarlyNews1795805293439';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"early_statuses\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"provider_id\" varchar(200) NOT NULL, \"outbox_id\" integer, \"status\" varchar(20) NOT NULL, \"error_code\" varchar(20), \"received_at\" bigint NOT NULL)",
      "CREATE INDEX \"ix_early_statuses_outbox\" ON \"early_statuses\" (\"outbox_id\") ",
      "CREATE INDEX \"ix_early_statuses_sid\" ON \"early_statuses\" (\"provider_id\") ",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"uq_customers_external_id\"",
      "CREATE TABLE \"temporary_customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300))",
      "INSERT INTO \"temporary_customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\" FROM \"customers\"",
      "DROP TABLE \"customers\"",
      "ALTER TABLE \"temporary_customers\" RENAME TO \"customers\"",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
      "DROP INDEX \"ix_outbox_status_next\"",
      "DROP INDEX \"ix_outbox_customer\"",
      "DROP INDEX \"ix_outbox_provider_id\"",
      "CREATE TABLE \"temporary_outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"touch_id\" integer, \"customer_id\" integer, \"user_id\" integer, \"channel\" varchar(10) NOT NULL, \"purpose\" varchar(20) NOT NULL DEFAULT ('touch'), \"recipient\" varchar(320) NOT NULL, \"locale\" varchar(10) NOT NULL DEFAULT ('en'), \"subject\" text NOT NULL DEFAULT (''), \"html\" text NOT NULL DEFAULT (''), \"text\" text NOT NULL DEFAULT (''), \"status\" varchar(20) NOT NULL DEFAULT ('queued'), \"attempts\" integer NOT NULL DEFAULT (0), \"next_attempt_at\" bigint NOT NULL, \"lease_owner\" varchar(100), \"lease_until\" bigint, \"provider_id\" varchar(200), \"last_error\" text, \"created_at\" bigint NOT NULL, \"sent_at\" bigint, \"delivered_at\" bigint, \"attempt_started_at\" bigint, \"unknown_since\" bigint, \"unknown_count\" integer NOT NULL DEFAULT (0))",
      "INSERT INTO \"temporary_outbox_messages\"(\"id\", \"touch_id\", \"customer_id\", \"user_id\", \"channel\", \"purpose\", \"recipient\", \"locale\", \"subject\", \"html\", \"text\", \"status\", \"attempts\", \"next_attempt_at\", \"lease_owner\", \"lease_until\", \"provider_id\", \"last_error\", \"created_at\", \"sent_at\", \"delivered_at\") SELECT \"id\", \"touch_id\", \"customer_id\", \"user_id\", \"channel\", \"purpose\", \"recipient\", \"locale\", \"subject\", \"html\", \"text\", \"status\", \"attempts\", \"next_attempt_at\", \"lease_owner\", \"lease_until\", \"provider_id\", \"last_error\", \"created_at\", \"sent_at\", \"delivered_at\" FROM \"outbox_messages\"",
      "DROP TABLE \"outbox_messages\"",
      "ALTER TABLE \"temporary_outbox_messages\" RENAME TO \"outbox_messages\"",
      "CREATE INDEX \"ix_outbox_status_next\" ON \"outbox_messages\" (\"status\", \"next_attempt_at\") ",
      "CREATE INDEX \"ix_outbox_customer\" ON \"outbox_messages\" (\"customer_id\", \"created_at\") ",
      "CREATE INDEX \"ix_outbox_provider_id\" ON \"outbox_messages\" (\"provider_id\") ",
    ],
      postgres: [
      "CREATE TABLE \"early_statuses\" (\"id\" SERIAL NOT NULL, \"provider_id\" character varying(200) NOT NULL, \"outbox_id\" integer, \"status\" character varying(20) NOT NULL, \"error_code\" character varying(20), \"received_at\" bigint NOT NULL, CONSTRAINT \"PK_008d141a7d29c1f193a3f9a7f4a\" PRIMARY KEY (\"id\"))",
      "CREATE INDEX \"ix_early_statuses_outbox\" ON \"early_statuses\"  (\"outbox_id\") ",
      "CREATE INDEX \"ix_early_statuses_sid\" ON \"early_statuses\"  (\"provider_id\") ",
      "ALTER TABLE \"customers\" ADD \"email_bounced_at\" bigint",
      "ALTER TABLE \"customers\" ADD \"email_bounce_reason\" character varying(300)",
      "ALTER TABLE \"outbox_messages\" ADD \"attempt_started_at\" bigint",
      "ALTER TABLE \"outbox_messages\" ADD \"unknown_since\" bigint",
      "ALTER TABLE \"outbox_messages\" ADD \"unknown_count\" integer NOT NULL DEFAULT '0'",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_outbox_provider_id\"",
      "DROP INDEX \"ix_outbox_customer\"",
      "DROP INDEX \"ix_outbox_status_next\"",
      "ALTER TABLE \"outbox_messages\" RENAME TO \"temporary_outbox_messages\"",
      "CREATE TABLE \"outbox_messages\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"touch_id\" integer, \"customer_id\" integer, \"user_id\" integer, \"channel\" varchar(10) NOT NULL, \"purpose\" varchar(20) NOT NULL DEFAULT ('touch'), \"recipient\" varchar(320) NOT NULL, \"locale\" varchar(10) NOT NULL DEFAULT ('en'), \"subject\" text NOT NULL DEFAULT (''), \"html\" text NOT NULL DEFAULT (''), \"text\" text NOT NULL DEFAULT (''), \"status\" varchar(20) NOT NULL DEFAULT ('queued'), \"attempts\" integer NOT NULL DEFAULT (0), \"next_attempt_at\" bigint NOT NULL, \"lease_owner\" varchar(100), \"lease_until\" bigint, \"provider_id\" varchar(200), \"last_error\" text, \"created_at\" bigint NOT NULL, \"sent_at\" bigint, \"delivered_at\" bigint)",
      "INSERT INTO \"outbox_messages\"(\"id\", \"touch_id\", \"customer_id\", \"user_id\", \"channel\", \"purpose\", \"recipient\", \"locale\", \"subject\", \"html\", \"text\", \"status\", \"attempts\", \"next_attempt_at\", \"lease_owner\", \"lease_until\", \"provider_id\", \"last_error\", \"created_at\", \"sent_at\", \"delivered_at\") SELECT \"id\", \"touch_id\", \"customer_id\", \"user_id\", \"channel\", \"purpose\", \"recipient\", \"locale\", \"subject\", \"html\", \"text\", \"status\", \"attempts\", \"next_attempt_at\", \"lease_owner\", \"lease_until\", \"provider_id\", \"last_error\", \"created_at\", \"sent_at\", \"delivered_at\" FROM \"temporary_outbox_messages\"",
      "DROP TABLE \"temporary_outbox_messages\"",
      "CREATE INDEX \"ix_outbox_provider_id\" ON \"outbox_messages\" (\"provider_id\") ",
      "CREATE INDEX \"ix_outbox_customer\" ON \"outbox_messages\" (\"customer_id\", \"created_at\") ",
      "CREATE INDEX \"ix_outbox_status_next\" ON \"outbox_messages\" (\"status\", \"next_attempt_at\") ",
      "DROP INDEX \"uq_customers_external_id\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "ALTER TABLE \"customers\" RENAME TO \"temporary_customers\"",
      "CREATE TABLE \"customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL)",
      "INSERT INTO \"customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\" FROM \"temporary_customers\"",
      "DROP TABLE \"temporary_customers\"",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "DROP INDEX \"ix_early_statuses_sid\"",
      "DROP INDEX \"ix_early_statuses_outbox\"",
      "DROP TABLE \"early_statuses\"",
    ],
      postgres: [
      "ALTER TABLE \"outbox_messages\" DROP COLUMN \"unknown_count\"",
      "ALTER TABLE \"outbox_messages\" DROP COLUMN \"unknown_since\"",
      "ALTER TABLE \"outbox_messages\" DROP COLUMN \"attempt_started_at\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"email_bounce_reason\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"email_bounced_at\"",
      "DROP INDEX \"public\".\"ix_early_statuses_sid\"",
      "DROP INDEX \"public\".\"ix_early_statuses_outbox\"",
      "DROP TABLE \"early_statuses\"",
    ],
    });
  }
}
