/**
 * npm run bench:scale — end-to-end dispatch throughput with 1, 2 and 3 engine processes
 * (ENGINE_ROLES=dispatcher) sharing one PostgreSQL outbox, against the local SMTP sink and
 * Twilio stub (both in this process). For each count: a fresh database, BENCH_MESSAGES
 * (default 6,000) customers with consent and one queued message each (half email, half SMS),
 * the processes started and idle, then every message made due at once; the clock runs from
 * then until the sinks have accepted the last one. Prints messages per second per count.
 *
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (an admin URL: scratch databases are
 * created and dropped), default postgres://postgres@127.0.0.1:5432/test.
 * BENCH_PROCESSES (default "1,2,3"), DISPATCH_BATCH_SIZE / DISPATCH_CONCURRENCY /
 * SMTP_POOL_SIZE are passed through (defaults: the engine's own, 200 / 20 / 5).
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, Customer, DatabaseSettings, OutboxMessage } from '@touchbase/store';
import { EngineProcess, killEngineProcesses, SmtpSink, spawnEngineProcess, TwilioStub } from '../kit';

const ADMIN_URL =
  process.env.BENCH_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/test';
const N = Number(process.env.BENCH_MESSAGES ?? 6000);
const COUNTS = (process.env.BENCH_PROCESSES ?? '1,2,3').split(',').map(Number);
const PASS_THROUGH = ['DISPATCH_BATCH_SIZE', 'DISPATCH_CONCURRENCY', 'SMTP_POOL_SIZE'];
const DEADLINE_MS = Number(process.env.BENCH_DEADLINE_MS ?? 300_000);

async function scratchDatabase(): Promise<{ settings: DatabaseSettings; drop(): Promise<void> }> {
  const name = `tb_bench_scale_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    settings: { type: 'postgres', url: url.toString() },
    async drop() {
      const a = new Client({ connectionString: ADMIN_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/** N customers with consent and N queued messages, due in the far future until release(). */
async function seed(ds: DataSource, now: Date): Promise<void> {
  const far = new Date(now.getTime() + 365 * 86_400_000);
  for (let start = 0; start < N; start += 1000) {
    const n = Math.min(1000, N - start);
    const customers = Array.from({ length: n }, (_, j) => {
      const i = start + j;
      return {
        externalId: `bench-${i}`,
        firstName: `Bench${i}`,
        email: `bench.${i}@example.test`,
        phone: `+4916${String(100000000 + i)}`,
        timezone: 'UTC',
        emailConsent: true,
        smsConsent: true,
        createdAt: now,
        updatedAt: now,
      };
    });
    const ids = (await ds.getRepository(Customer).insert(customers)).identifiers.map((x) => Number(x.id));
    await ds.getRepository(OutboxMessage).insert(
      ids.map((customerId, j) => {
        const i = start + j;
        const sms = i % 2 === 1;
        return {
          customerId,
          channel: sms ? 'sms' : 'email',
          purpose: 'touch',
          recipient: sms ? customers[j].phone : customers[j].email,
          subject: sms ? '' : `Happy birthday, Bench${i}!`,
          html: sms
            ? ''
            : `<p>Happy birthday, Bench${i}! We have a little something for you in the shop.</p>`,
          text: `Happy birthday, Bench${i}! We have a little something for you in the shop.`,
          status: 'queued',
          nextAttemptAt: far,
          createdAt: now,
        };
      }),
    );
  }
}

async function runOnce(processes: number): Promise<{ rate: number; seconds: number }> {
  const db = await scratchDatabase();
  const ds = createDataSource(db.settings);
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  const sink = await SmtpSink.start({ parse: false });
  const stub = await TwilioStub.start({ record: false });
  const engines: EngineProcess[] = [];
  try {
    await seed(ds, new Date());
    const env: Record<string, string> = {
      SMTP_URL: sink.url,
      SMTP_FROM: 'Bench Shop <shop@example.test>',
      ...stub.env(),
      QUIET_HOURS_START: '00:00',
      QUIET_HOURS_END: '23:59',
      DISPATCH_INTERVAL_MS: '200',
    };
    for (const k of PASS_THROUGH) if (process.env[k]) env[k] = process.env[k]!;
    engines.push(
      ...(await Promise.all(
        Array.from({ length: processes }, (_, i) =>
          spawnEngineProcess({
            name: `bench-${i + 1}`,
            database: db.settings,
            roles: 'dispatcher',
            env,
            startTimeoutMs: 60_000,
          }),
        ),
      )),
    );
    const started = process.hrtime.bigint();
    await ds.query('UPDATE outbox_messages SET next_attempt_at = $1', [Date.now()]);
    const deadline = performance.now() + DEADLINE_MS;
    while (sink.accepted + stub.accepted < N) {
      if (performance.now() > deadline)
        throw new Error(`only ${sink.accepted + stub.accepted} of ${N} arrived within ${DEADLINE_MS} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const [{ sent }] = await ds.query(
      "SELECT COUNT(*)::int AS sent FROM outbox_messages WHERE status = 'sent'",
    );
    if (sink.accepted + stub.accepted !== N)
      throw new Error(`sinks accepted ${sink.accepted + stub.accepted}, expected ${N}`);
    await Promise.all(engines.map((e) => e.stop('SIGTERM')));
    const [{ sentAfter }] = await ds.query(
      'SELECT COUNT(*)::int AS "sentAfter" FROM outbox_messages WHERE status = \'sent\'',
    );
    if (sentAfter !== N)
      throw new Error(`${sentAfter} of ${N} recorded as sent after shutdown (at the last arrival: ${sent})`);
    return { rate: N / seconds, seconds };
  } finally {
    await killEngineProcesses(engines);
    if (process.env.BENCH_LOG_DIR) {
      fs.mkdirSync(process.env.BENCH_LOG_DIR, { recursive: true });
      for (const e of engines)
        fs.writeFileSync(`${process.env.BENCH_LOG_DIR}/${processes}-${e.name}.log`, e.logs());
    }
    await sink.close();
    await stub.close();
    await ds.destroy();
    await db.drop();
  }
}

async function main() {
  console.log(
    `bench:scale — ${N.toLocaleString('en')} messages (half email, half SMS), PostgreSQL, ${os.cpus().length} cores, Node ${process.version}`,
  );
  const rows: Array<{ processes: number; seconds: number; rate: number }> = [];
  for (const p of COUNTS) {
    const r = await runOnce(p);
    rows.push({ processes: p, ...r });
    console.log(
      `  ${p} dispatcher process${p > 1 ? 'es' : ''}: ${r.rate.toFixed(0).padStart(5)} messages/s  (${r.seconds.toFixed(2)} s)`,
    );
  }
  const base = rows[0].rate;
  console.log('\n| dispatcher processes | messages/s | vs 1 process |\n|---|---|---|');
  for (const r of rows)
    console.log(`| ${r.processes} | ${r.rate.toFixed(0)} | ${(r.rate / base).toFixed(2)}× |`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
