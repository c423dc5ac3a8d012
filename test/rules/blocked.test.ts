import { Dispatcher, ChannelState } from '@touchbase/messaging';
import { TickService } from '@touchbase/rules';
import { OutboxMessage } from '@touchbase/store';
import {
  ledger,
  makeCustomer,
  makeRule,
  resetRulesData,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

const METRICS_TOKEN = 'metrics-token-0123456789';

/**
 * Invariant 10 (docs/architecture.md#invariants): a problem the owner can fix — a missing or
 * broken template, a paused channel — holds the occasion as `blocked`, shown on the Overview and
 * counted by a metric; once fixed within the grace period it goes out on the next tick, once.
 */
describe.each(testDatabases())('blocked occasions on $name', (db) => {
  let engine: Engine;
  let owner: Record<string, string>;
  const at = (iso: string) => new Date(iso);
  const tick = (iso: string) => engine.app.get(TickService).tick(at(iso));
  const messages = () => engine.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    engine = await startRulesEngine(db, { at: '2026-06-15T07:00:00Z', env: { METRICS_TOKEN } });
    owner = await engine.auth('owner');
  });
  afterAll(() => engine?.close());
  beforeEach(async () => {
    await resetRulesData(engine.ds);
    engine.composer.missing.clear();
  });

  it('holds a typo’d template key as blocked, shows it, and sends exactly once after the fix', async () => {
    const day = at('2026-06-01T00:00:00Z');
    const rule = await makeRule(engine.ds, day, {
      kind: 'birthday',
      name: 'Birthday SMS',
      channel: 'sms',
      templateKey: 'birthday_sms_typo',
    });
    const cora = await makeCustomer(engine.ds, day, { firstName: 'Cora', birthdayMonth: 6, birthdayDay: 15 });
    engine.composer.missing.add('birthday_sms_typo');

    await tick('2026-06-15T07:05:00Z'); // 09:05 in Berlin on her birthday
    const [held] = await ledger(engine.ds);
    expect(held).toMatchObject({ customer_id: cora.id, status: 'blocked', message_id: null });
    expect(held.reason).toContain('no SMS template "birthday_sms_typo"');
    expect(await messages()).toHaveLength(0);

    const overview = await fetch(`${engine.url}/overview`, { headers: owner });
    const html = await overview.text();
    expect(html).toContain('id="blocked-banner"');
    expect(html).toContain('Birthday SMS: 1 held — the SMS template &#34;birthday_sms_typo&#34; is missing');
    const metrics = await fetch(`${engine.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    }).then((r) => r.text());
    expect(metrics).toMatch(/^touchbase_blocked_occasions 1$/m);

    // still broken on the next tick: still blocked, nothing queued
    await tick('2026-06-15T07:10:00Z');
    expect((await ledger(engine.ds))[0].status).toBe('blocked');

    engine.composer.missing.delete('birthday_sms_typo'); // the owner fixes the template
    await tick('2026-06-15T07:15:00Z');
    const [fixed] = await ledger(engine.ds);
    expect(fixed).toMatchObject({ id: held.id, status: 'queued', channel: 'sms' });
    expect(fixed.message_id).not.toBeNull();
    await engine.app.get(Dispatcher).dispatchDue(at('2026-06-15T07:15:00Z'));
    await tick('2026-06-15T07:20:00Z'); // a second tick sends nothing more
    await engine.app.get(Dispatcher).dispatchDue(at('2026-06-15T07:20:00Z'));
    const sent = await messages();
    expect(sent.map((m) => [m.touchId, m.status])).toEqual([[held.id, 'sent']]);
    expect(await ledger(engine.ds)).toHaveLength(1);
    expect(rule.id).toBe(fixed.rule_id);
  });

  it('holds occasions while a channel is paused and releases them when it is resumed', async () => {
    const day = at('2026-06-01T00:00:00Z');
    await makeRule(engine.ds, day, { kind: 'birthday', channel: 'email', templateKey: 'birthday' });
    await makeCustomer(engine.ds, day, { birthdayMonth: 6, birthdayDay: 15 });
    const channels = engine.app.get(ChannelState);
    await channels.pause('email', 'SMTP authentication failed');

    await tick('2026-06-15T07:05:00Z');
    const [held] = await ledger(engine.ds);
    expect(held).toMatchObject({ status: 'blocked', channel: 'email', message_id: null });
    expect(held.reason).toContain('the email channel is paused');

    await channels.resume('email');
    await tick('2026-06-15T07:10:00Z');
    expect((await ledger(engine.ds))[0]).toMatchObject({ id: held.id, status: 'queued' });
    await tick('2026-06-15T07:15:00Z');
    expect(await messages()).toHaveLength(1);
  });

  it('records a blocked occasion as missed once its grace period ends unfixed', async () => {
    const day = at('2026-06-01T00:00:00Z');
    await makeRule(engine.ds, day, { kind: 'birthday', templateKey: 'gone', gracePeriodMinutes: 60 });
    await makeCustomer(engine.ds, day, { birthdayMonth: 6, birthdayDay: 15 });
    engine.composer.missing.add('gone');
    await tick('2026-06-15T07:05:00Z');
    expect((await ledger(engine.ds))[0].status).toBe('blocked');
    engine.composer.missing.delete('gone');
    await tick('2026-06-15T08:30:00Z'); // fixed too late: 90 minutes after it was due
    const [late] = await ledger(engine.ds);
    expect(late.status).toBe('missed');
    expect(late.reason).toContain('still blocked when the grace period ended');
    expect(await messages()).toHaveLength(0);
  });
});
