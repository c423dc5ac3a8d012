import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ix_tasks_assignee_completed holds completed tasks only. Every query that reads it asks for a
 * range of completed_at (a staff member's done-today count, the team's, the survey's sources),
 * which no open task is in; a tick's tens of thousands of new open tasks then skip one of their
 * four index inserts. The same statements on both databases: both use a partial index
 * `c IS NOT NULL` for a query comparing c. Written by hand (the generator ignores an index's WHERE).
 */
export class TasksCompletedIndexPartial1795856642650 implements MigrationInterface {
  name = 'TasksCompletedIndexPartial1795856642650';

  async up(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_tasks_assignee_completed"');
    await q.query(
      'CREATE INDEX "ix_tasks_assignee_completed" ON "tasks" ("assignee_id", "completed_at") WHERE "completed_at" IS NOT NULL',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX "ix_tasks_assignee_completed"');
    await q.query('CREATE INDEX "ix_tasks_assignee_completed" ON "tasks" ("assignee_id", "completed_at")');
  }
}
