import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class TasksDailyListIndex1795436584074 implements MigrationInterface {
  name = 'TasksDailyListIndex1795436584074';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_tasks_assignee_status_due\"",
      "CREATE INDEX \"ix_tasks_daily_list\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\", \"priority\") ",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_tasks_assignee_status_due\"",
      "CREATE INDEX \"ix_tasks_daily_list\" ON \"tasks\"  (\"assignee_id\", \"status\", \"due_day\", \"priority\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_tasks_daily_list\"",
      "CREATE INDEX \"ix_tasks_assignee_status_due\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\") ",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_tasks_daily_list\"",
      "CREATE INDEX \"ix_tasks_assignee_status_due\" ON \"tasks\" (\"assignee_id\", \"status\", \"due_day\") ",
    ],
    });
  }
}
