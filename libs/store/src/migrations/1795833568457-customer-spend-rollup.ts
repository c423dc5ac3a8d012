import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class CustomerSpendRollup1795833568457 implements MigrationInterface {
  name = 'CustomerSpendRollup1795833568457';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"customer_spend\" (\"customer_id\" integer NOT NULL, \"currency\" varchar(3) NOT NULL, \"spend_minor\" bigint NOT NULL, \"order_count\" integer NOT NULL, PRIMARY KEY (\"customer_id\", \"currency\"))",
    ],
      postgres: [
      "CREATE TABLE \"customer_spend\" (\"customer_id\" integer NOT NULL, \"currency\" character varying(3) NOT NULL, \"spend_minor\" bigint NOT NULL, \"order_count\" integer NOT NULL, CONSTRAINT \"PK_cc01f3a2f056e57018fd017f240\" PRIMARY KEY (\"customer_id\", \"currency\"))",
    ],
    });
    // Written by hand (the generator cannot express them): the ranking index with its direction,
    // and the backfill. The window edge starts at 0, every stored order counts, until the tick's
    // daily step moves it (docs/rules-and-scheduler.md#spend-rollup).
    await q.query(
      'CREATE INDEX "ix_customer_spend_rank" ON "customer_spend" ("currency", "spend_minor" DESC, "customer_id")',
    );
    await q.query(
      'INSERT INTO "customer_spend" ("customer_id", "currency", "spend_minor", "order_count") ' +
        'SELECT "customer_id", "currency", SUM("total_minor"), COUNT(*) FROM "orders" GROUP BY "customer_id", "currency"',
    );
    await q.query(
      `INSERT INTO "engine_state" ("key", "value", "updated_at") VALUES ('spend.window_edge', '0', 0)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "engine_state" WHERE "key" = 'spend.window_edge'`);
    await q.query('DROP INDEX "ix_customer_spend_rank"');
    await runFor(q, {
      sqlite: [
      "DROP TABLE \"customer_spend\"",
    ],
      postgres: [
      "DROP TABLE \"customer_spend\"",
    ],
    });
  }
}
