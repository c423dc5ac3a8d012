import { MigrationInterface, QueryRunner } from 'typeorm';
import { UPGRADES } from './data/shipped-templates-2026-11';
import { shippedTemplateHash, TemplateTexts } from './data/shipped-template-hash';

/**
 * Data migration: templates seeded before the email layout carried the unsubscribe link (and the
 * back-in-stock email before it guarded the product link and named the hold date) get the version
 * shipped now, but only where the stored subject, html and text are exactly an earlier shipped
 * version. A template the owner edited is left alone (docs/delivery.md#upgrading-shipped-templates).
 */
export class UpgradeUntouchedTemplates1795832273632 implements MigrationInterface {
  name = 'UpgradeUntouchedTemplates1795832273632';

  async up(q: QueryRunner): Promise<void> {
    // $n on PostgreSQL, ? on SQLite.
    const p = q.connection.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
    const select = `SELECT "id", "subject", "html", "text" FROM "templates" WHERE "key" = ${p(1)} AND "channel" = ${p(2)} AND "locale" = ${p(3)}`;
    const update = `UPDATE "templates" SET "subject" = ${p(1)}, "html" = ${p(2)}, "text" = ${p(3)} WHERE "id" = ${p(4)}`;
    for (const u of UPGRADES) {
      const rows = (await q.query(select, [u.key, u.channel, u.locale])) as Array<
        TemplateTexts & { id: number }
      >;
      for (const row of rows)
        if (u.earlier.includes(shippedTemplateHash(row)))
          await q.query(update, [u.subject, u.html, u.text, row.id]);
    }
  }

  /** The earlier versions are not kept; going down leaves the upgraded templates as they are. */
  async down(): Promise<void> {}
}
