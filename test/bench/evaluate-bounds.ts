/**
 * The raw-SQL bound of each rule kind for npm run bench:evaluate (docs/benchmarks.md#evaluation):
 * what hand-written SQL needs on the same store to write the same rows as the engine for the
 * example rules — one candidate query per rule with the ledger anti-join, the touches (every
 * candidate, with the status consent gives it: queued by email or by SMS, skipped, task) with
 * `INSERT … SELECT`, then the outbox rows and tasks from what was inserted, the touches linked to
 * them, and for back_in_stock the waitlist entries and restocks marked. Each kind runs in one
 * transaction on the real tables (their indexes, sequences and constraints), timed up to its
 * last statement and then rolled back, so the tick after it finds the store as it was. The caller
 * empties the ledger first (as the tick's process does), so the anti-joins see what the tick sees.
 * No templates, no budget across rules, no quiet hours: the floor the engine is measured against.
 */
import type { DataSource } from 'typeorm';
import { birthdayDueInWindow, candidateBirthdayMds, type EvaluationWindow } from '@touchbase/rules';
import { type Db, inList, NON_CONTACT_KINDS, rows } from '@touchbase/store';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const BUSINESS_ZONE = 'Europe/Berlin';

interface Bound {
  ruleIds: Map<string, number>;
  /** The store's customer zones (read before the clock starts: the engine's is a handful too). */
  zones: string[];
  now: Date;
}

/** The touch columns the engine writes, and their values from a candidate `c` (customers). */
const TOUCH_COLUMNS =
  'rule_id, customer_id, occasion_key, due_at, status, reason, channel, order_id, product_id, created_at, updated_at';
const EMAIL_OK = 'c.email IS NOT NULL AND c.email_bounced_at IS NULL AND c.email_consent = TRUE';
const SMS_OK = 'c.phone IS NOT NULL AND c.phone_problem IS NULL AND c.sms_consent = TRUE';
/** Email, else SMS by consent (the engine's fallback in the preferred order, simplified), else skipped. */
const STATUS = `CASE WHEN ${EMAIL_OK} OR ${SMS_OK} THEN 'queued' ELSE 'skipped' END`;
const CHANNEL = `CASE WHEN ${EMAIL_OK} THEN 'email' WHEN ${SMS_OK} THEN 'sms' ELSE NULL END`;
const REASON = `CASE WHEN ${EMAIL_OK} THEN '' WHEN ${SMS_OK} THEN 'no email consent; fell back to SMS' ELSE 'no email consent; no usable channel' END`;
const notTouched = (customer: string, key: string) =>
  `NOT EXISTS (SELECT 1 FROM touches x WHERE x.rule_id = ? AND x.customer_id = ${customer} AND x.occasion_key = ${key})`;

/** The outbox rows of the rule's queued touches (one text per message, as a composer makes), then the link. */
async function messagesOf(db: Db, ruleId: number, at: number): Promise<void> {
  await rows(
    db,
    `INSERT INTO outbox_messages (touch_id, customer_id, channel, purpose, recipient, locale, subject, html, text, status, next_attempt_at, created_at)
     SELECT t.id, t.customer_id, t.channel, 'touch', CASE WHEN t.channel = 'email' THEN c.email ELSE c.phone END,
            COALESCE(c.locale, 'en'), 'Hello ' || c.first_name, '<p>Hello ' || c.first_name || '</p>', 'Hello ' || c.first_name,
            'queued', t.due_at, ?
     FROM touches t JOIN customers c ON c.id = t.customer_id WHERE t.rule_id = ? AND t.status = 'queued'`,
    [at, ruleId],
  );
  await rows(
    db,
    `UPDATE touches SET message_id = m.id FROM (SELECT m0.id, m0.touch_id FROM outbox_messages m0 JOIN touches t0 ON t0.id = m0.touch_id WHERE t0.rule_id = ?) m
     WHERE m.touch_id = touches.id`,
    [ruleId],
  );
}

/** A task for each of the rule's touches with this status, then the link. */
async function tasksOf(db: Db, ruleId: number, status: string, kind: string, at: number): Promise<void> {
  await rows(
    db,
    `INSERT INTO tasks (touch_id, rule_id, customer_id, kind, title, reason, talking_points, due_day, priority, assignee_id, status, created_at, updated_at)
     SELECT t.id, t.rule_id, t.customer_id, ?, 'Call ' || c.first_name || ' ' || c.last_name, t.reason, '', '2026-06-15', 0, c.account_owner_id, 'open', ?, ?
     FROM touches t JOIN customers c ON c.id = t.customer_id WHERE t.rule_id = ? AND t.status = ?`,
    [kind, at, at, ruleId, status],
  );
  await rows(
    db,
    `UPDATE touches SET task_id = k.id FROM (SELECT id, touch_id FROM tasks WHERE rule_id = ?) k WHERE k.touch_id = touches.id`,
    [ruleId],
  );
}

