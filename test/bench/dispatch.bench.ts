/**
 * npm run bench:dispatch — the engine's dispatcher against the raw client, in the same run, to
 * the same local sinks: BENCH_MESSAGES (default 10,000) queued emails to an in-process SMTP
 * server and as many SMS to the local Twilio stub. Prints messages per second for each and the
 * engine's share of the raw rate (target ≥ 90 %). SQLite by default (a fresh temp file),
 * PostgreSQL when DATABASE_URL is set. BENCH_RUNS (default 1) repeats and reports medians.
 * The sinks run in a child process (dispatch-sinks.ts), so only the client side is measured here.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import { Client, Client as PgClient } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '@touchbase/config';
import { FixedClock, MessageComposer } from '@touchbase/core';
import { Customer, OutboxMessage, PlatformModule } from '@touchbase/store';
import {
  Dispatcher,
  EmailLayout,
  MessagingModule,
  UnsubscribeLinks,
  redirectingRequestClient,
} from '@touchbase/messaging';
import { spawn } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import { cpuSplit, CpuSplit } from './cpu-split';

const N = Number(process.env.BENCH_MESSAGES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const POOL = Number(process.env.SMTP_POOL_SIZE ?? 10);
const CONCURRENCY = Number(process.env.DISPATCH_CONCURRENCY ?? 50);
const BATCH = Number(process.env.DISPATCH_BATCH_SIZE ?? 500);
const CHANNELS = (process.env.BENCH_CHANNELS ?? 'email,sms').split(',');
const NOW = new Date('2026-06-15T10:00:00Z');

function rate(n: number, started: bigint): number {
  return n / (Number(process.hrtime.bigint() - started) / 1e9);
}

async function inParallel(n: number, limit: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

interface Sinks {
  smtpUrl: string;
  twilio: { baseUrl: string; accountSid: string; authToken: string };
  pid: number | undefined;
  close(): void;
}

/** Starts test/bench/dispatch-sinks.ts in a child process and reads its addresses. */
function startSinks(): Promise<Sinks> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', path.join(__dirname, 'dispatch-sinks.ts')],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let buf = '';
    child.once('exit', (code) => reject(new Error(`sinks exited with ${code}`)));
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      if (!buf.includes('\n')) return;
      const info = JSON.parse(buf.split('\n')[0]);
      child.removeAllListeners('exit');
      resolve({ ...info, pid: child.pid, close: () => child.stdin.end() });
    });
  });
}

async function rawEmail(
  sink: Sinks,
  mail: { subject: string; html: string; text: string; headers: Record<string, string> },
  n = N,
): Promise<number> {
  // A bare nodemailer pool, set up as nodemailer needs: host and port as options (given a `url`,
  // createTransport drops every other key, pool included) and sockets with Nagle off.
  const { hostname, port } = new URL(sink.smtpUrl);
  const t = nodemailer.createTransport({
    pool: true,
    maxConnections: POOL,
    maxMessages: Infinity,
    host: hostname,
    port: Number(port),
    getSocket: (_o, cb) =>
      cb(null, { connection: net.connect({ host: hostname, port: Number(port), noDelay: true }) }),
  });
  const started = process.hrtime.bigint();
  await inParallel(n, CONCURRENCY, (i) =>
    // quoted-printable chosen up front, as the engine's sender does (smtp-email-sender.ts): left to
    // nodemailer, it scans each part's text to choose, which the engine does not pay
    t.sendMail({
      from: 'Shop <shop@example.test>',
      to: `raw${i}@example.test`,
      ...mail,
      textEncoding: 'quoted-printable',
    }),
  );
  const r = rate(n, started);
  t.close();
  return r;
}

async function rawSms(stub: Sinks['twilio'], body: string, n = N): Promise<number> {
  const client = twilio(stub.accountSid, stub.authToken, {
    httpClient: redirectingRequestClient(stub.baseUrl, { keepAlive: true, maxSockets: 100 }),
  });
  const started = process.hrtime.bigint();
  await inParallel(n, CONCURRENCY, (i) =>
    client.messages.create({
      to: `+4915${String(i).padStart(9, '0')}`,
      from: '+4930123456789',
      body,
      statusCallback: 'https://tb.example.test/webhooks/twilio/status',
    }),
  );
  return rate(n, started);
}

