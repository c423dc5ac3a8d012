import * as fs from 'node:fs';
import * as path from 'node:path';
import { Dispatcher } from '@touchbase/messaging';
import { PreviewService, TickService } from '@touchbase/rules';
import { OutboxMessage, Rule, Task, User } from '@touchbase/store';
import {
  createUserWithToken,
  ledger,
  makeCustomer,
  makeOrder,
  makeRule,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

/** The rule engine with the real composer (liquid templates), task assigner (staff) and dispatcher (file outbox). */
describe.each(testDatabases())('rules end to end with messaging and staff on $name', (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await startRulesEngine(db, { real: true, at: '2026-06-15T07:00:00Z' });
  });
  afterAll(() => engine?.close());

  it('a birthday becomes a rendered email that the dispatcher sends; a big order becomes an assigned call task', async () => {
    const now = engine.clock.now();
    const { user: staff } = await createUserWithToken(engine.ds, 'staff', now, 'Sam Staff');
    await makeRule(engine.ds, now, { kind: 'birthday', templateKey: 'birthday', transactional: true });
    await makeRule(engine.ds, now, {
      kind: 'big_purchase_thanks',
      channel: 'task',
      templateKey: 'big_purchase_thanks',
      transactional: true,
      params: { min_total: { EUR: 10_000 } },
    });
    const ida = await makeCustomer(engine.ds, now, { firstName: 'Ida', birthdayMonth: 6, birthdayDay: 15 });
    const order = await makeOrder(engine.ds, ida.id, new Date('2026-06-15T06:00:00Z'), 50_000);

    const at = new Date('2026-06-15T07:05:00Z');
    await engine.app.get(TickService).tick(at);
    const rows = await ledger(engine.ds);
    expect(rows.map((r) => [r.occasion_key, r.status])).toEqual([
      ['birthday:2026', 'queued'],
      [`order:${order.id}`, 'task'],
    ]);
    const message = await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ touchId: rows[0].id });
    expect(message.subject).toBe('Happy birthday, Ida!');
    expect(message.recipient).toBe(ida.email);
    const task = await engine.ds.getRepository(Task).findOneByOrFail({ id: rows[1].task_id! });
    expect(task.assigneeId).toBe(staff.id);
    expect((await engine.ds.getRepository(User).findOneByOrFail({ id: staff.id })).role).toBe('staff');

    const summary = await engine.app.get(Dispatcher).dispatchDue(at);
    expect(summary.sent).toBe(1);
    expect((await engine.ds.getRepository(OutboxMessage).findOneByOrFail({ id: message.id })).status).toBe(
      'sent',
    );
    const files = fs.readdirSync(path.join(engine.config.outboxDir, 'email'));
    expect(files).toHaveLength(1);
    expect(fs.readFileSync(path.join(engine.config.outboxDir, 'email', files[0]), 'utf8')).toContain(
      'Happy birthday, Ida!',
    );
  });
});

describe.each(testDatabases())('the demo on $name', (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await startRulesEngine(db, {
      real: true,
      at: '2026-06-15T07:00:00Z',
      env: { DEMO_DATA: 'true' },
    });
  });
  afterAll(() => engine?.close());

  it('loads the example rules on the first start, and they have something to do this week', async () => {
    const rules = await engine.ds.getRepository(Rule).find({ order: { id: 'ASC' } });
    expect(rules.map((r) => r.kind).sort()).toEqual([
      'back_in_stock',
      'big_purchase_thanks',
      'birthday',
      'birthday',
      'satisfaction_survey',
      'top_customer_checkin',
    ]);
    expect(rules.find((r) => r.kind === 'satisfaction_survey')!.enabled).toBe(false); // the owner turns it on
    const preview = await engine.app.get(PreviewService).preview({ at: engine.clock.now(), days: 7 });
    expect((preview.counts.queued ?? 0) + (preview.counts.task ?? 0)).toBeGreaterThan(0);
    const report = await engine.app.get(TickService).tick(new Date('2026-06-16T07:05:00Z'));
    expect(report.touchCount).toBeGreaterThan(0);
    if (process.env.SHOW_DEMO)
      console.log(JSON.stringify({ counts: preview.counts, rules: report.rules }, null, 1));
  });
});
