/**
 * The raw-SQL bound of each rule kind for npm run bench:evaluate (docs/benchmarks.md#evaluation):
 * what hand-written SQL needs on the same store for the example rules' candidates and their
 * writes — one candidate query per rule, written with `INSERT … SELECT` into scratch tables
 * (touches, and tasks for the task rules), in one transaction per kind. No policies, no
 * templates: the floor the engine is measured against, in the same run.
 */
import type { DataSource } from 'typeorm';
import { type Db, NON_CONTACT_KINDS, rows } from '@touchbase/store';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Month-day strings ('MM-DD') of the UTC dates from `from` to `to` days after `now`. */
function monthDays(now: Date, from: number, to: number): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d++) out.push(new Date(now.getTime() + d * DAY).toISOString().slice(5, 10));
  return out;
}

const list = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const NOT_TOUCHED = `NOT EXISTS (SELECT 1 FROM bench_touches bt WHERE bt.rule = ? AND bt.customer_id = c.id AND bt.occasion_key = ?)`;

/** The candidates of each example rule kind, written as touches (and tasks) by INSERT … SELECT. */
const KINDS: Record<string, (db: Db, now: Date) => Promise<void>> = {
  async birthday(db, now) {
    const year = String(now.getUTCFullYear());
    const email = monthDays(now, -1, 2);
    await rows(
      db,
      `INSERT INTO bench_touches (rule, customer_id, occasion_key, due_at)
       SELECT 'birthday_email', c.id, ?, ? FROM customers c
       WHERE c.birthday_md IN (${list(email.length)}) AND c.erased_at IS NULL AND c.email IS NOT NULL
         AND c.email_consent = TRUE AND ${NOT_TOUCHED}`,
      [`birthday:${year}`, now.getTime(), ...email, 'birthday_email', `birthday:${year}`],
    );
    const card = monthDays(now, 4, 6);
    await rows(
      db,
      `INSERT INTO bench_touches (rule, customer_id, occasion_key, due_at)
       SELECT 'birthday_card', c.id, ?, ? FROM customers c
       WHERE c.birthday_md IN (${list(card.length)}) AND c.erased_at IS NULL AND c.tags LIKE ? AND ${NOT_TOUCHED}`,
      [`birthday:${year}`, now.getTime(), ...card, '%,vip,%', 'birthday_card', `birthday:${year}`],
    );
    await tasksOf(db, 'birthday_card');
  },

  async big_purchase_thanks(db, now) {
    const to = now.getTime() - 2 * HOUR;
    const from = to - 1440 * 60_000;
    const thresholds = [
      ['EUR', 20_000],
      ['USD', 25_000],
      ['PLN', 80_000],
    ];
    const big = thresholds.map(() => '(o.currency = ? AND o.total_minor >= ?)').join(' OR ');
    await rows(
      db,
      `INSERT INTO bench_touches (rule, customer_id, occasion_key, due_at)
       SELECT 'big_purchase', o.customer_id, 'order:' || CAST(o.id AS varchar(20)), o.placed_at FROM orders o
       JOIN customers c ON c.id = o.customer_id AND c.erased_at IS NULL
       WHERE o.placed_at > ? AND o.placed_at <= ? AND (${big})
         AND NOT EXISTS (SELECT 1 FROM bench_touches bt WHERE bt.rule = 'big_purchase' AND bt.customer_id = o.customer_id
                         AND bt.occasion_key = 'order:' || CAST(o.id AS varchar(20)))`,
      [from, to, ...thresholds.flat()],
    );
  },

  async top_customer_checkin(db, now) {
    const [{ n }] = await rows<{ n: unknown }>(
      db,
      'SELECT COUNT(*) AS n FROM customer_spend WHERE currency = ?',
      ['EUR'],
    );
    const limit = Math.ceil((Number(n) * 5) / 100);
    const quiet = now.getTime() - 90 * DAY;
    const key = `checkin:${now.toISOString().slice(0, 10)}`;
    await rows(
      db,
      `INSERT INTO bench_touches (rule, customer_id, occasion_key, due_at)
       SELECT 'top_customer', t.customer_id, ?, ? FROM (
         SELECT customer_id FROM customer_spend WHERE currency = ? ORDER BY spend_minor DESC, customer_id LIMIT ?
       ) t JOIN customers c ON c.id = t.customer_id AND c.erased_at IS NULL
       WHERE NOT EXISTS (SELECT 1 FROM contact_events e WHERE e.customer_id = t.customer_id AND e.occurred_at > ?
                         AND e.kind NOT IN (${list(NON_CONTACT_KINDS.length)}))
         AND NOT EXISTS (SELECT 1 FROM touches x WHERE x.customer_id = t.customer_id AND x.created_at > ?)
         AND NOT EXISTS (SELECT 1 FROM tasks k WHERE k.customer_id = t.customer_id AND k.status IN ('open', 'snoozed'))
         AND ${NOT_TOUCHED.replace(/c\.id/g, 't.customer_id')}`,
      [key, now.getTime(), 'EUR', limit, quiet, ...NON_CONTACT_KINDS, quiet, 'top_customer', key],
    );
    await tasksOf(db, 'top_customer');
  },

  async back_in_stock(db, now) {
    await rows(
      db,
      `INSERT INTO bench_touches (rule, customer_id, occasion_key, due_at)
       SELECT 'restock', w.customer_id, 'restock:' || CAST(w.product_id AS varchar(20)) || ':' || CAST(w.restock_id AS varchar(20)), ?
       FROM (SELECT e.customer_id, e.product_id, r.id AS restock_id, r.new_stock,
                    ROW_NUMBER() OVER (PARTITION BY r.id ORDER BY e.joined_at, e.id) AS place
             FROM restock_events r JOIN waitlist_entries e ON e.product_id = r.product_id AND e.status = 'waiting'
             WHERE r.processed_at IS NULL) w
       JOIN customers c ON c.id = w.customer_id AND c.erased_at IS NULL
       WHERE w.place <= w.new_stock`,
      [now.getTime()],
    );
    await tasksOf(db, 'restock');
  },
};

