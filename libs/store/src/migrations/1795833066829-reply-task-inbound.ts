import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class ReplyTaskInbound1795833066829 implements MigrationInterface {
  name = 'ReplyTaskInbound1795833066829';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_tasks_assignee_completed\"",
      "DROP INDEX \"ix_tasks_daily_list\"",
      "DROP INDEX \"ix_tasks_customer_status\"",
      "CREATE TABLE \"temporary_tasks\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"touch_id\" integer, \"rule_id\" integer, \"customer_id\" integer NOT NULL, \"kind\" varchar(20) NOT NULL, \"title\" varchar(300) NOT NULL, \"reason\" text NOT NULL DEFAULT (''), \"talking_points\" text NOT NULL DEFAULT (''), \"due_day\" varchar(10) NOT NULL, \"priority\" integer NOT NULL DEFAULT (0), \"assignee_id\" integer, \"status\" varchar(20) NOT NULL DEFAULT ('open'), \"snoozed_until\" varchar(10), \"outcome\" varchar(30), \"outcome_note\" text, \"skip_reason\" text, \"completed_at\" bigint, \"created_by_id\" integer, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"texts\" text, \"attempts\" integer NOT NULL DEFAULT (0), \"undo\" text, \"undo_until\" bigint, \"printed_at\" bigint, \"inbound\" text)",
      "INSERT INTO \"temporary_tasks\"(\"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\", \"attempts\", \"undo\", \"undo_until\", \"printed_at\") SELECT \"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\", \"attempts\", \"undo\", \"undo_until\", \"printed_at\" FROM \"tasks\"",
      "DROP TABLE \"tasks\"",
      "ALTER TABLE \"temporary_tasks\" RENAME TO \"tasks\"",
      "CREATE INDEX \"ix_tasks_assignee_completed\" ON \"tasks\" (\"assignee_id\", \"completed_at\") ",
      "CREATE INDEX \"ix_tasks_daily_list\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\", \"priority\") ",
      "CREATE INDEX \"ix_tasks_customer_status\" ON \"tasks\" (\"customer_id\", \"status\") ",
    ],
      postgres: [
      "ALTER TABLE \"tasks\" ADD \"inbound\" text",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_tasks_customer_status\"",
      "DROP INDEX \"ix_tasks_daily_list\"",
      "DROP INDEX \"ix_tasks_assignee_completed\"",
      "ALTER TABLE \"tasks\" RENAME TO \"temporary_tasks\"",
      "CREATE TABLE \"tasks\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"touch_id\" integer, \"rule_id\" integer, \"customer_id\" integer NOT NULL, \"kind\" varchar(20) NOT NULL, \"title\" varchar(300) NOT NULL, \"reason\" text NOT NULL DEFAULT (''), \"talking_points\" text NOT NULL DEFAULT (''), \"due_day\" varchar(10) NOT NULL, \"priority\" integer NOT NULL DEFAULT (0), \"assignee_id\" integer, \"status\" varchar(20) NOT NULL DEFAULT ('open'), \"snoozed_until\" varchar(10), \"outcome\" varchar(30), \"outcome_note\" text, \"skip_reason\" text, \"completed_at\" bigint, \"created_by_id\" integer, \"created_at\" bigint NOT NULL, \"updated_at\" bigint NOT NULL, \"texts\" text, \"attempts\" integer NOT NULL DEFAULT (0), \"undo\" text, \"undo_until\" bigint, \"printed_at\" bigint)",
      "INSERT INTO \"tasks\"(\"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\", \"attempts\", \"undo\", \"undo_until\", \"printed_at\") SELECT \"id\", \"touch_id\", \"rule_id\", \"customer_id\", \"kind\", \"title\", \"reason\", \"talking_points\", \"due_day\", \"priority\", \"assignee_id\", \"status\", \"snoozed_until\", \"outcome\", \"outcome_note\", \"skip_reason\", \"completed_at\", \"created_by_id\", \"created_at\", \"updated_at\", \"texts\", \"attempts\", \"undo\", \"undo_until\", \"printed_at\" FROM \"temporary_tasks\"",
      "DROP TABLE \"temporary_tasks\"",
      "CREATE INDEX \"ix_tasks_customer_status\" ON \"tasks\" (\"customer_id\", \"status\") ",
      "CREATE INDEX \"ix_tasks_daily_list\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\", \"priority\") ",
      "CREATE INDEX \"ix_tasks_assignee_completed\" ON \"tasks\" (\"assignee_id\", \"completed_at\") ",
    ],
      postgres: [
      "ALTER TABLE \"tasks\" DROP COLUMN \"inbound\"",
    ],
    });
  }
}
