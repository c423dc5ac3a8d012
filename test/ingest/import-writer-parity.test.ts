import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { FixedClock, ValidationFailed } from '@touchbase/core';
import { createDataSource, Customer, DatabaseSettings, SettingsService, Suppression } from '@touchbase/store';
import {
  CsvImportService,
  ImportKind,
  normalizeCustomerInput,
  normalizeOrderInput,
  normalizeProductInput,
  resolveOrderCustomer,
  suppressionHashes,
  writeCustomer,
  writeOrder,
  writeProduct,
} from '@touchbase/ingest';
import { testConfig, testDatabases } from '@touchbase/test-kit';

/**
 * The CSV import writes with the project's own statements (libs/store TableRows); these files
 * prove it stores byte for byte what TypeORM's per-row writes (the API's path: find, save,
 * update) store for the same rows, on both databases, in batches of 2 (rows of one customer in
 * different batches) and of 500 (in one batch).
 */
const AT = '2026-06-15T10:00:00Z';
const NOW = new Date(AT);
const SECRET_ENV = {};

type Rows = Record<string, string>[];

const CUSTOMERS_1: Rows = [
  {
    externalId: 'C-1',
    firstName: 'Anna',
    lastName: 'Alt',
    email: 'anna@example.com',
    phone: '0151 11111111',
    birthday: '1980-05-01',
    timezone: 'Europe/Berlin',
    locale: 'de',
    emailConsent: 'yes',
    smsConsent: 'no',
    tags: 'vip',
  },
  {
    externalId: 'C-2',
    firstName: 'Bert',
    email: 'bert@example.com',
    phone: '0151 22222222',
    emailConsent: 'no',
    smsConsent: 'yes',
  },
  { firstName: 'Cora', email: 'cora@example.com', emailConsent: 'yes', birthday: '--12-24' },
  { externalId: 'C-4', firstName: 'Dora', email: 'dora@example.com', emailConsent: 'yes' },
  { firstName: 'Eve', email: 'eve@example.com', emailConsent: 'no', locale: 'Deutsch' },
  { externalId: 'C-1', lastName: 'Neu', tags: 'vip;tea', notes: 'twice in one file' },
  { externalId: 'C-9', email: 'not-an-email' },
];

const CUSTOMERS_2: Rows = [
  { externalId: 'C-1', email: 'Anna.Neu@example.com', firstName: 'Anna' },
  { externalId: 'C-2', emailConsent: 'ja', smsConsent: 'nein', phone: '+48 512 345 678' },
  { externalId: 'C-3', firstName: 'Cora', email: 'cora@example.com' },
  { firstName: 'Eva', email: 'EVE@example.com' },
  { externalId: 'C-4', emailConsent: 'yes', smsConsent: 'yes' },
  { externalId: 'C-5', firstName: 'Fritz', email: 'fritz@example.com', emailConsent: 'no' },
  { externalId: 'C-2', notes: 'updated twice', tags: 'b;a' },
  { externalId: 'C-6', firstName: 'Bert II', email: 'bert@example.com' },
  { externalId: 'C-5', smsConsent: 'yes', phone: '0151 55555555', timezone: 'Europe/Warsaw' },
  { externalId: 'C-7', firstName: 'Gina', birthday: '2099-01-01' },
];

const ORDERS_1: Rows = [
  { externalId: 'O-1', customerExternalId: 'C-1', total: '12,50', placedAt: '2026-06-01T10:00:00Z' },
  { externalId: 'O-2', customerEmail: 'cora@example.com', total: '99.00', placedAt: '2026-06-02T10:00:00Z' },
  { externalId: 'O-1', customerExternalId: 'C-1', total: '13,50', placedAt: '2026-06-01T10:00:00Z' },
];
const ORDERS_2: Rows = [
  { externalId: 'O-1', customerExternalId: 'C-1', total: '13,50', placedAt: '2026-06-01T10:00:00Z' },
  { externalId: 'O-2', customerEmail: 'cora@example.com', total: '100.00', placedAt: '2026-06-02T10:00:00Z' },
  { externalId: 'O-3', customerExternalId: 'C-404', total: '1.00', placedAt: '2026-06-03T10:00:00Z' },
  { externalId: 'O-2', customerExternalId: 'C-2', total: '100.00', placedAt: '2026-06-02T11:00:00Z' },
];

