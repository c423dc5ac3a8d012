import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class OrdersCustomerSpendIndex1795437704077 implements MigrationInterface {
  name = 'OrdersCustomerSpendIndex1795437704077';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE INDEX \"ix_orders_customer_spend\" ON \"orders\" (\"customer_id\", \"currency\", \"placed_at\", \"total_minor\") ",
    ],
      postgres: [
      "CREATE INDEX \"ix_orders_customer_spend\" ON \"orders\"  (\"customer_id\", \"currency\", \"placed_at\", \"total_minor\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_orders_customer_spend\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_orders_customer_spend\"",
    ],
    });
  }
}
