import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class WaitlistSignups1795804190135 implements MigrationInterface {
  name = 'WaitlistSignups1795804190135';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "CREATE TABLE \"waitlist_signups\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, \"token_hash\" varchar(64) NOT NULL, \"product_id\" integer NOT NULL, \"channel\" varchar(10) NOT NULL, \"address\" varchar(320) NOT NULL, \"address_hash\" varchar(64) NOT NULL, \"ip_hash\" varchar(64) NOT NULL, \"locale\" varchar(10) NOT NULL, \"created_at\" bigint NOT NULL, \"expires_at\" bigint NOT NULL, \"confirmed_at\" bigint)",
      "CREATE UNIQUE INDEX \"uq_waitlist_signups_token\" ON \"waitlist_signups\" (\"token_hash\") ",
      "CREATE INDEX \"ix_waitlist_signups_created\" ON \"waitlist_signups\" (\"created_at\") ",
      "CREATE INDEX \"ix_waitlist_signups_address\" ON \"waitlist_signups\" (\"address_hash\", \"created_at\") ",
      "CREATE INDEX \"ix_waitlist_signups_ip\" ON \"waitlist_signups\" (\"ip_hash\", \"created_at\") ",
    ],
      postgres: [
      "CREATE TABLE \"waitlist_signups\" (\"id\" SERIAL NOT NULL, \"token_hash\" character varying(64) NOT NULL, \"product_id\" integer NOT NULL, \"channel\" character varying(10) NOT NULL, \"address\" character varying(320) NOT NULL, \"address_hash\" character varying(64) NOT NULL, \"ip_hash\" character varying(64) NOT NULL, \"locale\" character varying(10) NOT NULL, \"created_at\" bigint NOT NULL, \"expires_at\" bigint NOT NULL, \"confirmed_at\" bigint, CONSTRAINT \"PK_2c25d8edf518162f06c849c5fb3\" PRIMARY KEY (\"id\"))",
      "CREATE UNIQUE INDEX \"uq_waitlist_signups_token\" ON \"waitlist_signups\"  (\"token_hash\") ",
      "CREATE INDEX \"ix_waitlist_signups_created\" ON \"waitlist_signups\"  (\"created_at\") ",
      "CREATE INDEX \"ix_waitlist_signups_address\" ON \"waitlist_signups\"  (\"address_hash\", \"created_at\") ",
      "CREATE INDEX \"ix_waitlist_signups_ip\" ON \"waitlist_signups\"  (\"ip_hash\", \"created_at\") ",
    ],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: [
      "DROP INDEX \"ix_waitlist_signups_ip\"",
      "DROP INDEX \"ix_waitlist_signups_address\"",
      "DROP INDEX \"ix_waitlist_signups_created\"",
      "DROP INDEX \"uq_waitlist_signups_token\"",
      "DROP TABLE \"waitlist_signups\"",
    ],
      postgres: [
      "DROP INDEX \"public\".\"ix_waitlist_signups_ip\"",
      "DROP INDEX \"public\".\"ix_waitlist_signups_address\"",
      "DROP INDEX \"public\".\"ix_waitlist_signups_created\"",
      "DROP INDEX \"public\".\"uq_waitlist_signups_token\"",
      "DROP TABLE \"waitlist_signups\"",
    ],
    });
  }
}
