import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data only (touches.status is a varchar): a touch now follows its message to the end
 * (docs/delivery-guarantees.md#the-touch-follows-its-message). Touches written before stayed
 * `queued` when their message failed or was held, and became `skipped` when it was cancelled;
 * they take their message's outcome now, so reports count them truthfully. The same statement
 * reads the same on SQLite and PostgreSQL.
 */
const FOLLOW = `UPDATE touches SET status = (
    SELECT CASE m.status WHEN 'delivered' THEN 'delivered' WHEN 'undelivered' THEN 'failed' WHEN 'failed' THEN 'failed'
                         WHEN 'cancelled' THEN 'cancelled' WHEN 'held' THEN 'held' END
      FROM outbox_messages m WHERE m.id = touches.message_id)
  WHERE status IN ('queued', 'sent', 'skipped') AND message_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM outbox_messages m WHERE m.id = touches.message_id
                   AND m.status IN ('delivered', 'undelivered', 'failed', 'cancelled', 'held'))`;

export class TouchFollowsMessage1795810173988 implements MigrationInterface {
  name = 'TouchFollowsMessage1795810173988';

  async up(q: QueryRunner): Promise<void> {
    await q.query(FOLLOW);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `UPDATE touches SET status = CASE status WHEN 'delivered' THEN 'sent' WHEN 'cancelled' THEN 'skipped' ELSE 'queued' END
        WHERE status IN ('delivered', 'failed', 'cancelled', 'held')`,
    );
  }
}
