/**
 * npm run bench:import — CSV import of customers: rows/s and memory.
 *
 * Two files of the same customers: the project's own format (UTF-8, ISO dates, English headers)
 * and the mapped path (docs/import.md): a Windows-1252 file as German Excel saves it, with `;`,
 * German headers, `24.12.1980` birthdays, `ja`/`nein`, and an explicit column mapping.
 *
 * Writes a customers CSV of BENCH_ROWS rows (default 100,000; names with umlauts, local phone
 * numbers, birthdays, consent, tags) to a temp file, then imports it into a fresh database three
 * times: a dry run, the real import (all created) and a re-import (all unchanged). Prints the
 * wall time, the CPU time of the importing process (PostgreSQL's own work is not in it), rows/s
 * and the peak RSS / heap growth during each run, which shows the file is streamed
 * (memory does not grow with the file). SQLite always; PostgreSQL too when DATABASE_URL is set
 * (scratch databases are made next to it and dropped afterwards).
 *
 * Beside each database's figures it measures the raw baseline on the same own-format file in the
 * same run (csv-parse + prepared inserts in one transaction, ./import-raw.ts) and prints the
 * product's first import as a share of it (the target is ≥ 50 %, docs/benchmarks.md).
 *
 *   npm run bench:import
 *   BENCH_ROWS=1000000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:import
 */
import { scratchPostgres } from './scratch-postgres';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FixedClock } from '@touchbase/core';
import * as iconv from 'iconv-lite';
import { CsvImportService, ImportOptions, ImportReport } from '@touchbase/ingest';
import { createDataSource, DatabaseSettings, SettingsService } from '@touchbase/store';
import { testConfig } from '../kit/config';
import { rawPostgres, rawSqlite } from './import-raw';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const FIRST = ['Jürgen', 'Anna', 'Łukasz', 'Zofia', 'Oliver', 'Zoë', 'Sören', 'Małgorzata'];
const LAST = ['Müller', 'Wiśniewska', 'Smith', 'Groß', 'Nowak', "O'Connor", 'Weiß', 'Kowalski'];

function writeCsv(file: string, german: boolean): void {
  const fd = fs.openSync(file, 'w');
  const out = (text: string) =>
    fs.writeSync(fd, german ? iconv.encode(text, 'windows-1252') : Buffer.from(text, 'utf8'));
  let buf = german
    ? 'Kundennr;Vorname;Nachname;Mail;Mobil;Geb.;Zone;Sprache;Newsletter OK;Schlagworte\r\n'
    : 'external_id,first_name,last_name,email,phone,birthday,timezone,locale,email_consent,tags\r\n';
  for (let i = 1; i <= ROWS; i++) {
    const f = FIRST[i % FIRST.length];
    const l = LAST[(i * 7) % LAST.length];
    const m = String((i % 12) + 1).padStart(2, '0');
    const d = String((i % 28) + 1).padStart(2, '0');
    const phone = `0151 ${String(10_000_000 + i).slice(-8)}`;
    buf += german
      ? `C-${i};${f};"${l}";Customer${i}@Example.com;${phone};${d}.${m}.${1950 + (i % 50)};Europe/Berlin;Deutsch;${i % 3 ? 'ja' : 'nein'};"vip,tea"\r\n`
      : `C-${i},${f},"${l}",Customer${i}@Example.com,${phone},${1950 + (i % 50)}-${m}-${d},Europe/Berlin,de,${i % 3 ? 'yes' : 'no'},"vip;tea"\r\n`;
    if (buf.length > 1 << 20) {
      out(buf);
      buf = '';
    }
  }
  out(buf);
  fs.closeSync(fd);
}

/** The mapping an owner confirms for the German file (none of its headers is guessed). */
const GERMAN_MAPPING: ImportOptions = {
  locale: 'de',
  columns: {
    Kundennr: 'externalId',
    Mail: 'email',
    Mobil: 'phone',
    'Geb.': 'birthday',
    Zone: 'timezone',
    'Newsletter OK': 'emailConsent',
    Schlagworte: 'tags',
  },
};

/** Rows per CPU-second of this process. */
const rate = (cpuMs: number) => Math.round((ROWS / cpuMs) * 1000);

