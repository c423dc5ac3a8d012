import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig, parseStorefrontSettings, StorefrontSettings } from '@touchbase/config';
import { Clock, ValidationFailed } from '@touchbase/core';
import { ENGINE_STATE, readState, SettingsActor, SettingsService, writeState } from '@touchbase/store';

export interface StorefrontSettingsView extends StorefrontSettings {
  /** Where the values come from: the owner's page, or the environment's defaults. */
  origin: 'owner' | 'environment';
}

/**
 * The storefront form's settings (docs/shops.md#storefront-notify-me-form): the owner's values
 * from the database (engine_state), else the environment's STOREFRONT_* defaults. Read on every
 * use, so a change on the settings page applies at once on every engine instance, no restart.
 */
@Injectable()
export class StorefrontSettingsService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly changeLog: SettingsService,
  ) {}

  async current(db: DataSource | EntityManager = this.ds): Promise<StorefrontSettingsView> {
    const stored = await readState(db, ENGINE_STATE.storefrontSettings);
    if (stored) {
      // Stored values passed the same checks when saved; check again in case the row was edited by hand.
      const s = JSON.parse(stored) as Partial<StorefrontSettings>;
      const parsed = parseStorefrontSettings({
        origins: Array.isArray(s.origins) ? s.origins.join(',') : undefined,
        confirmHours: s.confirmHours?.toString(),
        limitPerIp: s.limitPerIp?.toString(),
        limitPerAddress: s.limitPerAddress?.toString(),
      });
      if (parsed.ok) return { ...parsed.settings, origin: 'owner' };
    }
    return { ...this.config.storefront, origin: 'environment' };
  }

  /**
   * Checks the settings as entered in the form and stores them; a bad field is a ValidationFailed
   * naming it. Each field whose value changed is recorded in the settings' change history
   * (`storefront.<field>`, who and when) in the same transaction.
   */
  async save(
    input: Record<keyof StorefrontSettings, string | undefined>,
    actor: SettingsActor,
  ): Promise<StorefrontSettingsView> {
    const parsed = parseStorefrontSettings(input);
    if (!parsed.ok) throw new ValidationFailed(parsed.problems);
    const now = this.clock.now();
    await this.ds.transaction(async (m) => {
      const before = textOf(await this.current(m));
      const after = textOf(parsed.settings);
      await writeState(m, ENGINE_STATE.storefrontSettings, JSON.stringify(parsed.settings), now);
      for (const field of Object.keys(after) as (keyof StorefrontSettings)[])
        if (before[field] !== after[field])
          await this.changeLog.recordChange(
            m,
            { setting: `storefront.${field}`, before: before[field], after: after[field], reset: false },
            actor,
            now,
          );
    });
    return { ...parsed.settings, origin: 'owner' };
  }
}

/** The settings in the form's text form, as the change history shows them. */
function textOf(s: StorefrontSettings): Record<keyof StorefrontSettings, string> {
  return {
    origins: s.origins.join(','),
    confirmHours: String(s.confirmHours),
    limitPerIp: String(s.limitPerIp),
    limitPerAddress: String(s.limitPerAddress),
  };
}
