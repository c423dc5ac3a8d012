import { OutboxMessage, EngineState, ENGINE_STATE } from '@touchbase/store';
import { Telemetry } from '@touchbase/core';
import { startTestEngine, testDatabases, TestEngine } from '@touchbase/test-kit';

const METRICS_TOKEN = 'metrics-token-0123456789';

describe.each(testDatabases())('health, readiness and metrics on $name', (db) => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine(db, { at: '2026-06-15T10:00:00Z', env: { METRICS_TOKEN } });
    const now = engine.clock.now();
    const msg = (status: string, dueMsAgo: number, extra: Partial<OutboxMessage> = {}) =>
      engine.ds.getRepository(OutboxMessage).create({
        channel: 'email',
        recipient: 'someone@example.test',
        status,
        nextAttemptAt: new Date(now.getTime() - dueMsAgo),
        createdAt: now,
        ...extra,
      });
    await engine.ds.getRepository(OutboxMessage).save([
      msg('queued', 90_000),
      msg('queued', 30_000),
      msg('queued', -3_600_000), // due in an hour: not backlog
      msg('sent', 0),
      msg('sending', 0, { leaseOwner: 'gone', leaseUntil: new Date(now.getTime() - 1000) }),
    ]);
    await engine.ds.getRepository(EngineState).save([
      { key: ENGINE_STATE.lastTickAt, value: '2026-06-15T09:55:00.000Z', updatedAt: now },
      { key: ENGINE_STATE.evaluatedUpTo, value: '2026-06-15T09:55:00.000Z', updatedAt: now },
      {
        key: ENGINE_STATE.channel('email'),
        value: JSON.stringify({ paused: true, reason: 'SMTP auth failed', at: now.toISOString() }),
        updatedAt: now,
      },
    ]);
  });
  afterAll(() => engine?.close());

  it('answers /health/live without credentials', async () => {
    const res = await fetch(`${engine.url}/health/live`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'up', pid: process.pid, roles: ['api'] });
  });

  it('reports database, channels, last tick and the outbox backlog on /health/ready', async () => {
    const res = await fetch(`${engine.url}/health/ready`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ready',
      problems: [],
      database: { reachable: true, type: db.name },
      channels: {
        email: { transport: 'file', paused: true, reason: 'SMTP auth failed' },
        sms: { transport: 'file', paused: false },
      },
      scheduler: { lastTickAt: '2026-06-15T09:55:00.000Z', lastTickAgeSeconds: 300 },
      outbox: { dueQueued: 2, oldestDueAgeSeconds: 90, expiredLeases: 1 },
    });
  });

  it('serves Prometheus metrics only with the METRICS_TOKEN when one is set', async () => {
    expect((await fetch(`${engine.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${engine.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } }))
        .status,
    ).toBe(401);

    const telemetry = engine.app.get(Telemetry);
    telemetry.tickCompleted(1234, 'ok');
    telemetry.touchRecorded('birthday', 'queued');
    telemetry.messageFinished('sms', 'retry', 40);
    telemetry.messageFinished('sms', 'sent', 25);

    const res = await fetch(`${engine.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('touchbase_ticks_total{outcome="ok"} 1');
    expect(text).toContain('touchbase_tick_duration_seconds_sum{outcome="ok"} 1.234');
    expect(text).toContain('touchbase_touches_total{rule_kind="birthday",status="queued"} 1');
    expect(text).toContain('touchbase_messages_total{channel="sms",status="sent"} 1');
    expect(text).toContain('touchbase_message_retries_total{channel="sms"} 1');
    expect(text).toContain('touchbase_message_latency_seconds_count{channel="sms",status="sent"} 1');
    expect(text).toContain('touchbase_outbox_messages{status="queued"} 3');
    expect(text).toContain('touchbase_outbox_due_messages 2');
    expect(text).toContain('touchbase_outbox_oldest_due_age_seconds 90');
    expect(text).toContain('touchbase_outbox_expired_leases 1');
    expect(text).toContain('touchbase_last_tick_age_seconds 300');
    expect(text).toContain('touchbase_channel_paused{channel="email"} 1');
    expect(text).toContain('touchbase_store_up 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('tags every answer with a request id, keeping a sane one the caller sent', async () => {
    const res = await fetch(`${engine.url}/health/live`, { headers: { 'x-request-id': 'trace-42' } });
    expect(res.headers.get('x-request-id')).toBe('trace-42');
    const other = await fetch(`${engine.url}/health/live`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });
    expect(other.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 503 with the same body shape when the database is gone', async () => {
    await engine.ds.destroy();
    try {
      const res = await fetch(`${engine.url}/health/ready`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as {
        status: string;
        database: { reachable: boolean };
        problems: string[];
        outbox: unknown;
      };
      expect(body.status).toBe('not_ready');
      expect(body.database.reachable).toBe(false);
      expect(body.problems[0]).toMatch(/database unreachable/);
      expect(body.outbox).toBeNull();
      // states, not the driver's words (they can name the host, database and user)
      expect(body.database).toMatchObject({ state: 'not_connected' });
      expect(JSON.stringify(body)).not.toMatch(/postgres:\/\/|\.sqlite|tb_test|127\.0\.0\.1|ECONNREFUSED/i);
      const live = await fetch(`${engine.url}/health/live`);
      expect(live.status).toBe(200);
    } finally {
      await engine.ds.initialize();
    }
  });
});
