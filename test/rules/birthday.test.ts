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

describe.each(testDatabases())('birthday touches on $name', (db) => {
  let engine: Engine;
  let ticks: TickService;
  const tick = (iso: string) => ticks.tick(new Date(iso));

  beforeAll(async () => {
    engine = await startRulesEngine(db);
    ticks = engine.app.get(TickService);
  });
  afterAll(() => engine?.close());
  beforeEach(() => resetRulesData(engine.ds));

  const now = () => engine.clock.now();

  it('touches customers in UTC+14 and UTC−11 on their own local date at 09:00', async () => {
    const rule = await makeRule(engine.ds, now(), { kind: 'birthday', params: { days_before: 0 } });
    const kiri = await makeCustomer(engine.ds, now(), {
      timezone: 'Pacific/Kiritimati',
      birthdayYear: 1990,
      birthdayMonth: 6,
      birthdayDay: 15,
    });
    const pago = await makeCustomer(engine.ds, now(), {
      timezone: 'Pacific/Pago_Pago',
      birthdayYear: null,
      birthdayMonth: 6,
      birthdayDay: 15,
    });

    await tick('2026-06-14T18:55:00Z');
    expect(await ledger(engine.ds)).toHaveLength(0);
    await tick('2026-06-14T19:05:00Z'); // 09:05 on 15 June in Kiritimati
    let rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.customer_id, r.occasion_key, new Date(r.due_at).toISOString()])).toEqual([
      [kiri.id, 'birthday:2026', '2026-06-14T19:00:00.000Z'],
    ]);
    await tick('2026-06-15T19:55:00Z'); // 08:55 on 15 June in Pago Pago
    expect(await ledger(engine.ds)).toHaveLength(1);
    await tick('2026-06-15T20:05:00Z');
    rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.customer_id, r.status, new Date(r.due_at).toISOString()])).toEqual([
      [kiri.id, 'queued', '2026-06-14T19:00:00.000Z'],
      [pago.id, 'queued', '2026-06-15T20:00:00.000Z'],
    ]);
    expect(rows.every((r) => r.rule_id === rule.id && r.message_id !== null)).toBe(true);
    const messages = await engine.ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } });
    expect(messages.map((m) => [m.recipient, m.status, m.nextAttemptAt.toISOString()])).toEqual([
      [kiri.email, 'queued', '2026-06-14T19:00:00.000Z'],
      [pago.email, 'queued', '2026-06-15T20:00:00.000Z'],
    ]);
  });

  it('celebrates 29 Feb on 28 Feb (or 1 Mar) in 2027 and on 29 Feb in 2028', async () => {
    const feb28 = await makeRule(engine.ds, now(), { kind: 'birthday', params: { feb29: 'feb28' } });
    const mar1 = await makeRule(engine.ds, now(), { kind: 'birthday', params: { feb29: 'mar1' } });
    const leap = await makeCustomer(engine.ds, now(), {
      birthdayYear: 2000,
      birthdayMonth: 2,
      birthdayDay: 29,
    });
    const keys = async () =>
      (await ledger(engine.ds)).map((r) => [r.rule_id, r.occasion_key, new Date(r.due_at).toISOString()]);

    await tick('2027-02-28T08:05:00Z'); // 09:05 Berlin
    expect(await keys()).toEqual([[feb28.id, 'birthday:2027', '2027-02-28T08:00:00.000Z']]);
    await tick('2027-03-01T08:05:00Z');
    expect((await keys()).slice(1)).toEqual([[mar1.id, 'birthday:2027', '2027-03-01T08:00:00.000Z']]);
    await tick('2028-02-28T08:05:00Z');
    expect(await keys()).toHaveLength(2);
    await tick('2028-02-29T08:05:00Z');
    expect((await keys()).slice(2).sort()).toEqual(
      [
        [feb28.id, 'birthday:2028', '2028-02-29T08:00:00.000Z'],
        [mar1.id, 'birthday:2028', '2028-02-29T08:00:00.000Z'],
      ].sort(),
    );
    await tick('2028-03-01T08:05:00Z');
    expect(await keys()).toHaveLength(4);
    expect((await ledger(engine.ds)).every((r) => r.customer_id === leap.id)).toBe(true);
  });

  it('gives exactly one touch for a send time in a DST gap and in a DST overlap', async () => {
    await makeRule(engine.ds, now(), { kind: 'birthday', params: { send_time: '02:30' } });
    await makeRule(engine.ds, now(), { kind: 'birthday', params: { send_time: '01:30' } });
    const spring = await makeCustomer(engine.ds, now(), {
      timezone: 'America/New_York',
      birthdayMonth: 3,
      birthdayDay: 8,
    });
    const fall = await makeCustomer(engine.ds, now(), {
      timezone: 'America/New_York',
      birthdayMonth: 11,
      birthdayDay: 1,
    });
    for (
      let t = Date.parse('2026-03-08T04:00:00Z');
      t <= Date.parse('2026-03-08T10:00:00Z');
      t += 15 * 60_000
    )
      await ticks.tick(new Date(t));
    for (
      let t = Date.parse('2026-11-01T03:00:00Z');
      t <= Date.parse('2026-11-01T09:00:00Z');
      t += 15 * 60_000
    )
      await ticks.tick(new Date(t));
    const rows = await ledger(engine.ds);
    const mine = rows.filter(
      (r) =>
        (r.customer_id === spring.id && r.occasion_key === 'birthday:2026') ||
        (r.customer_id === fall.id && r.occasion_key === 'birthday:2026'),
    );
    // each customer is touched once per rule: 02:30 on the spring day lies in the gap (→ 03:30 EDT, 07:30Z) and
    // 01:30 on the fall day happens twice (the first, EDT, 05:30Z, is taken); the other rule's time is unambiguous
    const byCustomer = (id: number) =>
      mine
        .filter((r) => r.customer_id === id)
        .map((r) => new Date(r.due_at).toISOString())
        .sort();
    expect(byCustomer(spring.id)).toEqual(['2026-03-08T06:30:00.000Z', '2026-03-08T07:30:00.000Z']);
    expect(byCustomer(fall.id)).toEqual(['2026-11-01T05:30:00.000Z', '2026-11-01T07:30:00.000Z']);
    // 01:30/02:30 is inside quiet hours: the messages wait for 08:00 local
    const messages = await engine.ds.getRepository(OutboxMessage).find();
    expect(new Set(messages.map((m) => m.nextAttemptAt.toISOString()))).toEqual(
      new Set(['2026-03-08T12:00:00.000Z', '2026-11-01T13:00:00.000Z']),
    );
  });

  it('creates no duplicate when the same tick runs twice or the evaluated-up-to mark is lost', async () => {
    await makeRule(engine.ds, now(), { kind: 'birthday' });
    await makeCustomer(engine.ds, now(), { birthdayMonth: 6, birthdayDay: 15 });
    const first = await tick('2026-06-15T07:05:00Z');
    await tick('2026-06-15T07:05:00Z');
    await engine.ds.query('DELETE FROM engine_state');
    await tick('2026-06-15T07:10:00Z');
    expect(first.touchCount).toBe(1);
    expect(await ledger(engine.ds)).toHaveLength(1);
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(1);
  });

  it('after 26 hours of downtime across 09:00 catches up once within the grace period', async () => {
    await makeRule(engine.ds, now(), { kind: 'birthday', gracePeriodMinutes: 1440 });
    await makeCustomer(engine.ds, now(), { birthdayMonth: 6, birthdayDay: 15 });
    await tick('2026-06-14T17:00:00Z');
    const report = await tick('2026-06-15T19:00:00Z'); // 26 h later; 09:00 Berlin was 12 h ago
    expect(report.evaluatedFrom).toBe('2026-06-14T17:00:00.000Z');
    await tick('2026-06-15T19:05:00Z');
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => r.status)).toEqual(['queued']);
  });

  it('after 26 hours of downtime records one missed touch beyond the grace period, never sent late', async () => {
    await makeRule(engine.ds, now(), { kind: 'birthday', gracePeriodMinutes: 60 });
    await makeCustomer(engine.ds, now(), { birthdayMonth: 6, birthdayDay: 15 });
    await tick('2026-06-14T17:00:00Z');
    await tick('2026-06-15T19:00:00Z');
    await tick('2026-06-15T19:05:00Z');
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => r.status)).toEqual(['missed']);
    expect(rows[0].reason).toContain('grace period');
    expect(await engine.ds.getRepository(OutboxMessage).count()).toBe(0);
  });

  it('keeps a touch due at night for the morning (quiet hours)', async () => {
    await makeRule(engine.ds, now(), { kind: 'birthday', params: { send_time: '22:30' } });
    await makeCustomer(engine.ds, now(), { birthdayMonth: 6, birthdayDay: 15 });
    await tick('2026-06-15T20:35:00Z'); // 22:35 Berlin
    const [touch] = await ledger(engine.ds);
    expect(touch.status).toBe('queued');
    expect(touch.reason).toContain('quiet hours: waits until 2026-06-16 08:00 local');
    const [message] = await engine.ds.getRepository(OutboxMessage).find();
    expect(message.nextAttemptAt.toISOString()).toBe('2026-06-16T06:00:00.000Z');
  });

  it('falls back along the preferred channels, to a task, or skips with the reason', async () => {
    const viaSms = await makeRule(engine.ds, now(), { kind: 'birthday', params: { fallback: 'skip' } });
    const viaTask = await makeRule(engine.ds, now(), { kind: 'birthday', params: { fallback: 'task' } });
    const smsOnly = await makeCustomer(engine.ds, now(), {
      birthdayMonth: 6,
      birthdayDay: 15,
      emailConsent: false,
    });
    const none = await makeCustomer(engine.ds, now(), {
      birthdayMonth: 6,
      birthdayDay: 15,
      emailConsent: false,
      smsConsent: false,
    });
    await tick('2026-06-15T07:05:00Z');
    const rows = await ledger(engine.ds);
    const find = (rule: number, customer: number) =>
      rows.find((r) => r.rule_id === rule && r.customer_id === customer)!;
    expect(find(viaSms.id, smsOnly.id)).toMatchObject({
      status: 'queued',
      channel: 'sms',
      reason: 'no email consent; fell back to SMS',
    });
    expect(find(viaSms.id, none.id)).toMatchObject({
      status: 'skipped',
      channel: null,
      reason: 'no email consent; no other usable channel',
    });
    expect(find(viaTask.id, none.id)).toMatchObject({ status: 'task', channel: 'task' });
    expect(find(viaTask.id, none.id).task_id).not.toBeNull();
    const sms = await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ channel: 'sms' });
    expect(sms.recipient).toBe(smsOnly.phone);
  });
});
