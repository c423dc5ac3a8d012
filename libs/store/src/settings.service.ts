import { performance } from 'node:perf_hooks';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  APP_CONFIG,
  AppConfig,
  BusinessSettings,
  isSettingKey,
  parseSetting,
  parseSettings,
  SETTING_ENV,
  SETTING_KEYS,
  SettingKey,
  settingsText,
} from '@touchbase/config';
import { Clock, FieldProblem, ValidationFailed } from '@touchbase/core';
import { ENGINE_STATE } from './engine-state.keys';
import { nextCount, readState } from './engine-state.store';
import { bool, rows, type Db } from './sql/dialect';

/** Who changes a setting: the signed-in user, or the CLI (userId null). */
export interface SettingsActor {
  userId: number | null;
  name: string;
}

/** The settings page's view: the effective values, the environment's defaults, what the owner set. */
export interface SettingsView {
  settings: BusinessSettings;
  /** Effective values in their text form. */
  values: Record<SettingKey, string>;
  /** The environment's default of each, in text form. */
  defaults: Record<SettingKey, string>;
  /** The environment variable each default comes from. */
  env: Record<SettingKey, string>;
  /** Keys the owner has set (the rest follow the environment). */
  overridden: SettingKey[];
  version: number;
}

export interface SettingChangeRow {
  id: number;
  at: Date;
  actor: string;
  setting: string;
  before: string;
  after: string;
  reset: boolean;
}

/** engine_state key of one owner setting (text form) and of the version bumped on each change. */
const KEY_PREFIX = 'setting.';
/** The engine_state key holding the owner's value of a setting (text form), for single-value readers. */
export const settingStateKey = (key: SettingKey): string => KEY_PREFIX + key;
const VERSION_KEY = 'settings.version';
/** How long a process trusts its copy before it looks at the version row again. */
const DEFAULT_MAX_AGE_MS = 1000;

/**
 * The one owner of the effective settings (docs/configuration.md#settings-page): the
 * environment's defaults (AppConfig.settings) overlaid by the owner's values in engine_state
 * (`setting.<key>`). Each change bumps `settings.version` in the same transaction as its values
 * and its audit rows (setting_changes); every process (engine instances, the CLI) compares the
 * version at most once a second (`refresh`, run per request, per tick, per dispatch run), so a
 * change applies everywhere without a restart. `get()` is the copy last loaded, for code that
 * cannot wait.
 */
