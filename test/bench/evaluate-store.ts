/**
 * The deterministic store npm run bench:evaluate measures on: N customers, 5 N orders over three
 * years, products, waitlists, restocks and contact events, written with bulk statements.
 */
import { sqliteConnection } from '@touchbase/store';
import type { DataSource } from 'typeorm';

const DAY = 86_400_000;

/** mulberry32: the same store on every machine. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = [
  'Europe/Berlin',
  'Europe/Warsaw',
  'Europe/London',
  'America/New_York',
  'Pacific/Kiritimati',
  'Pacific/Pago_Pago',
  'Asia/Tokyo',
  null,
];

async function bulk(
  ds: DataSource,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
): Promise<void> {
  const started = process.hrtime.bigint();
  if (ds.options.type === 'postgres') {
    const per = Math.floor(60_000 / columns.length);
    for (let i = 0; i < count;) {
      await ds.transaction(async (tx) => {
        for (let chunkEnd = Math.min(count, i + 100_000); i < chunkEnd;) {
          const params: unknown[] = [];
          const values: string[] = [];
          for (const end = Math.min(chunkEnd, i + per); i < end; i++) {
            values.push(`(${columns.map((_, c) => `$${params.length + c + 1}`).join(',')})`);
            params.push(...row(i));
          }
          await tx.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${values.join(',')}`, params);
        }
      });
    }
  } else {
    const sqlite = sqliteConnection(ds)!;
    const stmt = sqlite.prepare(
      `INSERT INTO ${table} (${columns.join(',')}) VALUES (${columns.map(() => '?').join(',')})`,
    );
    const insertMany = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) stmt.run(...(row(i) as unknown[]));
    });
    for (let i = 0; i < count; i += 200_000) insertMany(i, Math.min(count, i + 200_000));
  }
  console.log(
    `  ${table}: ${count.toLocaleString('en')} rows in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`,
  );
}

/** The deterministic store of N customers and 5 N orders as of `NOW` (reused when it exists). */
export async function generate(ds: DataSource, N: number, NOW: Date): Promise<void> {
  const ORDERS = N * 5;
  const marker = await ds.query("SELECT value FROM engine_state WHERE key = 'bench.generated'");
  if (marker.length && marker[0].value === String(N)) {
    console.log(`Reusing the generated store (${N.toLocaleString('en')} customers).`);
    return;
  }
  console.log(`Generating ${N.toLocaleString('en')} customers and ${ORDERS.toLocaleString('en')} orders …`);
  const r = rng(42);
  const now = NOW.getTime();
  const t = (b: boolean) => (ds.options.type === 'postgres' ? b : b ? 1 : 0);
  await bulk(
    ds,
    'customers',
    [
      'external_id',
      'first_name',
      'last_name',
      'email',
      'phone',
      'birthday_year',
      'birthday_month',
      'birthday_day',
      'birthday_md',
      'timezone',
      'locale',
      'preferred_channels',
      'email_consent',
      'sms_consent',
      'tags',
      'created_at',
      'updated_at',
    ],
    N,
    (i) => {
      const hasBirthday = r() < 0.8;
      const doy = Math.floor(r() * 366);
      const d = new Date(Date.UTC(2000, 0, 1) + doy * DAY);
      const m = d.getUTCMonth() + 1;
      const day = d.getUTCDate();
      return [
        `c${i + 1}`,
        `First${i + 1}`,
        `Last${i % 997}`,
        `c${i + 1}@example.test`,
        `+4915${String(100000000 + i)}`,
        hasBirthday && r() < 0.7 ? 1950 + Math.floor(r() * 55) : null,
        hasBirthday ? m : null,
        hasBirthday ? day : null,
        hasBirthday ? `${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}` : null,
        ZONES[i % ZONES.length],
        ['en', 'de', 'pl'][i % 3],
        i % 4 === 0 ? 'sms,email' : 'email,sms',
        t(r() < 0.7),
        t(r() < 0.4),
        i % 50 === 0 ? ',vip,' : '',
        now - 1000 * DAY,
        now - 1000 * DAY,
      ];
    },
  );
  await bulk(
    ds,
    'orders',
    ['external_id', 'customer_id', 'placed_at', 'total_minor', 'currency', 'lines', 'created_at'],
    ORDERS,
    (i) => {
      const placed = now - Math.floor(r() * 3 * 365 * DAY);
      const total = Math.floor(500 + 30_000 * Math.pow(r(), 3) + (r() < 0.01 ? 150_000 : 0));
      return [`o${i + 1}`, 1 + Math.floor(r() * N), placed, total, r() < 0.9 ? 'EUR' : 'USD', '[]', placed];
    },
  );
  const products = Math.max(10, Math.floor(N / 1000));
  await bulk(ds, 'products', ['sku', 'name', 'stock', 'created_at', 'updated_at'], products, (i) => [
    `sku-${i + 1}`,
    `Product ${i + 1}`,
    0,
    now - 100 * DAY,
    now - 100 * DAY,
  ]);
  await bulk(
    ds,
    'waitlist_entries',
    ['customer_id', 'product_id', 'joined_at', 'status'],
    products * 20,
    (i) => [1 + ((i * 7919) % N), 1 + Math.floor(i / 20), now - (i % 20) * DAY - i, 'waiting'],
  );
  await bulk(
    ds,
    'restock_events',
    ['product_id', 'previous_stock', 'new_stock', 'source', 'occurred_at'],
    Math.floor(products / 20),
    (i) => [1 + i * 20, 0, 5, 'api', now - 3_600_000],
  );
  await bulk(
    ds,
    'contact_events',
    ['customer_id', 'occurred_at', 'direction', 'kind', 'summary'],
    Math.floor(N / 5),
    (_i) => [1 + Math.floor(r() * N), now - Math.floor(r() * 365 * DAY), 'out', 'email', ''],
  );
  await ds.query(
    `INSERT INTO engine_state (key, value, updated_at) VALUES ('bench.generated', '${N}', ${now})`,
  );
  await ds.query('ANALYZE');
}

