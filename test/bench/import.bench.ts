/**
 * npm run bench:import — CSV import of customers: rows/s and memory.
 *
 * Writes a customers CSV of BENCH_ROWS rows (default 100,000; names with umlauts, local phone
 * numbers, birthdays, consent, tags) to a temp file, then imports it into a fresh database three
 * times: a dry run, the real import (all created) and a re-import (all unchanged). Prints the
 * wall time, the CPU time of the importing process (PostgreSQL's own work is not in it), rows/s
 * and the peak RSS / heap growth during each run, which shows the file is streamed
 * (memory does not grow with the file). SQLite always; PostgreSQL too when DATABASE_URL is set
 * (a scratch database is made next to it and dropped afterwards).
 *
 *   npm run bench:import
 *   BENCH_ROWS=1000000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:import
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { FixedClock } from '@touchbase/core';
import { CsvImportService, ImportReport } from '@touchbase/ingest';
import { createDataSource, DatabaseSettings } from '@touchbase/store';
import { testConfig } from '../kit/config';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const FIRST = ['Jürgen', 'Anna', 'Łukasz', 'Zofia', 'Oliver', 'Zoë', 'Sören', 'Małgorzata'];
const LAST = ['Müller', 'Wiśniewska', 'Smith', 'Groß', 'Nowak', "O'Connor", 'Weiß', 'Kowalski'];

function writeCsv(file: string): void {
  const fd = fs.openSync(file, 'w');
  let buf = 'external_id,first_name,last_name,email,phone,birthday,timezone,locale,email_consent,tags\r\n';
  for (let i = 1; i <= ROWS; i++) {
    const f = FIRST[i % FIRST.length];
    const l = LAST[(i * 7) % LAST.length];
    const m = String((i % 12) + 1).padStart(2, '0');
    const d = String((i % 28) + 1).padStart(2, '0');
    buf += `C-${i},${f},"${l}",Customer${i}@Example.com,0151 ${String(10_000_000 + i).slice(-8)},${1950 + (i % 50)}-${m}-${d},Europe/Berlin,de,${i % 3 ? 'yes' : 'no'},"vip;tea"\r\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
}

async function measure(label: string, work: () => Promise<ImportReport>): Promise<void> {
  global.gc?.();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = await work();
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  clearInterval(timer);
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(
    `  ${label.padEnd(10)} ${ms.toFixed(0).padStart(7)} ms wall (${Math.round((ROWS / ms) * 1000).toLocaleString('en')} rows/s), ` +
      `${cpuMs.toFixed(0)} ms CPU in this process (${Math.round((ROWS / cpuMs) * 1000).toLocaleString('en')} rows/CPU-s)  ` +
      `created ${r.created} updated ${r.updated} unchanged ${r.unchanged} bad ${r.badRowCount}  ` +
      `peak RSS ${mb(peakRss)} MB (+${mb(peakRss - base.rss)}), heap +${mb(peakHeap - base.heapUsed)} MB`,
  );
}

async function benchOn(name: string, settings: DatabaseSettings, file: string): Promise<void> {
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const service = new CsvImportService(ds, new FixedClock('2026-06-15T10:00:00Z'), testConfig(settings));
  console.log(`${name}: ${ROWS.toLocaleString('en')} customers`);
  try {
    await measure('dry run', () => service.import('customers', fs.createReadStream(file), { dryRun: true }));
    await measure('import', () => service.import('customers', fs.createReadStream(file)));
    await measure('re-import', () => service.import('customers', fs.createReadStream(file)));
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-import-'));
  const file = path.join(dir, 'customers.csv');
  writeCsv(file);
  console.log(`CSV: ${(fs.statSync(file).size / 1024 / 1024).toFixed(1)} MB`);
  try {
    await benchOn('SQLite', { type: 'sqlite', path: path.join(dir, 'bench.sqlite') }, file);
    if (process.env.DATABASE_URL) {
      const name = `tb_bench_${randomBytes(4).toString('hex')}`;
      const admin = new Client({ connectionString: process.env.DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(process.env.DATABASE_URL);
      url.pathname = `/${name}`;
      try {
        await benchOn('PostgreSQL', { type: 'postgres', url: url.toString() }, file);
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