const PRODUCTS_1: Rows = [
  { sku: 'SKU-1', name: 'Tea', stock: '0', price: '4,90' },
  { sku: 'SKU-2', name: 'Cup', stock: '5' },
  { sku: 'SKU-1', stock: '3' },
];
const PRODUCTS_2: Rows = [
  { sku: 'SKU-2', stock: '0' },
  { sku: 'SKU-1', name: 'Green tea', url: 'https://shop.example/tea' },
  { sku: 'SKU-2', stock: '4' },
  { sku: 'SKU-3', stock: '1' },
];

/** The file of these rows: one column per field, named as the field (every field name is a header). */
function csvOf(rows: Rows): string {
  const fields = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v = '') => `"${v.replace(/"/g, '""')}"`;
  return [fields.join(','), ...rows.map((r) => fields.map((f) => cell(r[f])).join(','))].join('\n');
}

/** The same rows through TypeORM's per-row writes (what the import did before its own statements). */
async function reference(
  ds: DataSource,
  kind: ImportKind,
  rows: Rows,
  config: ReturnType<typeof testConfig>,
) {
  const outcomes: string[] = [];
  const b = config.business;
  await ds.transaction(async (m) => {
    for (const values of rows) {
      if (kind === 'customers') {
        const ctx = {
          phoneRegion: b.phoneRegion,
          now: NOW,
          businessZone: b.timezone,
          reading: { locale: b.defaultLocale, zone: b.timezone },
        };
        const { patch, problems } = normalizeCustomerInput(values, ctx);
        if (!problems.ok || (!patch.externalId && !patch.email)) {
          outcomes.push('bad');
          continue;
        }
        const repo = m.getRepository(Customer);
        let existing = patch.externalId
          ? await repo.findOne({ where: { externalId: patch.externalId } })
          : null;
        if (!existing && patch.email) {
          const same = await repo.findOne({ where: { email: patch.email }, order: { id: 'ASC' } });
          if (same && (!patch.externalId || !same.externalId)) existing = same;
        }
        const r = await writeCustomer(m, existing, patch, {
          source: 'import',
          now: NOW,
          secret: config.secret,
        });
        outcomes.push([r.outcome, ...r.warnings].join(' | '));
      } else if (kind === 'orders') {
        const { order } = normalizeOrderInput(values, b.currency, {
          locale: b.defaultLocale,
          zone: b.timezone,
        });
        const customer = order && (await resolveOrderCustomer(m, order.customerRef));
        if (!order || !customer) outcomes.push('bad');
        else outcomes.push((await writeOrder(m, order, customer.id, NOW, b.currency)).outcome);
      } else {
        const { patch, problems } = normalizeProductInput(values, b.currency, {
          locale: b.defaultLocale,
          zone: b.timezone,
        });
        const r = problems.ok
          ? await writeProduct(m, patch.sku!, patch, { now: NOW, source: 'import' }).catch((e: unknown) => {
              if (e instanceof ValidationFailed) return null;
              throw e;
            })
          : null;
        if (!r) {
          outcomes.push('bad');
          continue;
        }
        outcomes.push(
          [
            r.outcome,
            ...(r.restock ? [`back in stock (${r.restock.previousStock} → ${r.restock.newStock})`] : []),
          ].join(' | '),
        );
      }
    }
  });
  return outcomes;
}

const TABLES = ['customers', 'orders', 'products', 'restock_events'];

