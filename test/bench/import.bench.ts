/**
 * npm run bench:import — CSV import of customers: rows per CPU-second against a raw baseline.
 *
 * Two files of the same customers: the project's own format (UTF-8, ISO dates, English headers)
 * and the mapped path (docs/import.md): a Windows-1252 file as German Excel saves it, with `;`,
 * German headers, `24.12.1980` birthdays, `ja`/`nein`, and an explicit column mapping.
 *
 * Writes a customers CSV of BENCH_ROWS rows (default 100,000; names with umlauts, local phone
 * numbers, birthdays, consent, tags) to a temp file. Per database (SQLite always; PostgreSQL too
 * when DATABASE_URL is set, in a scratch database made next to it and dropped afterwards):
 * a warm-up run of the raw baseline and a dry run of each file, then BENCH_RUNS rounds (default 5)
 * of the raw baseline (csv-parse + prepared inserts in one transaction, ./import-raw.ts), the
 * mapped import and the own-format import, each into an emptied customers table of the same
 * database, and a re-import (all unchanged) at the end. Each run prints its wall time, the CPU
 * time of the importing process (PostgreSQL's own work is not in it), rows/CPU-s and the peak RSS
 * and heap growth (memory does not grow with the file: it is streamed). The summary gives, per
 * database, the medians with their spread (min–max) and the product's median as a share of the
 * raw median, with the round-by-round shares beside it (the target is ≥ 50 %, docs/benchmarks.md).
 *
 *   npm run bench:import
 *   BENCH_ROWS=50000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import npm run bench:import
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

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));

/** Rows per CPU-second of this process. */
const rate = (cpuMs: number) => Math.round((ROWS / cpuMs) * 1000);
const fmt = (n: number) => n.toLocaleString('en');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

async function measure(label: string, work: () => Promise<ImportReport | number>): Promise<number> {
  global.gc?.(); // every run starts from a clean heap (the npm script passes --expose-gc)
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
    `  ${label.padEnd(12)} ${ms.toFixed(0).padStart(6)} ms wall, ${cpuMs.toFixed(0).padStart(5)} ms CPU ` +
      `(${fmt(rate(cpuMs)).padStart(6)} rows/CPU-s)  ${counts}  peak RSS ${mb(peakRss)} MB, heap +${mb(peakHeap - base.heapUsed)} MB`,
  );
  return cpuMs;
}

/** A database with the schema. */
async function migrated(settings: DatabaseSettings) {
  const ds = createDataSource(settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/** The product's import of `file` into `settings`' database (a data source and service of its own). */
async function productRun(
  label: string,
  settings: DatabaseSettings,
  file: string,
  opts: ImportOptions,
): Promise<number> {
  const ds = createDataSource(settings);
  await ds.initialize();
  const clock = new FixedClock('2026-06-15T10:00:00Z');
  const config = testConfig(settings);
  const service = new CsvImportService(ds, clock, config, new SettingsService(ds, clock, config));
  try {
    return await measure(label, () => service.import('customers', fs.createReadStream(file), opts));
  } finally {
    await ds.destroy();
  }
}

/** One database under test: an empty customers table for each run, and the raw loader. */
interface Store {
  name: string;
  settings: DatabaseSettings;
  /** Empties the customers (and what hangs off them) before a run; not measured. */
  empty(): Promise<void>;
  raw(file: string): Promise<number>;
  rawHow: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const spread = (xs: number[]) => `${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}`;

/**
 * Warm-up (a raw run and a dry run of each file), then RUNS rounds of raw, own format and mapped,
 * each into an emptied table, alternating so that the machine's load falls on all three alike;
 * then one re-import. Answers the summary lines: medians, their spread, the share of raw.
 */
async function benchOn(store: Store, plain: string, german: string): Promise<string[]> {
  console.log(`${store.name}: ${fmt(ROWS)} customers, ${RUNS} rounds; load average ${load()}`);
  console.log(`  (raw = ${store.rawHow})`);
  await store.empty();
  await measure('raw warm-up', () => store.raw(plain));
  await store.empty();
  await productRun('dry run', store.settings, plain, { dryRun: true });
  await productRun('dry, mapped', store.settings, german, { ...GERMAN_MAPPING, dryRun: true });
  const cpu = { raw: [] as number[], own: [] as number[], mapped: [] as number[] };
  for (let i = 1; i <= RUNS; i++) {
    await store.empty();
    cpu.raw.push(await measure(`${i}: raw`, () => store.raw(plain)));
    await store.empty();
    cpu.mapped.push(await productRun(`${i}: mapped`, store.settings, german, GERMAN_MAPPING));
    await store.empty();
    cpu.own.push(await productRun(`${i}: import`, store.settings, plain, {}));
  }
  await productRun('re-import', store.settings, plain, {});
  const rawMedian = median(cpu.raw);
  const lines = [
    `${store.name}, raw: median ${fmt(rate(rawMedian))} rows/CPU-s (${spread(cpu.raw.map(rate))})`,
  ];
  for (const [what, xs] of [
    ['own format', cpu.own],
    ['mapped', cpu.mapped],
  ] as const) {
    const shares = xs.map((x, i) => Math.round((100 * cpu.raw[i]) / x));
    lines.push(
      `${store.name}, ${what}: median ${fmt(rate(median(xs)))} rows/CPU-s (${spread(xs.map(rate))}) → ` +
        `${Math.round((100 * rawMedian) / median(xs))} % of raw (round by round ${Math.min(...shares)}–${Math.max(...shares)} %)`,
    );
  }
  for (const l of lines) console.log(`  ${l}`);
  return lines;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-import-'));
  const plain = path.join(dir, 'customers.csv');
  const german = path.join(dir, 'kunden.csv');
  writeCsv(plain, false);
  writeCsv(german, true);
  if (!global.gc) console.log('(no --expose-gc: runs do not start from a clean heap)');
  console.log(`CSV: ${(fs.statSync(plain).size / 1024 / 1024).toFixed(1)} MB; load average ${load()}`);
  const summary: string[] = [];
  try {
    const file = path.join(dir, 'bench.sqlite');
    const sqlite: DatabaseSettings = { type: 'sqlite', path: file };
    summary.push(
      ...(await benchOn(
        {
          name: 'SQLite',
          settings: sqlite,
          // a new file each run: no free pages or grown WAL left by the one before
          empty: async () => {
            for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
            await (await migrated(sqlite)).destroy();
          },
          raw: (csv) => rawSqlite(csv, file),
          rawHow: 'csv-parse + one prepared INSERT per row, one transaction',
        },
        plain,
        german,
      )),
    );
    if (process.env.DATABASE_URL)
      await scratchPostgres(async (url) => {
        const ds = await migrated({ type: 'postgres', url });
        try {
          summary.push(
            ...(await benchOn(
              {
                name: 'PostgreSQL',
                settings: { type: 'postgres', url },
                empty: async () => {
                  await ds.query('TRUNCATE customers RESTART IDENTITY CASCADE');
                },
                raw: (csv) => rawPostgres(csv, url),
                rawHow: 'csv-parse + named prepared 500-row INSERTs, one transaction',
              },
              plain,
              german,
            )),
          );
        } finally {
          await ds.destroy();
        }
      });
    console.log(`\nSummary (${fmt(ROWS)} rows, ${RUNS} rounds; load average ${load()}):`);
    for (const line of summary) console.log(`  ${line}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