async function database(): Promise<{
  settings: { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };
  drop(): Promise<void>;
}> {
  if (process.env.DATABASE_URL) {
    const name = `tb_bench_dispatch_${process.pid}`;
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    return {
      settings: { type: 'postgres', url: url.toString() },
      async drop() {
        const a = new Client({ connectionString: process.env.DATABASE_URL });
        await a.connect();
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await a.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-bench-dispatch-'));
  return {
    settings: { type: 'sqlite', path: path.join(dir, 'touchbase.sqlite') },
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** N customers with consent, and one queued message each on `channel`, in set-based batches. */
async function queue(
  ds: DataSource,
  channel: 'email' | 'sms',
  content: { subject: string; html: string; text: string },
  offset: number,
): Promise<void> {
  for (let i = 0; i < N; i += 500) {
    const n = Math.min(500, N - i);
    await ds.transaction(async (em) => {
      const customers = Array.from({ length: n }, (_, k) => ({
        externalId: `bench-${offset + i + k}`,
        firstName: 'Anna',
        lastName: 'Nowak',
        email: `c${offset + i + k}@example.test`,
        phone: `+4916${String(offset + i + k).padStart(9, '0')}`,
        locale: 'en',
        timezone: 'Europe/Berlin',
        emailConsent: true,
        smsConsent: true,
        tags: [],
        createdAt: NOW,
        updatedAt: NOW,
      }));
      const ids = (await em.insert(Customer, customers)).identifiers.map((x) => Number(x.id));
      await em.insert(
        OutboxMessage,
        customers.map((c, k) => ({
          customerId: ids[k],
          channel,
          purpose: 'touch',
          recipient: channel === 'email' ? c.email : c.phone,
          locale: 'en',
          subject: channel === 'email' ? content.subject : '',
          html: channel === 'email' ? content.html : '',
          text: content.text,
          status: 'queued',
          attempts: 0,
          nextAttemptAt: NOW,
          createdAt: NOW,
        })),
      );
    });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main() {
  const sinks = await startSinks();
  const stub = sinks.twilio;
  const db = await database();
  const config = {
    ...loadConfig(
      {
        NODE_ENV: 'test',
        APP_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
        OUTBOX_DIR: path.join(os.tmpdir(), 'tb-bench-outbox'),
        DEMO_DATA: 'false',
        ENGINE_ROLES: 'dispatcher',
        PUBLIC_BASE_URL: 'https://tb.example.test',
        SMTP_URL: sinks.smtpUrl,
        SMTP_FROM: 'Shop <shop@example.test>',
        SMTP_POOL_SIZE: String(POOL),
        DISPATCH_CONCURRENCY: String(CONCURRENCY),
        DISPATCH_BATCH_SIZE: String(BATCH),
        TWILIO_ACCOUNT_SID: stub.accountSid,
        TWILIO_AUTH_TOKEN: stub.authToken,
        TWILIO_FROM: '+4930123456789',
        TWILIO_API_BASE_URL: stub.baseUrl,
      },
      { dotenvPath: false },
    ),
    database: db.settings,
  };
  @Module({ imports: [PlatformModule.forRoot(config, new FixedClock(NOW)), MessagingModule] })
  class BenchModule {}
  const app = await NestFactory.createApplicationContext(BenchModule, { logger: ['error', 'warn'] });
  await app.init();
  const ds = app.get(DataSource);
  const dispatcher = app.get(Dispatcher);
  const composer = app.get(MessageComposer);
  const ctx = {
    customer: {
      id: 1,
      firstName: 'Anna',
      lastName: 'Nowak',
      email: 'a@example.test',
      phone: '+4915100000000',
      locale: 'en',
      timezone: null,
      birthdayYear: 1990,
      birthdayMonth: 6,
      birthdayDay: 15,
      tags: [],
    },
  };
  const email = await composer.compose('birthday', 'email', ctx);
  const sms = await composer.compose('birthday', 'sms', ctx);
  // The raw leg sends what a customer gets from the engine: the message in the shipped layout
  // with its unsubscribe link and List-Unsubscribe headers (2.7 KB of body, not the bare 0.55 KB).
  const links = app.get(UnsubscribeLinks);
  const wrapped = {
    subject: email.subject,
    ...(await app.get(EmailLayout).wrap({ ...email, locale: 'en', unsubscribeUrl: links.url(1, 'email') })),
    headers: links.headers(1),
  };

  const results = {
    rawEmail: [] as number[],
    engineEmail: [] as number[],
    rawSms: [] as number[],
    engineSms: [] as number[],
  };
  // warm-up (JIT, connections) so the first measured leg is not the slow one
  await rawEmail(sinks, wrapped, 300);
  await rawSms(stub, sms.text, 300);
  // CPU per message of each leg: this process (steadier than msg/s on a loaded machine), and
  // beside it the sinks' child process and the bench database's PostgreSQL backends
  const cpu = {
    rawEmail: [] as CpuSplit[],
    engineEmail: [] as CpuSplit[],
    rawSms: [] as CpuSplit[],
    engineSms: [] as CpuSplit[],
  };
  const statements = { engineEmail: [] as number[], engineSms: [] as number[] };
  const counted = countStatements(ds);
  const timed = async <T>(leg: keyof typeof cpu, fn: () => Promise<T>): Promise<T> => {
    const into = cpu[leg];
    const stopProfile = await profile(`${leg}-${into.length + 1}`);
    const done = await cpuSplit(sinks.pid, ds);
    const out = await fn();
    const used = await done();
    await stopProfile();
    into.push({ self: used.self / N, child: used.child / N, db: used.db / N });
    return out;
  };
  const engine = async (leg: 'engineEmail' | 'engineSms', stmts: number[]) => {
    const before = counted.n;
    const started = process.hrtime.bigint();
    const r = await timed(leg, () => dispatcher.dispatchDue(NOW));
    stmts.push((counted.n - before) / N);
    return { ...r, rate: rate(r.sent, started) };
  };
  let offset = 0;
  for (let run = 0; run < RUNS; run++) {
    if (CHANNELS.includes('email')) {
      results.rawEmail.push(await timed('rawEmail', () => rawEmail(sinks, wrapped)));
      await queue(ds, 'email', email, (offset += N));
      const e = await engine('engineEmail', statements.engineEmail);
      results.engineEmail.push(e.rate);
      if (e.sent !== N) throw new Error(`engine sent ${e.sent} of ${N} emails: ${JSON.stringify(e)}`);
    }
    if (CHANNELS.includes('sms')) {
      results.rawSms.push(await timed('rawSms', () => rawSms(stub, sms.text)));
      await queue(ds, 'sms', sms, (offset += N));
      const s = await engine('engineSms', statements.engineSms);
      results.engineSms.push(s.rate);
      if (s.sent !== N) throw new Error(`engine sent ${s.sent} of ${N} SMS: ${JSON.stringify(s)}`);
    }
  }
  await app.close();
  sinks.close();
  await db.drop();

  const fmt = (x: number) => Math.round(x).toLocaleString('en');
  console.log(
    `dispatch bench: ${N.toLocaleString('en')} messages per channel, ${RUNS} run(s), ${db.settings.type}, SMTP pool ${POOL}, concurrency ${CONCURRENCY}, batch ${BATCH}, sinks in a child process; load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at ${new Date().toISOString()}`,
  );
  console.log(
    '| channel | raw client msg/s | engine dispatcher msg/s | engine / raw | CPU µs/msg raw / engine | engine: CPU µs/msg sinks / PostgreSQL, raw: sinks | SQL statements/msg |',
  );
  console.log('|---|---|---|---|---|---|---|');
  for (const [name, raw, eng, cpuRaw, cpuEng, stmts] of [
    [
      'email (nodemailer → smtp-server)',
      results.rawEmail,
      results.engineEmail,
      cpu.rawEmail,
      cpu.engineEmail,
      statements.engineEmail,
    ],
    [
      'sms (twilio client → local stub)',
      results.rawSms,
      results.engineSms,
      cpu.rawSms,
      cpu.engineSms,
      statements.engineSms,
    ],
  ] as const) {
    if (!raw.length) continue;
    const m = (xs: readonly CpuSplit[], k: keyof CpuSplit) => fmt(median(xs.map((x) => x[k])));
    const dbCpu = db.settings.type === 'postgres' ? m(cpuEng, 'db') : '—';
    console.log(
      `| ${name} | ${fmt(median(raw))} | ${fmt(median(eng))} | ${Math.round((100 * median(eng)) / median(raw))} % | ${m(cpuRaw, 'self')} / ${m(cpuEng, 'self')} | ${m(cpuEng, 'child')} / ${dbCpu}, ${m(cpuRaw, 'child')} | ${median(stmts).toFixed(3)} |`,
    );
  }
  if (process.env.BENCH_PROFILE_SQL)
    for (const [sql, n] of [...counted.bySql].sort((a, b) => b[1] - a[1]).slice(0, 15))
      console.log(`  ${String(n).padStart(7)} × ${sql}`);
}

/**
 * BENCH_CPU_PROF=<dir>: a V8 CPU profile of each leg of this process (raw and engine alike), written
 * as <dir>/<leg>-<run>.cpuprofile for Chrome's DevTools or a script.
 */
async function profile(name: string): Promise<() => Promise<void>> {
  const dir = process.env.BENCH_CPU_PROF;
  if (!dir) return async () => undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile: p } = await session.post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${name}.cpuprofile`), JSON.stringify(p));
    session.disconnect();
  };
}

/**
 * Counts the statements sent: on PostgreSQL at node-postgres's Client (TypeORM's queries and the
 * store's named prepared statements alike), on SQLite at TypeORM's one query runner.
 */
function countStatements(ds: DataSource): { n: number; bySql: Map<string, number> } {
  const counts = { n: 0, bySql: new Map<string, number>() };
  const target = (ds.options.type === 'postgres'
    ? PgClient.prototype
    : ds.createQueryRunner()) as unknown as { query: (...a: unknown[]) => unknown };
  const original = target.query;
  const profile = !!process.env.BENCH_PROFILE_SQL;
  target.query = function (this: unknown, ...a: unknown[]) {
    counts.n++;
    if (profile) {
      const q = a[0] as string | { text: string };
      const key = (typeof q === 'string' ? q : q.text).replace(/\s+/g, ' ').slice(0, 100);
      counts.bySql.set(key, (counts.bySql.get(key) ?? 0) + 1);
    }
    return original.apply(this, a);
  };
  return counts;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