async function tasksOf(db: Db, rule: string): Promise<void> {
  await rows(
    db,
    `INSERT INTO bench_tasks (touch_id, customer_id, title) SELECT id, customer_id, 'task' FROM bench_touches WHERE rule = ?`,
    [rule],
  );
}

/** Milliseconds per rule kind for its raw-SQL bound, each kind in its own transaction. */
export async function measureBounds(ds: DataSource, now: Date): Promise<Map<string, number>> {
  const pg = ds.options.type === 'postgres';
  await ds.query('DROP TABLE IF EXISTS bench_tasks');
  await ds.query('DROP TABLE IF EXISTS bench_touches');
  await ds.query(
    `CREATE TABLE bench_touches (id ${pg ? 'serial' : 'integer'} PRIMARY KEY, rule varchar(30) NOT NULL,
       customer_id integer NOT NULL, occasion_key varchar(100) NOT NULL, due_at bigint NOT NULL,
       UNIQUE (rule, customer_id, occasion_key))`,
  );
  await ds.query(
    'CREATE TABLE bench_tasks (touch_id integer NOT NULL, customer_id integer NOT NULL, title varchar(100) NOT NULL)',
  );
  const out = new Map<string, number>();
  try {
    for (const [kind, run] of Object.entries(KINDS)) {
      const t0 = process.hrtime.bigint();
      await ds.transaction((m) => run(m, now));
      out.set(kind, Number(process.hrtime.bigint() - t0) / 1e6);
    }
  } finally {
    await ds.query('DROP TABLE IF EXISTS bench_tasks');
    await ds.query('DROP TABLE IF EXISTS bench_touches');
  }
  return out;
}
