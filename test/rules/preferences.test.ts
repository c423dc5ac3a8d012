import { PreviewService, TickService } from '@touchbase/rules';
import {
  joinWaitlist,
  ledger,
  makeCustomer,
  makeProduct,
  makeRestock,
  makeRule,
  startRulesEngine,
  testDatabases,
} from '@touchbase/test-kit';

type Engine = Awaited<ReturnType<typeof startRulesEngine>>;

const START = new Date('2026-03-02T10:00:00Z');
const DAY = 86_400_000;

/**
 * The preference centre in the planning path (docs/delivery.md#the-preference-centre): "only
 * birthday and personal notes" on a channel lets the personal kinds through and stops the
 * others there (falling back to another channel the customer allows); "nothing" is no consent.
 * The preview plans the same as the tick.
 */
describe.each(testDatabases())('preferences in planning on $name', (db) => {
  let engine: Engine;

  beforeAll(async () => {
    engine = await startRulesEngine(db, { at: START.toISOString() });
  }, 60_000);
  afterAll(() => engine?.close());

  it('only-personal stops back-in-stock but not the birthday; SMS still allowed takes over; nothing stops both', async () => {
    const birthday = await makeRule(engine.ds, START, { kind: 'birthday', name: 'Birthday' });
    const restock = await makeRule(engine.ds, START, {
      kind: 'back_in_stock',
      name: 'Back in stock',
      transactional: true,
      params: { per_unit: 10 },
    });
    const born = { birthdayMonth: 3, birthdayDay: 3, birthdayMd: '03-03' };
    const everything = await makeCustomer(engine.ds, START, { firstName: 'All', ...born });
    const personal = await makeCustomer(engine.ds, START, {
      firstName: 'Personal',
      ...born,
      emailScope: 'personal',
      smsConsent: false,
    });
    const viaSms = await makeCustomer(engine.ds, START, {
      firstName: 'ViaSms',
      ...born,
      emailScope: 'personal',
      smsScope: 'all',
    });
    const smsPersonalToo = await makeCustomer(engine.ds, START, {
      firstName: 'BothPersonal',
      ...born,
      emailScope: 'personal',
      smsScope: 'personal',
    });
    const nothing = await makeCustomer(engine.ds, START, {
      firstName: 'Nothing',
      ...born,
      emailConsent: false,
      smsConsent: false,
    });
    const product = await makeProduct(engine.ds, START);
    const people = [everything, personal, viaSms, smsPersonalToo, nothing];
    for (const [i, c] of people.entries())
      await joinWaitlist(engine.ds, c.id, product.id, new Date(START.getTime() - (10 - i) * 1000));
    await makeRestock(engine.ds, product.id, 5, new Date(START.getTime() + 3_600_000));

    const preview = await engine.app.get(PreviewService).preview({ at: START, days: 2 });
    await engine.app.get(TickService).tick(START);
    await engine.app.get(TickService).tick(new Date(START.getTime() + DAY));
    await engine.app.get(TickService).tick(new Date(START.getTime() + 2 * DAY));

    const rows = await ledger(engine.ds);
    const outcome = (customerId: number, ruleId: number) => {
      const t = rows.find((r) => r.customer_id === customerId && r.rule_id === ruleId);
      return t ? [t.status, t.channel] : null;
    };
    expect(people.map((c) => [c.firstName, outcome(c.id, birthday.id), outcome(c.id, restock.id)])).toEqual([
      ['All', ['queued', 'email'], ['queued', 'email']],
      ['Personal', ['queued', 'email'], ['skipped', null]],
      ['ViaSms', ['queued', 'email'], ['queued', 'sms']],
      ['BothPersonal', ['queued', 'email'], ['skipped', null]],
      ['Nothing', ['skipped', null], ['skipped', null]],
    ]);
    const why = rows.find((r) => r.customer_id === personal.id && r.rule_id === restock.id)!.reason;
    expect(why).toBe(
      'by email the customer wants only birthday and personal messages; no other usable channel',
    );
    const fellBack = rows.find((r) => r.customer_id === viaSms.id && r.rule_id === restock.id)!.reason;
    expect(fellBack).toBe(
      'by email the customer wants only birthday and personal messages; fell back to SMS',
    );
    // one planning path: the preview said the same
    const planned = preview.lines
      .filter((l) => l.outcome !== 'not_due' && l.outcome !== 'already_touched')
      .map((l) => [l.customerId, l.ruleId, l.outcome, l.channel ?? null])
      .sort();
    expect(planned).toEqual(rows.map((r) => [r.customer_id, r.rule_id, r.status, r.channel]).sort());
  }, 60_000);
});
