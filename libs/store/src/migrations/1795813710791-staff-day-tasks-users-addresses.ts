import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class StaffDayTasksUsersAddresses1795813710791 implements MigrationInterface {
  name = 'StaffDayTasksUsersAddresses1795813710791';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"uq_customers_external_id\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "CREATE TABLE \"temporary_customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300), \"street\" varchar(200), \"postcode\" varchar(20), \"city\" varchar(100), \"country\" varchar(2))",
      "INSERT INTO \"temporary_customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\" FROM \"customers\"",
      "DROP TABLE \"customers\"",
      "ALTER TABLE \"temporary_customers\" RENAME TO \"customers\"",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "DROP INDEX \"ix_tasks_customer_status\"",
      "DROP INDEX \"ix_tasks_daily_list\"",
      "CREATE TABLE \"temporary_tasks\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"touch_id\" integer, \"rule_id\" integer, \"customer_id\" integer NOT NULL, \"kind\" varchar(20) NOT NULL, \"title\" varchar(300) NOT NULL, \"reason\" text NOT NULL DEFAULT (''), \"talking_points\" text NOT NULL DEFAULT (''), \"due_day\" varchar(10) NOT NULL, \"priority\" integer NOT NULL DEFAULT (0), \"assignee_id\" integer, \"status\" varchar(20) NOT NULL DEFAULT ('open'), \"snoozed_until\" varchar(10), \"outcome\" varchar(30), \"outcome_note\" text, \"skip_reason\" text, \"completed_at\" bigint, \"created_by_id\" integer, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"texts\" text, \"attempts\" integer NOT NULL DEFAULT (0), \"undo\" text, \"undo_until\" bigint, \"printed_at\" bigint)",
      "INSERT INTO \"temporary_tasks\"(\"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\") SELECT \"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\" FROM \"tasks\"",
      "DROP TABLE \"tasks\"",
      "ALTER TABLE \"temporary_tasks\" RENAME TO \"tasks\"",
      "CREATE INDEX \"ix_tasks_customer_status\" ON \"tasks\" (\"customer_id\", \"status\") ",
      "CREATE INDEX \"ix_tasks_daily_list\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\", \"priority\") ",
      "DROP INDEX \"uq_users_email\"",
      "CREATE TABLE \"temporary_users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(320) NOT NULL, \"name\" varchar(200) NOT NULL, \"role\" varchar(10) NOT NULL, \"password_hash\" varchar(300) NOT NULL, \"locale\" varchar(10) NOT NULL DEFAULT ('en'), \"timezone\" varchar(64), \"digest_time\" varchar(5) DEFAULT ('08:00'), \"active\" boolean NOT NULL DEFAULT (1), \"created_at\" bigint NOT NULL, \"must_change_password\" boolean NOT NULL DEFAULT (0), \"working_days\" varchar(13) NOT NULL DEFAULT ('1,2,3,4,5'), \"away_from\" varchar(10), \"away_until\" varchar(10), \"cover_user_id\" integer)",
      "INSERT INTO \"temporary_users\"(\"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\", \"must_change_password\") SELECT \"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\", \"must_change_password\" FROM \"users\"",
      "DROP TABLE \"users\"",
      "ALTER TABLE \"temporary_users\" RENAME TO \"users\"",
      "CREATE UNIQUE INDEX \"uq_users_email\" ON \"users\" (\"email\") ",
      "CREATE INDEX \"ix_tasks_assignee_completed\" ON \"tasks\" (\"assignee_id\", \"completed_at\") ",
    ],
      postgres: [
      "ALTER TABLE \"customers\" ADD \"street\" character varying(200)",
      "ALTER TABLE \"customers\" ADD \"postcode\" character varying(20)",
      "ALTER TABLE \"customers\" ADD \"city\" character varying(100)",
      "ALTER TABLE \"customers\" ADD \"country\" character varying(2)",
      "ALTER TABLE \"tasks\" ADD \"attempts\" integer NOT NULL DEFAULT '0'",
      "ALTER TABLE \"tasks\" ADD \"undo\" text",
      "ALTER TABLE \"tasks\" ADD \"undo_until\" bigint",
      "ALTER TABLE \"tasks\" ADD \"printed_at\" bigint",
      "ALTER TABLE \"users\" ADD \"working_days\" character varying(13) NOT NULL DEFAULT '1,2,3,4,5'",
      "ALTER TABLE \"users\" ADD \"away_from\" character varying(10)",
      "ALTER TABLE \"users\" ADD \"away_until\" character varying(10)",
      "ALTER TABLE \"users\" ADD \"cover_user_id\" integer",
      "CREATE INDEX \"ix_tasks_assignee_completed\" ON \"tasks\"  (\"assignee_id\", \"completed_at\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_tasks_assignee_completed\"",
      "DROP INDEX \"uq_users_email\"",
      "ALTER TABLE \"users\" RENAME TO \"temporary_users\"",
      "CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"email\" varchar(320) NOT NULL, \"name\" varchar(200) NOT NULL, \"role\" varchar(10) NOT NULL, \"password_hash\" varchar(300) NOT NULL, \"locale\" varchar(10) NOT NULL DEFAULT ('en'), \"timezone\" varchar(64), \"digest_time\" varchar(5) DEFAULT ('08:00'), \"active\" boolean NOT NULL DEFAULT (1), \"created_at\" bigint NOT NULL, \"must_change_password\" boolean NOT NULL DEFAULT (0))",
      "INSERT INTO \"users\"(\"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\", \"must_change_password\") SELECT \"id\", \"email\", \"name\", \"role\", \"password_hash\", \"locale\", \"timezone\", \"digest_time\", \"active\", \"created_at\", \"must_change_password\" FROM \"temporary_users\"",
      "DROP TABLE \"temporary_users\"",
      "CREATE UNIQUE INDEX \"uq_users_email\" ON \"users\" (\"email\") ",
      "DROP INDEX \"ix_tasks_daily_list\"",
      "DROP INDEX \"ix_tasks_customer_status\"",
      "ALTER TABLE \"tasks\" RENAME TO \"temporary_tasks\"",
      "CREATE TABLE \"tasks\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"touch_id\" integer, \"rule_id\" integer, \"customer_id\" integer NOT NULL, \"kind\" varchar(20) NOT NULL, \"title\" varchar(300) NOT NULL, \"reason\" text NOT NULL DEFAULT (''), \"talking_points\" text NOT NULL DEFAULT (''), \"due_day\" varchar(10) NOT NULL, \"priority\" integer NOT NULL DEFAULT (0), \"assignee_id\" integer, \"status\" varchar(20) NOT NULL DEFAULT ('open'), \"snoozed_until\" varchar(10), \"outcome\" varchar(30), \"outcome_note\" text, \"skip_reason\" text, \"completed_at\" bigint, \"created_by_id\" integer, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"texts\" text)",
      "INSERT INTO \"tasks\"(\"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\") SELECT \"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\" FROM \"temporary_tasks\"",
      "DROP TABLE \"temporary_tasks\"",
      "CREATE INDEX \"ix_tasks_daily_list\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\", \"priority\") ",
      "CREATE INDEX \"ix_tasks_customer_status\" ON \"tasks\" (\"customer_id\", \"status\") ",
      "DROP INDEX \"ix_customers_birthday_md\"",
      "DROP INDEX \"ix_customers_phone\"",
      "DROP INDEX \"ix_customers_email\"",
      "DROP INDEX \"uq_customers_external_id\"",
      "ALTER TABLE \"customers\" RENAME TO \"temporary_customers\"",
      "CREATE TABLE \"customers\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"external_id\" varchar(100), \"first_name\" varchar(200) NOT NULL DEFAULT (''), \"last_name\" varchar(200) NOT NULL DEFAULT (''), \"email\" varchar(320), \"phone\" varchar(20), \"phone_problem\" varchar(200), \"birthday_year\" integer, \"birthday_month\" integer, \"birthday_day\" integer, \"birthday_md\" varchar(5), \"timezone\" varchar(64), \"locale\" varchar(10), \"preferred_channels\" varchar(40) NOT NULL DEFAULT ('email,sms'), \"email_consent\" boolean NOT NULL DEFAULT (0), \"email_consent_at\" bigint, \"email_consent_source\" varchar(100), \"sms_consent\" boolean NOT NULL DEFAULT (0), \"sms_consent_at\" bigint, \"sms_consent_source\" varchar(100), \"tags\" text NOT NULL DEFAULT (''), \"notes\" text NOT NULL DEFAULT (''), \"account_owner_id\" integer, \"erased_at\" bigint, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"email_bounced_at\" bigint, \"email_bounce_reason\" varchar(300))",
      "INSERT INTO \"customers\"(\"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\") SELECT \"id\", \"external_id\", \"first_name\", \"last_name\", \"email\", \"phone\", \"phone_problem\", \"birthday_year\", \"birthday_month\", \"birthday_day\", \"birthday_md\", \"timezone\", \"locale\", \"preferred_channels\", \"email_consent\", \"email_consent_at\", \"email_consent_source\", \"sms_consent\", \"sms_consent_at\", \"sms_consent_source\", \"tags\", \"notes\", \"account_owner_id\", \"erased_at\", \"created_at\", \"updated_at\", \"email_bounced_at\", \"email_bounce_reason\" FROM \"temporary_customers\"",
      "DROP TABLE \"temporary_customers\"",
      "CREATE INDEX \"ix_customers_birthday_md\" ON \"customers\" (\"birthday_md\") ",
      "CREATE INDEX \"ix_customers_phone\" ON \"customers\" (\"phone\") ",
      "CREATE INDEX \"ix_customers_email\" ON \"customers\" (\"email\") ",
      "CREATE UNIQUE INDEX \"uq_customers_external_id\" ON \"customers\" (\"external_id\") ",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_tasks_assignee_completed\"",
      "ALTER TABLE \"users\" DROP COLUMN \"cover_user_id\"",
      "ALTER TABLE \"users\" DROP COLUMN \"away_until\"",
      "ALTER TABLE \"users\" DROP COLUMN \"away_from\"",
      "ALTER TABLE \"users\" DROP COLUMN \"working_days\"",
      "ALTER TABLE \"tasks\" DROP COLUMN \"printed_at\"",
      "ALTER TABLE \"tasks\" DROP COLUMN \"undo_until\"",
      "ALTER TABLE \"tasks\" DROP COLUMN \"undo\"",
      "ALTER TABLE \"tasks\" DROP COLUMN \"attempts\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"country\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"city\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"postcode\"",
      "ALTER TABLE \"customers\" DROP COLUMN \"street\"",
    ],
    });
  }
}