@Injectable()
export class SettingsService implements OnApplicationBootstrap {
  private readonly log = new Logger('Settings');
  private current: BusinessSettings;
  private owner = new Map<SettingKey, string>();
  private defaults: BusinessSettings;
  private version = -1;
  private loaded = false;
  private checkedAt = -Infinity;
  private loading: Promise<BusinessSettings> | null = null;

  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.defaults = config.settings;
    this.current = config.settings;
  }

  async onApplicationBootstrap(): Promise<void> {
    // before `migrate` the table may not exist yet: the environment's values stand
    await this.refresh({ maxAgeMs: 0 }).catch((e: Error) => this.log.debug(`not loaded: ${e.message}`));
  }

  /** The effective settings as last loaded (the environment's before the first load). */
  get(): BusinessSettings {
    return this.current;
  }

  /** The effective settings, re-read if another process changed them (checked at most every maxAgeMs). */
  refresh(opts: { maxAgeMs?: number } = {}): Promise<BusinessSettings> {
    const maxAge = opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    if (performance.now() - this.checkedAt < maxAge) return Promise.resolve(this.current);
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  async view(): Promise<SettingsView> {
    await this.refresh({ maxAgeMs: 0 });
    return this.viewOf();
  }

  /**
   * Sets (a text value) or resets (null) settings; all are checked together like the environment
   * (a bad one is a ValidationFailed naming each field, and nothing is written). One transaction:
   * the values, one audit row per setting whose effective value changed, the version.
   */
  async update(
    changes: Record<string, string | null | undefined>,
    actor: SettingsActor,
  ): Promise<SettingsView> {
    await this.refresh({ maxAgeMs: 0 });
    const problems: FieldProblem[] = [];
    const next = new Map(this.owner);
    for (const [key, raw] of Object.entries(changes)) {
      if (raw === undefined) continue;
      if (!isSettingKey(key)) {
        problems.push({ field: key, problem: 'is not a setting' });
        continue;
      }
      if (raw === null) {
        next.delete(key);
        continue;
      }
      const parsed = parseSetting(key, raw);
      if (!parsed.ok) problems.push({ field: key, problem: parsed.problem });
      else next.set(key, parsed.text);
    }
    if (problems.length) throw new ValidationFailed(problems);
    const merged = parseSettings(this.mergedText(next));
    if (!merged.ok) throw new ValidationFailed(merged.problems);

    const before = settingsText(this.current);
    const after = settingsText(merged.settings);
    const now = this.clock.now();
    const touched = Object.keys(changes).filter((k) => changes[k] !== undefined) as SettingKey[];
    await this.ds.transaction(async (m) => {
      for (const key of touched) {
        const value = next.get(key);
        if (value === undefined) await rows(m, 'DELETE FROM engine_state WHERE key = ?', [KEY_PREFIX + key]);
        else
          await rows(
            m,
            `INSERT INTO engine_state (key, value, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at RETURNING key`,
            [KEY_PREFIX + key, value, now.getTime()],
          );
        if (before[key] === after[key] && this.owner.has(key) === next.has(key)) continue;
        await this.recordChange(
          m,
          { setting: key, before: before[key], after: after[key], reset: !next.has(key) },
          actor,
          now,
        );
      }
      await nextCount(m, VERSION_KEY, now);
    });
    this.log.log(`settings changed by ${actor.name}: ${touched.join(', ')}`);
    this.checkedAt = -Infinity;
    return this.view();
  }

  /**
   * One row of the change history (setting_changes, which this service owns), in the caller's
   * transaction: for settings kept elsewhere that share the log (the storefront form's, as
   * `storefront.<field>`).
   */
  async recordChange(
    m: Db,
    change: { setting: string; before: string; after: string; reset: boolean },
    actor: SettingsActor,
    at: Date,
  ): Promise<void> {
    await rows(
      m,
      `INSERT INTO setting_changes (at, user_id, actor, setting, "before", "after", reset)
       VALUES (?, ?, ?, ?, ?, ?, ${change.reset ? 'TRUE' : 'FALSE'}) RETURNING id`,
      [
        at.getTime(),
        actor.userId,
        actor.name.slice(0, 200),
        change.setting,
        shown(change.before),
        shown(change.after),
      ],
    );
  }

  /** The latest changes, newest first. */
  async history(limit = 50): Promise<SettingChangeRow[]> {
    const found = await rows<Record<string, unknown>>(
      this.ds,
      'SELECT id, at, actor, setting, "before", "after", reset FROM setting_changes ORDER BY at DESC, id DESC LIMIT ?',
      [limit],
    );
    return found.map((r) => ({
      id: Number(r.id),
      at: new Date(Number(r.at)),
      actor: String(r.actor),
      setting: String(r.setting),
      before: String(r.before),
      after: String(r.after),
      reset: bool(r.reset),
    }));
  }

  private async load(): Promise<BusinessSettings> {
    const startedAt = performance.now();
    // no row yet: nothing was ever saved (the first save writes 0)
    const version = Number((await readState(this.ds, VERSION_KEY)) ?? -1);
    if (version !== this.version || !this.loaded) await this.reload(this.ds, version);
    this.checkedAt = startedAt;
    return this.current;
  }

  private async reload(db: Db, version: number): Promise<void> {
    const found = await rows<{ key: string; value: string }>(
      db,
      `SELECT key, value FROM engine_state WHERE key LIKE 'setting.%' OR key = ?`,
      [ENGINE_STATE.publicBaseUrl],
    );
    const owner = new Map<SettingKey, string>();
    let recorded: string | null = null;
    for (const r of found) {
      if (r.key === ENGINE_STATE.publicBaseUrl) recorded = r.value;
      const key = r.key.slice(KEY_PREFIX.length);
      if (!r.key.startsWith(KEY_PREFIX) || !isSettingKey(key)) continue;
      // checked when saved; checked again in case the row was edited by hand
      const parsed = parseSetting(key, r.value);
      if (parsed.ok) owner.set(key, parsed.text);
      else this.log.warn(`ignoring the stored ${key}: ${parsed.problem}`);
    }
    // Without PUBLIC_BASE_URL a process (the CLI) takes the address the engine recorded at start.
    this.defaults =
      this.config.http.publicBaseUrlDefaulted && recorded
        ? { ...this.config.settings, publicBaseUrl: recorded.replace(/\/+$/, '') }
        : this.config.settings;
    const merged = parseSettings(this.mergedText(owner));
    if (merged.ok) {
      this.owner = owner;
      this.current = merged.settings;
    } else {
      this.log.warn(
        `stored settings do not fit together, using the environment's: ${JSON.stringify(merged.problems)}`,
      );
      this.owner = new Map();
      this.current = this.defaults;
    }
    this.version = version;
    this.loaded = true;
  }

  private mergedText(owner: Map<SettingKey, string>): Record<SettingKey, string> {
    return { ...settingsText(this.defaults), ...Object.fromEntries(owner) };
  }

  private viewOf(): SettingsView {
    return {
      settings: this.current,
      values: settingsText(this.current),
      defaults: settingsText(this.defaults),
      env: SETTING_ENV,
      overridden: SETTING_KEYS.filter((k) => this.owner.has(k)),
      version: this.version,
    };
  }
}

/** An audit value as shown: an uploaded image is described, not copied. */
function shown(v: string): string {
  if (v.startsWith('data:'))
    return `(uploaded ${v.slice(5, v.indexOf(';'))}, ${Math.round((v.length * 3) / 4 / 1024)} KB)`;
  return v;
}
