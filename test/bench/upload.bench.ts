/**
 * npm run bench:upload — hostile CSV uploads against a real engine process (SQLite): for each
 * file (one unterminated quoted cell, a million columns, a 1 GB body) the engine's answer and
 * its resident memory before and at the peak of the upload, read from /proc/<pid>/status
 * (docs/import.md#bounded-uploads). BENCH_BODY_MB sets the big body's size (default 1024).
 *
 *   npm run bench:upload
 */
import { performance } from 'node:perf_hooks';
import {
  createUserWithToken,
  hostileUploads,
  measureUpload,
  openTestDataSource,
  spawnEngineProcess,
  testDatabases,
} from '../kit';

const MB = 1024 * 1024;

async function main(): Promise<void> {
  const store = await openTestDataSource(testDatabases()[0]);
  const { token } = await createUserWithToken(store.ds, 'owner', new Date());
  const auth = { authorization: `Bearer ${token}` };
  const engine = await spawnEngineProcess({ name: 'bench-upload', database: store.settings, roles: 'api' });
  try {
    console.log(
      'upload                                       | answer | idle RSS | peak RSS | growth | time',
    );
    for (const upload of hostileUploads({ bodyMb: Number(process.env.BENCH_BODY_MB ?? 1024) })) {
      const started = performance.now();
      const r = await measureUpload(engine.pid, `${engine.url}/api/imports/customers`, auth, upload);
      const s = ((performance.now() - started) / 1000).toFixed(1);
      console.log(
        `${upload.name.padEnd(44)} | ${String(r.status).padEnd(6)} | ${(r.idleRss / MB).toFixed(0).padStart(5)} MB | ` +
          `${(r.peakRss / MB).toFixed(0).padStart(5)} MB | ${((r.peakRss - r.idleRss) / MB).toFixed(0).padStart(3)} MB | ${s} s`,
      );
    }
  } finally {
    await engine.stop('SIGTERM');
    await store.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