async function measure(label: string, work: () => Promise<ImportReport | number>): Promise<number> {
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
  const counts =
    typeof r === 'number'
      ? `inserted ${r}`
      : `created ${r.created} updated ${r.updated} unchanged ${r.unchanged} bad ${r.badRowCount}`;
  console.log(
    `  ${label.padEnd(10)} ${ms.toFixed(0).padStart(7)} ms wall (${Math.round((ROWS / ms) * 1000).toLocaleString('en')} rows/s), ` +
      `${cpuMs.toFixed(0)} ms CPU in this process (${rate(cpuMs).toLocaleString('en')} rows/CPU-s)  ${counts}  ` +
      `peak RSS ${mb(peakRss)} MB (+${mb(peakRss - base.rss)}), heap +${mb(peakHeap - base.heapUsed)} MB`,
  );
  return cpuMs;
}

/** A fresh database with the schema; `raw` runs the baseline on it instead of the product. */
async function migrated(settings: DatabaseSettings) {
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** The product's three runs; the first import's CPU time. */
async function benchOn(
  name: string,
  settings: DatabaseSettings,
  file: string,
  opts: ImportOptions,
): Promise<number> {
  const ds = await migrated(settings);
  const clock = new FixedClock('2026-06-15T10:00:00Z');
  const config = testConfig(settings);
  const service = new CsvImportService(ds, clock, config, new SettingsService(ds, clock, config));
  console.log(`${name}: ${ROWS.toLocaleString('en')} customers`);
  try {
    const run = (extra: ImportOptions) =>
      service.import('customers', fs.createReadStream(file), { ...opts, ...extra });
    await measure('dry run', () => run({ dryRun: true }));
    const cpu = await measure('import', () => run({}));
    await measure('re-import', () => run({}));
    return cpu;
  } finally {
    await ds.destroy();
  }
}

/** The share of the raw baseline's rows/CPU-s that the product's first import reaches. */
function ratio(name: string, productCpu: number, rawCpu: number): string {
  const line = `${name}: import ${rate(productCpu).toLocaleString('en')} rows/CPU-s, raw ${rate(rawCpu).toLocaleString('en')} rows/CPU-s → ${Math.round((100 * rawCpu) / productCpu)} % of raw`;
  console.log(line);
  return line;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-import-'));
  const plain = path.join(dir, 'customers.csv');
  const german = path.join(dir, 'kunden.csv');
  writeCsv(plain, false);
  writeCsv(german, true);
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  console.log(`CSV: ${(fs.statSync(plain).size / 1024 / 1024).toFixed(1)} MB; load average ${load()}`);
  const summary: string[] = [];
  try {
    const sqlite = (name: string): DatabaseSettings => ({ type: 'sqlite', path: path.join(dir, name) });
    console.log(`SQLite, raw baseline (csv-parse + prepared INSERT, one transaction; after a warm-up run)`);
    for (const name of ['raw-warm-up.sqlite', 'raw.sqlite']) await (await migrated(sqlite(name))).destroy();
    await rawSqlite(plain, path.join(dir, 'raw-warm-up.sqlite'));
    const rawSqliteCpu = await measure('raw', () => rawSqlite(plain, path.join(dir, 'raw.sqlite')));
    const sqliteCpu = await benchOn('SQLite, own format', sqlite('plain.sqlite'), plain, {});
    summary.push(ratio('SQLite, own format', sqliteCpu, rawSqliteCpu));
    const mappedCpu = await benchOn(
      'SQLite, mapped (Windows-1252, German)',
      sqlite('mapped.sqlite'),
      german,
      GERMAN_MAPPING,
    );
    summary.push(ratio('SQLite, mapped', mappedCpu, rawSqliteCpu));
    if (process.env.DATABASE_URL) {
      console.log(
        `PostgreSQL, raw baseline (csv-parse + prepared 500-row INSERTs, one transaction; after a warm-up run)`,
      );
      const rawPgCpu = await scratchPostgres(async (url) => {
        const ds = await migrated({ type: 'postgres', url });
        await rawPostgres(plain, url);
        await ds.query('TRUNCATE customers RESTART IDENTITY CASCADE');
        await ds.destroy();
        return measure('raw', () => rawPostgres(plain, url));
      });
      const pgCpu = await scratchPostgres((url) =>
        benchOn('PostgreSQL, own format', { type: 'postgres', url }, plain, {}),
      );
      summary.push(ratio('PostgreSQL, own format', pgCpu, rawPgCpu));
      const pgMappedCpu = await scratchPostgres((url) =>
        benchOn(
          'PostgreSQL, mapped (Windows-1252, German)',
          { type: 'postgres', url },
          german,
          GERMAN_MAPPING,
        ),
      );
      summary.push(ratio('PostgreSQL, mapped', pgMappedCpu, rawPgCpu));
    }
    console.log(`\nSummary (${ROWS.toLocaleString('en')} rows; load average ${load()}):`);
    for (const line of summary) console.log(`  ${line}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