/**
 * The people the production TaskAssigner hands tasks to (reused when seeded): an owner and ten
 * staff; on NOW (a Monday) staff 2 is away covered by 3, staff 4 away covered by 2 (two hops),
 * staff 5 works weekends only. Every fourth customer has an account owner among the staff; the
 * rest take round-robin turns.
 */
export async function seedStaff(ds: DataSource, NOW: Date): Promise<void> {
  const seeded = await ds.query("SELECT value FROM engine_state WHERE key = 'bench.staff'");
  if (seeded.length) return;
  const now = NOW.getTime();
  const t = (b: boolean) => (ds.options.type === 'postgres' ? b : b ? 1 : 0);
  const people: Array<[string, string, string, string | null, string | null, number | null]> = [
    ['owner', 'owner', '1,2,3,4,5', null, null, null],
    ...Array.from(
      { length: 10 },
      (_, i): [string, string, string, string | null, string | null, number | null] => {
        const id = i + 2;
        const away = id === 2 || id === 4;
        return [
          `staff${id}`,
          'staff',
          id === 5 ? '6,7' : '1,2,3,4,5',
          away ? '2026-06-01' : null,
          away ? '2026-06-30' : null,
          id === 2 ? 3 : id === 4 ? 2 : null,
        ];
      },
    ),
  ];
  for (const [name, role, days, from, until, cover] of people)
    await ds.query(
      `INSERT INTO users (email, name, role, password_hash, active, working_days, away_from, away_until, cover_user_id, must_change_password, created_at)
       VALUES ('${name}@bench.test', '${name}', '${role}', 'x', ${t(true)}, '${days}', ${from ? `'${from}'` : 'NULL'}, ${until ? `'${until}'` : 'NULL'}, ${cover ?? 'NULL'}, ${t(false)}, ${now})`,
    );
  await ds.query('UPDATE customers SET account_owner_id = 2 + (id % 10) WHERE id % 4 = 0');
  await ds.query(`INSERT INTO engine_state (key, value, updated_at) VALUES ('bench.staff', '11', ${now})`);
}
