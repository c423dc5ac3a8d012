/**
 * Generates one migration that carries the schema change for both SQLite and PostgreSQL,
 * computed by TypeORM from the entities against a database at the current migration level.
 *
 *   npm run migration:generate -- AddSurveyResponses
 *
 * Needs PostgreSQL at TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { createDataSource } from '../libs/store/src/data-source';

async function pending(db: Parameters<typeof createDataSource>[0]) {
  const ds = createDataSource(db);
  await ds.initialize();
  await ds.runMigrations();
  const log = await ds.driver.createSchemaBuilder().log();
  await ds.destroy();
  return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query).reverse() };
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name))
    throw new Error('usage: generate-migration NameInPascalCase');
  const sqlitePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tb-gen-')), 'gen.sqlite');
  const sqlite = await pending({ type: 'sqlite', path: sqlitePath });

  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const dbName = `tb_gen_${process.pid}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  try {
    const url = new URL(base);
    url.pathname = `/${dbName}`;
    const postgres = await pending({ type: 'postgres', url: url.toString() });
    if (!sqlite.up.length && !postgres.up.length) {
      console.log('No schema changes.');
      return;
    }
    const ts = Date.now();
    const cls = `${name}${ts}`;
    const file = path.join(
      __dirname,
      '../libs/store/src/migrations',
      `${ts}-${name.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.ts`,
    );
    const arr = (xs: string[]) => `[\n${xs.map((x) => `      ${JSON.stringify(x)},`).join('\n')}\n    ]`;
    fs.writeFileSync(
      file,
      `import { MigrationInterface, QueryRunner } from 'typeorm';
import { runFor } from './dialect';

export class ${cls} implements MigrationInterface {
  name = '${cls}';

  async up(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: ${arr(sqlite.up)},
      postgres: ${arr(postgres.up)},
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await runFor(q, {
      sqlite: ${arr(sqlite.down)},
      postgres: ${arr(postgres.down)},
    });
  }
}
`,
    );
    console.log(`Wrote ${file}\nAdd ${cls} to libs/store/src/migrations/index.ts`);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