describe.each(testDatabases())('the import writer stores what TypeORM stored, on $name', (db) => {
  const made: DatabaseSettings[] = [];
  const open: DataSource[] = [];
  afterAll(async () => {
    for (const ds of open) await ds.destroy();
    for (const s of made) await db.drop(s);
  });

  async function fresh() {
    const settings = await db.create();
    made.push(settings);
    const ds = createDataSource(settings);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    open.push(ds);
    const config = testConfig(settings, SECRET_ENV);
    // Dora was erased once: her address is suppressed, consent stays off whatever a file says.
    for (const hash of suppressionHashes(config.secret, { email: 'dora@example.com' }))
      await ds.getRepository(Suppression).insert({ hash, reason: 'erased', createdAt: NOW });
    return { ds, config };
  }

  it.each([2, 500])(
    'customers, orders and products, created, updated twice in one file and re-imported (batches of %i)',
    async (batchSize) => {
      const a = await fresh();
      const b = await fresh();
      const clock = new FixedClock(AT);
      const service = new CsvImportService(a.ds, clock, a.config, new SettingsService(a.ds, clock, a.config));
      const steps: [ImportKind, Rows][] = [
        ['customers', CUSTOMERS_1],
        ['customers', CUSTOMERS_2],
        ['customers', CUSTOMERS_2],
        ['orders', ORDERS_1],
        ['orders', ORDERS_2],
        ['products', PRODUCTS_1],
        ['products', PRODUCTS_2],
        ['products', PRODUCTS_2],
      ];
      for (const [i, [kind, rows]] of steps.entries()) {
        if (i === 1)
          for (const ds of [a.ds, b.ds])
            await ds.query(
              `UPDATE customers SET email_bounced_at = 1, email_bounce_reason = 'gone' WHERE external_id = 'C-1'`,
            );
        const report = await service.import(kind, Readable.from([Buffer.from(csvOf(rows), 'utf8')]), {
          skipBadRows: true,
          batchSize,
        });
        const expected = await reference(b.ds, kind, rows, b.config);
        expect(report.badRowCount).toBe(expected.filter((e) => e === 'bad').length);
        expect({
          step: i,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
        }).toEqual({
          step: i,
          created: expected.filter((e) => e.startsWith('created')).length,
          updated: expected.filter((e) => e.startsWith('updated')).length,
          unchanged: expected.filter((e) => e.startsWith('unchanged')).length,
        });
        expect(report.warnings.map((w) => w.message)).toEqual(
          expected.flatMap((e) => e.split(' | ').slice(1)),
        );
        for (const table of TABLES)
          expect({ step: i, table, rows: await a.ds.query(`SELECT * FROM ${table} ORDER BY id`) }).toEqual({
            step: i,
            table,
            rows: await b.ds.query(`SELECT * FROM ${table} ORDER BY id`),
          });
      }
      // the files did what they say (so the comparison is not between two empty stores)
      const rows = (sql: string) => a.ds.query(sql) as Promise<Record<string, unknown>[]>;
      expect(
        await rows(
          `SELECT external_id, first_name, last_name, email, email_consent, sms_consent, email_bounced_at, tags FROM customers ORDER BY id`,
        ),
      ).toEqual([
        expect.objectContaining({
          external_id: 'C-1',
          last_name: 'Neu',
          email: 'anna.neu@example.com',
          email_bounced_at: null,
          tags: ',tea,vip,',
        }),
        expect.objectContaining({ external_id: 'C-2', tags: ',a,b,' }),
        expect.objectContaining({ external_id: 'C-3', first_name: 'Cora' }),
        expect.objectContaining({ external_id: 'C-4', email: 'dora@example.com' }),
        expect.objectContaining({ external_id: null, first_name: 'Eva', email: 'eve@example.com' }),
        expect.objectContaining({ external_id: 'C-5', first_name: 'Fritz' }),
        expect.objectContaining({ external_id: 'C-6', email: 'bert@example.com' }),
      ]);
      const [dora] = await rows(`SELECT email_consent, sms_consent FROM customers WHERE external_id = 'C-4'`);
      expect([dora.email_consent, dora.sms_consent].map((v) => v === true || v === 1)).toEqual([
        false,
        false,
      ]);
      expect(
        (await rows(`SELECT previous_stock, new_stock FROM restock_events ORDER BY id`)).map((r) => [
          Number(r.previous_stock),
          Number(r.new_stock),
        ]),
      ).toEqual([
        [0, 3],
        [0, 4],
        [0, 4],
      ]);
    },
  );
});
