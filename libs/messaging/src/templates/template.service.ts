import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig, logoHref } from '@touchbase/config';
import {
  Clock,
  Conflict,
  FieldProblem,
  invalidField,
  LOCALES,
  NotFound,
  TemplateCatalog,
  TemplateId,
  ValidationFailed,
} from '@touchbase/core';
import { MessageTemplate, SettingsService } from '@touchbase/store';
import { DefaultTemplate, loadDefaultTemplates, TemplateContent } from './default-templates';
import { LAYOUT_KEY, layoutProblems } from './email-layout-scope';
import { LiquidRenderer, RenderSettings } from './liquid-renderer';
import { SAMPLE_TASK_FACTS, taskScope } from './task-scope';
import { BusinessVars, buildScope, sampleTouchContext } from './template-scope';

/** `task`: a task's texts — subject = title, html = reason, text = talking points (all plain text). */
export type TemplateChannel = 'email' | 'sms' | 'task';
export const TEMPLATE_CHANNELS: readonly TemplateChannel[] = ['email', 'sms', 'task'];

const KEY = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/**
 * Message templates in the `templates` table: one per (key, channel, locale). Saving validates
 * against a complete sample context, so a typo fails now and not at 09:00 on a birthday.
 * Shipped defaults are inserted when missing and never overwrite an owner's edit.
 */
@Injectable()
export class TemplateService extends TemplateCatalog implements OnApplicationBootstrap {
  private readonly log = new Logger('Templates');
  private cache = new Map<string, MessageTemplate[]>();
  private seeding: Promise<number> | null = null;

  constructor(
    @InjectRepository(MessageTemplate) private readonly repo: Repository<MessageTemplate>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    readonly renderer: LiquidRenderer,
    private readonly businessSettings: SettingsService,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const added = await this.ensureDefaults();
    if (added) this.log.log(`added ${added} default templates`);
  }

  /** Seeds the shipped defaults once per process; whoever needs them first waits for it. */
  ensureDefaults(): Promise<number> {
    this.seeding ??= this.seedDefaults(loadDefaultTemplates());
    return this.seeding;
  }

  /** The TemplateCatalog port: what exists, after the defaults are in (rules loaded at start-up check against them). */
  async ids(): Promise<TemplateId[]> {
    await this.ensureDefaults();
    const rows = await this.repo.find({ select: { key: true, channel: true, locale: true } });
    // the email layout wraps messages; no rule sends it
    return rows
      .filter((t) => t.key !== LAYOUT_KEY)
      .map((t) => ({ key: t.key, channel: t.channel as TemplateId['channel'], locale: t.locale }));
  }

  /** Deletes a template (or all of a key). Callers check first that no rule needs it (TemplateReferences). */
  async remove(key: string, channel?: string, locale?: string): Promise<number> {
    if (key === LAYOUT_KEY)
      throw new Conflict(
        'The email layout cannot be deleted: every email needs it; reset it to the shipped one',
      );
    const where = { key, ...(channel ? { channel } : {}), ...(locale ? { locale } : {}) };
    const removed = (await this.repo.delete(where)).affected ?? 0;
    this.cache.clear();
    if (!removed) throw new NotFound(`No template ${[key, channel, locale].filter(Boolean).join('/')}`);
    return removed;
  }

  /** Renames every channel and locale of a key; refused when the new key is taken or malformed. */
  async rename(from: string, to: string): Promise<number> {
    if (!KEY.test(to)) throw invalidField('key', 'use lower-case letters, digits, _ and - (at most 100)');
    if (from === to) throw invalidField('key', 'is the same as the old key');
    if (from === LAYOUT_KEY) throw new Conflict('The email layout keeps its key');
    if (await this.repo.existsBy({ key: to }))
      throw new Conflict(`A template with the key "${to}" already exists`);
    const renamed =
      (await this.repo.update({ key: from }, { key: to, updatedAt: this.clock.now() })).affected ?? 0;
    this.cache.clear();
    if (!renamed) throw new NotFound(`No template ${from}`);
    return renamed;
  }

  /** Inserts the defaults that are missing (INSERT … ON CONFLICT DO NOTHING on both databases). */
  async seedDefaults(defaults: DefaultTemplate[]): Promise<number> {
    if (!defaults.length) return 0;
    const now = this.clock.now();
    const before = await this.repo.count();
    await this.repo
      .createQueryBuilder()
      .insert()
      .into(MessageTemplate)
      .values(defaults.map((d) => ({ ...d, updatedAt: now })))
      .orIgnore()
      // Some rows are skipped by ON CONFLICT, so RETURNING has fewer rows than values: do not map them back.
      .updateEntity(false)
      .execute();
    this.cache.clear();
    return (await this.repo.count()) - before;
  }

  list(): Promise<MessageTemplate[]> {
    return this.repo.find({ order: { key: 'ASC', channel: 'ASC', locale: 'ASC' } });
  }

  get(key: string, channel: string, locale: string): Promise<MessageTemplate | null> {
    return this.repo.findOneBy({ key, channel, locale });
  }

  /** Validates, then creates or replaces the template. Throws ValidationFailed. */
  async save(
    key: string,
    channel: string,
    locale: string,
    content: Partial<TemplateContent>,
  ): Promise<MessageTemplate> {
    const clean: TemplateContent = {
      subject: content.subject ?? '',
      html: content.html ?? '',
      text: content.text ?? '',
    };
    const problems = this.validate(key, channel, locale, clean);
    if (problems.length) throw new ValidationFailed(problems);
    const now = this.clock.now();
    await this.repo.upsert(
      { key, channel, locale, ...clean, updatedAt: now },
      { conflictPaths: ['key', 'channel', 'locale'] },
    );
    this.cache.clear();
    return (await this.get(key, channel, locale))!;
  }

