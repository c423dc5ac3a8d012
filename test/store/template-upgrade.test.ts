import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { testDatabases, TestDatabase } from '@touchbase/test-kit';
import { createDataSource, DatabaseSettings, MessageTemplate } from '@touchbase/store';
import { DefaultTemplate, loadDefaultTemplates } from '@touchbase/messaging';
import { MIGRATIONS } from '../../libs/store/src/migrations';

// Templates as an install seeded them before the layout carried the unsubscribe link
// (birthday.yml) and before back_in_stock guarded its product link and named the hold date.
const OLD = loadDefaultTemplates(path.join(__dirname, '../fixtures/templates-2026-11-27'));
const NOW = loadDefaultTemplates();
const UPGRADE = MIGRATIONS.findIndex((m) => m.name.startsWith('UpgradeUntouchedTemplates'));

const pick = (list: DefaultTemplate[], key: string, channel: string, locale: string) =>
  list.find((t) => t.key === key && t.channel === channel && t.locale === locale)!;

describe.each(testDatabases())('upgrading untouched shipped templates on $name', (db: TestDatabase) => {
  let settings: DatabaseSettings;
  let ds: DataSource;
  const at = new Date('2026-11-27T12:00:00Z');

  beforeAll(async () => {
    expect(UPGRADE).toBeGreaterThan(0);
    settings = await db.create();
    const before = createDataSource(settings, { migrations: MIGRATIONS.slice(0, UPGRADE) });
    await before.initialize();
    await before.runMigrations({ transaction: 'each' });
    const edited = pick(OLD, 'birthday', 'email', 'de');
    await before.getRepository(MessageTemplate).insert([
      { ...pick(OLD, 'birthday', 'email', 'en'), updatedAt: at },
      { ...pick(OLD, 'back_in_stock', 'email', 'pl'), updatedAt: at },
      { ...edited, html: edited.html.replace('Hallo', 'Liebe Grüße und hallo'), updatedAt: at },
      { ...pick(OLD, 'back_in_stock', 'email', 'en'), subject: 'Back again!', updatedAt: at },
      { ...pick(NOW, 'birthday', 'sms', 'en'), updatedAt: at },
    ]);
    await before.destroy();
    ds = createDataSource(settings);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
  });
  afterAll(async () => {
    if (ds?.isInitialized) await ds.destroy();
    await db.drop(settings);
  });

  const stored = (key: string, channel: string, locale: string) =>
    ds.getRepository(MessageTemplate).findOneByOrFail({ key, channel, locale });

  it('replaces an untouched old template with the one shipped now', async () => {
    const birthday = await stored('birthday', 'email', 'en');
    expect(pick(OLD, 'birthday', 'email', 'en').html).toContain('unsubscribe_url');
    expect(birthday.html).toBe(pick(NOW, 'birthday', 'email', 'en').html);
    expect(birthday.text).toBe(pick(NOW, 'birthday', 'email', 'en').text);
    expect(birthday.html + birthday.text).not.toContain('unsubscribe_url');
    expect(birthday.updatedAt.toISOString()).toBe(at.toISOString());

    const restock = await stored('back_in_stock', 'email', 'pl');
    expect(restock.html).toBe(pick(NOW, 'back_in_stock', 'email', 'pl').html);
    expect(restock.html).toContain('{% if product.url != blank %}');
    expect(restock.text).toContain('hold_until');
  });

  it('leaves a template the owner edited alone, even when only the subject changed', async () => {
    const edited = await stored('birthday', 'email', 'de');
    expect(edited.html).toContain('Liebe Grüße und hallo');
    expect(edited.html).toContain('unsubscribe_url');
    const subjectOnly = await stored('back_in_stock', 'email', 'en');
    expect(subjectOnly.subject).toBe('Back again!');
    expect(subjectOnly.html).toBe(pick(OLD, 'back_in_stock', 'email', 'en').html);
  });

  it('leaves a template that is already the current one as it is', async () => {
    expect((await stored('birthday', 'sms', 'en')).text).toBe(pick(NOW, 'birthday', 'sms', 'en').text);
    expect(await ds.getRepository(MessageTemplate).count()).toBe(5);
  });
});
