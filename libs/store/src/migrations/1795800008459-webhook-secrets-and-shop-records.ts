import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class WebhookSecretsAndShopRecords1795800008459 implements MigrationInterface {
  name = 'WebhookSecretsAndShopRecords1795800008459';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"webhook_secrets\" (\"source\" varchar(20) PRIMARY KEY NOT NULL, \"secret\" varchar(200) NOT NULL, \"previous_secret\" varchar(200), \"previous_until\" bigint, \"updated_at\" bigint NOT NULL)",
      "CREATE TABLE \"shop_records\" (\"source\" varchar(20) NOT NULL, \"record_key\" varchar(200) NOT NULL, \"ref\" varchar(200), \"quantity\" integer, \"version_at\" bigint, PRIMARY KEY (\"source\", \"record_key\"))",
      "CREATE INDEX \"ix_webhook_events_received\" ON \"webhook_events\" (\"provider\", \"received_at\") ",
    ],
      postgres: [
      "CREATE TABLE \"webhook_secrets\" (\"source\" character varying(20) NOT NULL, \"secret\" character varying(200) NOT NULL, \"previous_secret\" character varying(200), \"previous_until\" bigint, \"updated_at\" bigint NOT NULL, CONSTRAINT \"PK_756ce1fc083dec4ef8cbade3077\" PRIMARY KEY (\"source\"))",
      "CREATE TABLE \"shop_records\" (\"source\" character varying(20) NOT NULL, \"record_key\" character varying(200) NOT NULL, \"ref\" character varying(200), \"quantity\" integer, \"version_at\" bigint, CONSTRAINT \"PK_5517766272ecbf3e9783af71ede\" PRIMARY KEY (\"source\", \"record_key\"))",
      "CREATE INDEX \"ix_webhook_events_received\" ON \"webhook_events\"  (\"provider\", \"received_at\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_webhook_events_received\"",
      "DROP TABLE \"shop_records\"",
      "DROP TABLE \"webhook_secrets\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_webhook_events_received\"",
      "DROP TABLE \"shop_records\"",
      "DROP TABLE \"webhook_secrets\"",
    ],
    });
  }
}