/** The same rows as the engine writes for the example rules of each kind. */
const KINDS: Record<string, (db: Db, b: Bound) => Promise<void>> = {
  async birthday(db, { ruleIds, zones, now }) {
    const at = now.getTime();
    for (const [name, channel, daysBefore] of [
      ['Birthday email', 'email', 0],
      ['Birthday card for VIPs', 'task', 5],
    ] as const) {
      const ruleId = ruleIds.get(name)!;
      // the (date, zone) pairs whose 09:00 local falls in the first tick's window (the grace period)
      const window: EvaluationWindow = { from: new Date(at - DAY), to: now };
      const pairs: string[] = [];
      const years = new Set<number>();
      for (const md of candidateBirthdayMds(window, daysBefore))
        for (const zone of zones) {
          const [m, d] = md.split('-').map(Number);
          const due = birthdayDueInWindow(
            m,
            d,
            zone,
            { daysBefore, sendTime: '09:00', feb29: 'feb28' },
            window,
          );
          if (due.length) pairs.push(`${md}|${zone}`);
          for (const x of due) years.add(x.year);
        }
      if (!pairs.length) continue;
      const key = `birthday:${[...years][0]}`;
      const email = channel === 'email';
      await rows(
        db,
        `INSERT INTO touches (${TOUCH_COLUMNS})
         SELECT ?, c.id, ?, ?, ${email ? STATUS : "'task'"}, ${email ? REASON : "''"}, ${email ? CHANNEL : "'task'"}, NULL, NULL, ?, ? FROM customers c
         WHERE c.birthday_md IN (${inList(pairs)}) AND c.birthday_md || '|' || COALESCE(c.timezone, ?) IN (${inList(pairs)})
           AND c.erased_at IS NULL${email ? '' : ' AND c.tags LIKE ?'} AND ${notTouched('c.id', '?')}`,
        [
          ruleId,
          key,
          at,
          at,
          at,
          ...pairs.map((p) => p.slice(0, 5)),
          BUSINESS_ZONE,
          ...pairs,
          ...(email ? [] : ['%,vip,%']),
          ruleId,
          key,
        ],
      );
      if (email) await messagesOf(db, ruleId, at);
      else await tasksOf(db, ruleId, 'task', 'card', at);
    }
  },

  async big_purchase_thanks(db, { ruleIds, now }) {
    const ruleId = ruleIds.get('Thank you for a big order')!;
    const at = now.getTime();
    const to = at - 2 * HOUR;
    const from = to - 1440 * 60_000;
    const tier = (amounts: Array<[string, number]>) => ({
      sql: amounts.map(() => '(o.currency = ? AND o.total_minor >= ?)').join(' OR '),
      params: amounts.flat(),
    });
    const big = tier([
      ['EUR', 20_000],
      ['USD', 25_000],
      ['PLN', 80_000],
    ]);
    const second = tier([
      ['EUR', 100_000],
      ['USD', 120_000],
      ['PLN', 400_000],
    ]);
    await rows(
      db,
      `INSERT INTO touches (${TOUCH_COLUMNS})
       SELECT ?, o.customer_id, 'order:' || CAST(o.id AS varchar(20)), o.placed_at + ?,
              CASE WHEN ${second.sql} THEN 'task' ELSE ${STATUS} END, CASE WHEN ${second.sql} THEN 'Order of a big total' ELSE ${REASON} END,
              CASE WHEN ${second.sql} THEN 'task' ELSE ${CHANNEL} END, o.id, NULL, ?, ?
       FROM orders o JOIN customers c ON c.id = o.customer_id AND c.erased_at IS NULL
       WHERE o.placed_at > ? AND o.placed_at <= ? AND (${big.sql}) AND ${notTouched('o.customer_id', "'order:' || CAST(o.id AS varchar(20))")}`,
      [
        ruleId,
        2 * HOUR,
        ...second.params,
        ...second.params,
        ...second.params,
        at,
        at,
        from,
        to,
        ...big.params,
        ruleId,
      ],
    );
    await messagesOf(db, ruleId, at);
    await tasksOf(db, ruleId, 'task', 'call', at);
  },

  async top_customer_checkin(db, { ruleIds, now }) {
    const ruleId = ruleIds.get('Check in with top customers')!;
    const at = now.getTime();
    const [{ n }] = await rows<{ n: unknown }>(
      db,
      'SELECT COUNT(*) AS n FROM customer_spend WHERE currency = ?',
      ['EUR'],
    );
    const limit = Math.ceil((Number(n) * 5) / 100);
    const quiet = at - 90 * DAY;
    const key = `checkin:${now.toISOString().slice(0, 10)}`;
    await rows(
      db,
      `INSERT INTO touches (${TOUCH_COLUMNS})
       SELECT ?, t.customer_id, ?, ?, 'task', 'Top 5 % by spend over 365 days', 'task', NULL, NULL, ?, ? FROM (
         SELECT customer_id FROM customer_spend WHERE currency = ? ORDER BY spend_minor DESC, customer_id LIMIT ?
       ) t JOIN customers c ON c.id = t.customer_id AND c.erased_at IS NULL
       WHERE NOT EXISTS (SELECT 1 FROM contact_events e WHERE e.customer_id = t.customer_id AND e.occurred_at > ?
                         AND e.kind NOT IN (${inList(NON_CONTACT_KINDS)}))
         AND NOT EXISTS (SELECT 1 FROM touches x WHERE x.customer_id = t.customer_id AND x.created_at > ?)
         AND NOT EXISTS (SELECT 1 FROM tasks k WHERE k.customer_id = t.customer_id AND k.status IN ('open', 'snoozed'))
         AND ${notTouched('t.customer_id', '?')}`,
      [ruleId, key, at, at, at, 'EUR', limit, quiet, ...NON_CONTACT_KINDS, quiet, ruleId, key],
    );
    await tasksOf(db, ruleId, 'task', 'call', at);
  },

  async back_in_stock(db, { ruleIds, now }) {
    const ruleId = ruleIds.get('Back in stock')!;
    const at = now.getTime();
    // each restock's places on its product's waitlist (ROW_NUMBER), the first new_stock of them;
    // an erased customer takes no place (as in the engine: ranked after leaving them out)
    const told = `SELECT w.id, w.customer_id, w.product_id, w.restock_id, w.occurred_at FROM (
         SELECT e.id, e.customer_id, e.product_id, r.id AS restock_id, r.new_stock, r.occurred_at,
                ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY e.joined_at, e.id) AS place
         FROM restock_events r JOIN waitlist_entries e ON e.product_id = r.product_id AND e.status = 'waiting'
         JOIN customers c0 ON c0.id = e.customer_id AND c0.erased_at IS NULL
         WHERE r.processed_at IS NULL AND r.occurred_at <= ?) w
       WHERE w.place <= w.new_stock`;
    await rows(
      db,
      `INSERT INTO touches (${TOUCH_COLUMNS})
       SELECT ?, w.customer_id, 'restock:' || CAST(w.product_id AS varchar(20)) || ':' || CAST(w.restock_id AS varchar(20)),
              w.occurred_at, ${STATUS}, ${REASON}, ${CHANNEL}, NULL, w.product_id, ?, ?
       FROM (${told}) w JOIN customers c ON c.id = w.customer_id`,
      [ruleId, at, at, at],
    );
    await messagesOf(db, ruleId, at);
    await tasksOf(db, ruleId, 'queued', 'set_aside', at);
    await rows(
      db,
      `UPDATE waitlist_entries SET status = 'notified', notified_restock_id = w.restock_id FROM (${told}) w
       WHERE w.id = waitlist_entries.id`,
      [at],
    );
    await rows(
      db,
      'UPDATE restock_events SET processed_at = ? WHERE processed_at IS NULL AND occurred_at <= ?',
      [at, at],
    );
  },
};