  /** Replaces a template with its shipped version (config/templates); NotFound when none was shipped. */
  async reset(key: string, channel: string, locale: string): Promise<MessageTemplate> {
    const d = loadDefaultTemplates().find(
      (t) => t.key === key && t.channel === channel && t.locale === locale,
    );
    if (!d) throw new NotFound(`No shipped ${channel} template "${key}" in ${locale}`);
    return this.save(key, channel, locale, d);
  }

  validate(key: string, channel: string, locale: string, c: TemplateContent): FieldProblem[] {
    if (key === LAYOUT_KEY) return this.validateLayout(channel, locale, c);
    const problems: FieldProblem[] = [];
    if (!KEY.test(key))
      problems.push({ field: 'key', problem: 'use lower-case letters, digits, _ and - (at most 100)' });
    if (!(TEMPLATE_CHANNELS as readonly string[]).includes(channel))
      problems.push({ field: 'channel', problem: 'must be email, sms or task' });
    if (!(LOCALES as readonly string[]).includes(locale))
      problems.push({ field: 'locale', problem: `must be one of ${LOCALES.join(', ')}` });
    if (problems.length) return problems;
    if (channel === 'task') return this.validateTask(locale, c);
    const required: Array<keyof TemplateContent> =
      channel === 'email' ? ['subject', 'html', 'text'] : ['text'];
    for (const f of required) if (!c[f].trim()) problems.push({ field: f, problem: 'must not be empty' });
    if (channel === 'sms' && (c.subject.trim() || c.html.trim()))
      problems.push({
        field: c.subject.trim() ? 'subject' : 'html',
        problem: 'an SMS template has only a text body',
      });
    if (problems.length) return problems;
    const settings = this.settings(locale, this.businessSettings.get().timezone);
    const sample = this.sampleScope(locale);
    if (channel === 'email') {
      problems.push(...this.renderer.validate('subject', c.subject, 'text', sample, settings));
      problems.push(...this.renderer.validate('html', c.html, 'html', sample, settings));
    }
    problems.push(...this.renderer.validate('text', c.text, 'text', sample, settings));
    return problems;
  }

  /** The email layout (docs/delivery.md#email-layout): one email version per language. */
  private validateLayout(channel: string, locale: string, c: TemplateContent): FieldProblem[] {
    if (channel !== 'email') return [{ field: 'channel', problem: 'the layout is an email template' }];
    if (!(LOCALES as readonly string[]).includes(locale))
      return [{ field: 'locale', problem: `must be one of ${LOCALES.join(', ')}` }];
    const s = this.businessSettings.get();
    return layoutProblems(this.renderer, c, locale, s, this.settings(locale, s.timezone));
  }

  /** A task template: a title (one line, at most 300 characters rendered); reason and talking points may be empty. */
  private validateTask(locale: string, c: TemplateContent): FieldProblem[] {
    if (!c.subject.trim()) return [{ field: 'subject', problem: 'a task needs a title' }];
    const settings = this.settings(locale, this.businessSettings.get().timezone);
    const sample = this.taskSampleScope(locale);
    return [
      ...this.renderer.validate('subject', c.subject, 'text', sample, settings),
      ...this.renderer.validate('html', c.html, 'text', sample, settings),
      ...this.renderer.validate('text', c.text, 'text', sample, settings),
    ];
  }

  /** Every language's version of a key and channel (cached until the next save). */
  async versions(key: string, channel: string): Promise<MessageTemplate[]> {
    const cacheKey = `${key}\u0000${channel}`;
    let all = this.cache.get(cacheKey);
    if (!all) {
      all = await this.repo.findBy({ key, channel });
      if (this.cache.size > 200) this.cache.clear();
      this.cache.set(cacheKey, all);
    }
    return all;
  }

  /**
   * The template to use: the first of `locales` that exists (customer's, then the business
   * default), else any locale, in en/de/pl order. Cached until the next save.
   */
  async resolve(
    key: string,
    channel: string,
    locales: Array<string | null | undefined>,
  ): Promise<MessageTemplate | null> {
    const all = await this.versions(key, channel);
    for (const l of [...locales, ...LOCALES]) {
      const t = l && all.find((x) => x.locale === l);
      if (t) return t;
    }
    return all[0] ?? null;
  }

  settings(locale: string, timezone: string): RenderSettings {
    return { locale, timezone, currency: this.config.business.currency };
  }

  /** The business as templates see it, from the owner's effective settings (docs/templates: `business.*`). */
  business(): BusinessVars {
    const s = this.businessSettings.get();
    return {
      name: s.businessName,
      url: s.shopUrl || s.publicBaseUrl,
      shop_url: s.shopUrl,
      address: s.postalAddress,
      logo_url: logoHref(s) ?? '',
      currency: this.config.business.currency,
    };
  }

  /** What a task template sees for the sample customer: a message's variables and `task.*`. */
  taskSampleScope(locale: string): Record<string, unknown> {
    const currency = this.config.business.currency;
    return taskScope(sampleTouchContext(currency), this.business(), locale, SAMPLE_TASK_FACTS(currency));
  }

  sampleScope(locale: string): Record<string, unknown> {
    const base = this.businessSettings.get().publicBaseUrl;
    return buildScope(sampleTouchContext(this.config.business.currency), this.business(), locale, {
      unsubscribe_url: `${base}/u/sample`,
      survey_url: `${base}/s/sample`,
    });
  }
}
