import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource } from '@touchbase/store';
import { EngineProcess, killEngineProcesses, spawnEngineProcess, testDatabases } from '@touchbase/test-kit';
import { compileTrees } from '../bench/compiled';

/**
 * The engine as production runs it: one minified bundle (scripts/bundle-engine.js, run by
 * `npm run build`; docs/operations.md#memory). Built here the same way from the sources compiled
 * by swc, then started on an empty database of each kind: it migrates it (migrations are
 * recorded by class name, which the bundle keeps), loads its database driver through TypeORM's
 * computed require, reads its views, static files and default templates from disk, serves
 * Swagger's document and UI, and leaves the vendors it loads on first use in node_modules.
 */
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, 'var', `engine-bundle-${process.pid}`);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bundleEngine } = require('../../scripts/bundle-engine.js') as {
  bundleEngine(dir: string): Promise<unknown>;
};

const REPORT_PACKAGES = `const fs = require('node:fs');
process.on('exit', () => {
  const files = Object.keys(require.cache);
  const loaded = ['better-sqlite3', 'pg', 'nodemailer', 'twilio', 'mailparser', 'csv-parse'].filter((p) => files.some((f) => f.includes('/node_modules/' + p + '/')));
  const json = files.filter((f) => f.endsWith('.json')).map((f) => f.slice(f.lastIndexOf('/node_modules/') + 14));
  fs.writeFileSync(process.env.TB_PACKAGES_REPORT, JSON.stringify({ loaded, json }));
});
`;

beforeAll(async () => {
  compileTrees(ROOT, OUT, ['apps', 'libs', 'config']);
  await bundleEngine(OUT);
  fs.writeFileSync(path.join(OUT, 'report-packages.js'), REPORT_PACKAGES);
}, 600_000);
afterAll(() => fs.rmSync(OUT, { recursive: true, force: true }));

it('is one ASCII file (V8 keeps two-byte text at twice the size)', () => {
  const bundle = fs.readFileSync(path.join(OUT, 'engine.js'));
  expect(bundle.length).toBeGreaterThan(1_000_000);
  expect(bundle.findIndex((b) => b > 0x7f)).toBe(-1);
  expect(bundle.toString('latin1')).toContain('class CustomersController');
  // JSON files are left to node (read, parsed, the text dropped), not kept as literals in the bundle
  expect(bundle.toString('latin1')).toContain('node_modules/mime-db/db.json');
  expect(bundle.toString('latin1')).not.toContain('"application/1d-interleaved-parityfec"');
});

it("gives class-validator's IsPhoneNumber the same parsePhoneNumber, loaded on first call", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stub = require('../../scripts/bundle-engine.phone-max-stub.js') as {
    parsePhoneNumber(text: string, region?: string): { country?: string; isValid(): boolean };
  };
  expect(stub.parsePhoneNumber('+41 44 668 18 00').country).toBe('CH');
  expect(stub.parsePhoneNumber('030 1234567', 'DE').isValid()).toBe(true);
});

describe.each(testDatabases())('the bundled engine on $name', (db) => {
  const engines: EngineProcess[] = [];
  afterAll(() => killEngineProcesses(engines));

  it('migrates an empty database, serves the UI, the assets and the API docs', async () => {
    const settings = await db.create();
    const report = path.join(OUT, `packages-${db.name}.json`);
    try {
      const engine = await spawnEngineProcess({
        name: `bundle-${db.name}`,
        database: settings,
        script: path.join(OUT, 'engine.js'),
        env: {
          NODE_OPTIONS: `--require ${path.join(OUT, 'report-packages.js')}`,
          TB_PACKAGES_REPORT: report,
        },
        startTimeoutMs: 120_000,
      });
      engines.push(engine);
      const get = (p: string) => fetch(`${engine.url}${p}`);

      const login = await get('/login');
      expect(login.status).toBe(200);
      expect(await login.text()).toContain('<form');
      for (const asset of ['app.css', 'htmx.min.js'])
        expect((await get(`/assets/${asset}`)).status).toBe(200);
      const docs = (await (await get('/api/docs/json')).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(docs.paths)).toContain('/api/customers');
      expect((await get('/api/docs/swagger-ui.css')).status).toBe(200);

      expect((await engine.stop('SIGTERM', 60_000)).code).toBe(0);
      const { loaded, json } = JSON.parse(fs.readFileSync(report, 'utf8')) as Record<string, string[]>;
      expect(loaded).toEqual([db.name === 'sqlite' ? 'better-sqlite3' : 'pg']);
      // mime-db's table read from node_modules; libphonenumber's largest metadata not loaded (IsPhoneNumber unused)
      expect(json).toContain('mime-db/db.json');
      expect(json).not.toContain('libphonenumber-js/metadata.max.json');

      // the sources' migrations find themselves applied: the bundle recorded them by their names
      const ds: DataSource = createDataSource(settings);
      await ds.initialize();
      try {
        expect(await ds.showMigrations()).toBe(false);
      } finally {
        await ds.destroy();
      }
    } finally {
      await db.drop(settings);
    }
  }, 300_000);
});
