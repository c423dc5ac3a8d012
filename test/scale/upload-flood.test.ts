import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  createUserWithToken,
  EngineProcess,
  hostileUploads,
  killEngineProcesses,
  measureUpload,
  openTestDataSource,
  spawnEngineProcess,
  testDatabases,
} from '@touchbase/test-kit';

const MB = 1024 * 1024;

/**
 * Bounded uploads (docs/import.md#bounded-uploads): hostile files sent to a real engine process
 * are refused with a clear 4xx while its resident memory (read from /proc/<pid>/status, not
 * timed) stays within 100 MB of what it was before each upload.
 */
describe.each(testDatabases().filter((d) => d.name === 'sqlite'))(
  'hostile uploads to a real engine on $name',
  (db) => {
    let store: Awaited<ReturnType<typeof openTestDataSource>>;
    let engine: EngineProcess | undefined;
    let auth: Record<string, string>;

    beforeAll(async () => {
      store = await openTestDataSource(db);
      const { token } = await createUserWithToken(store.ds, 'owner', new Date());
      auth = { authorization: `Bearer ${token}` };
      engine = await spawnEngineProcess({ name: 'uploads', database: store.settings, roles: 'api' });
      // warm up the import path once, so the baseline includes what any import loads
      const form = new FormData();
      form.append('file', new Blob(['external_id,first_name\nW-1,Warm\n'], { type: 'text/csv' }), 'w.csv');
      expect(
        (
          await fetch(`${engine.url}/api/imports/customers?dryRun=true`, {
            method: 'POST',
            headers: auth,
            body: form,
          })
        ).status,
      ).toBe(200);
    });
    afterAll(async () => {
      await killEngineProcesses([engine]);
      await store?.close();
    });

    const [hugeCell, manyColumns, hugeBody] = hostileUploads({
      hugeCellMb: 40,
      bodyMb: Number(process.env.UPLOAD_TEST_BODY_MB ?? 1024),
    });
    const cases: Array<[string, typeof hugeCell, number, RegExp]> = [
      [hugeCell.name, hugeCell, 400, /longer than 256 KiB/],
      [manyColumns.name, manyColumns, 400, /longer than 256 KiB|columns/],
      [hugeBody.name, hugeBody, 413, /too large/i],
    ];

    it.each(cases)(
      '%s: refused with a clear 4xx, memory within 100 MB of idle',
      async (_name, upload, status, message) => {
        const r = await measureUpload(engine!.pid, `${engine!.url}/api/imports/customers`, auth, upload);
        expect({ status: r.status, body: r.body }).toEqual({ status, body: expect.stringMatching(message) });
        const growthMb = Math.round((r.peakRss - r.idleRss) / MB);
        expect([upload.name, growthMb < 100 ? 'within 100 MB' : `grew ${growthMb} MB`]).toEqual([
          upload.name,
          'within 100 MB',
        ]);
        // the engine's private upload folder (mode 700) holds nothing afterwards
        const folders = fs
          .readdirSync(os.tmpdir())
          .filter((n) => n.startsWith(`touchbase-uploads-${engine!.pid}-`));
        expect(folders).toHaveLength(1);
        const folder = path.join(os.tmpdir(), folders[0]);
        expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
        expect(fs.readdirSync(folder)).toEqual([]);
      },
      300_000,
    );
  },
);