class RolledBack extends Error {}

/** What a bound wrote (after its clock stopped), to set beside the engine's counts. */
async function written(db: Db): Promise<string> {
  const [r] = await rows<Record<string, unknown>>(
    db,
    `SELECT (SELECT COUNT(*) FROM touches) AS touches, (SELECT COUNT(*) FROM outbox_messages) AS messages,
            (SELECT COUNT(*) FROM tasks) AS tasks,
            (SELECT COUNT(*) FROM touches WHERE message_id IS NOT NULL OR task_id IS NOT NULL) AS linked`,
  );
  return `${Number(r.touches)} touches, ${Number(r.messages)} messages, ${Number(r.tasks)} tasks, ${Number(r.linked)} linked`;
}

/**
 * Milliseconds per rule kind for its raw-SQL bound (wall, and this process's CPU: on SQLite that
 * includes the database's work), each kind in its own transaction (rolled back).
 */
export async function measureBounds(
  ds: DataSource,
  now: Date,
): Promise<Map<string, { ms: number; cpuMs: number; written: string }>> {
  // stand-in rule ids (no foreign key): the ledger is empty, as the tick after it finds it
  const ruleIds = new Map(
    [
      'Birthday email',
      'Birthday card for VIPs',
      'Thank you for a big order',
      'Check in with top customers',
      'Back in stock',
    ].map((name, i) => [name, 900_001 + i]),
  );
  const zones = (await rows<{ z: string | null }>(ds, 'SELECT DISTINCT timezone AS z FROM customers')).map(
    (r) => r.z ?? BUSINESS_ZONE,
  );
  const out = new Map<string, { ms: number; cpuMs: number; written: string }>();
  for (const [kind, run] of Object.entries(KINDS)) {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    try {
      await ds.transaction(async (m) => {
        await run(m, { ruleIds, zones: [...new Set(zones)], now });
        const cpu = process.cpuUsage(cpu0);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        out.set(kind, { ms, cpuMs: (cpu.user + cpu.system) / 1000, written: await written(m) });
        throw new RolledBack();
      });
    } catch (e) {
      if (!(e instanceof RolledBack)) throw e;
    }
  }
  return out;
}
