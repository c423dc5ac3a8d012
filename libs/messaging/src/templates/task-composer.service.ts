import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { TaskComposer, TaskFacts, TaskTexts, TouchContext } from '@touchbase/core';
import { taskScope } from './task-scope';
import { TemplateService } from './template.service';
import type { TemplateContent } from './default-templates';
import { SettingsService } from '@touchbase/store';

/**
 * Renders task templates (channel `task`: subject = title, html = reason, text = talking
 * points) at the business's zone, in the languages asked for (else every language they exist
 * in): the rule engine stores those versions with the task, and each person reads the one in
 * their UI language (docs/staff.md#task-texts-languages).
 */
@Injectable()
export class TemplateTaskComposer extends TaskComposer {
  constructor(
    private readonly templates: TemplateService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {
    super();
  }

  async compose(
    templateKey: string,
    ctx: TouchContext,
    facts?: TaskFacts,
    locales?: readonly string[],
  ): Promise<Partial<Record<string, TaskTexts>> | null> {
    const versions = await this.templates.versions(templateKey, 'task');
    if (!versions.length) return null;
    const wanted = locales ? versions.filter((t) => locales.includes(t.locale)) : versions;
    const out: Partial<Record<string, TaskTexts>> = {};
    for (const t of wanted.length ? wanted : versions.slice(0, 1))
      out[t.locale] = this.render(t, t.locale, ctx, facts);
    return out;
  }

  /** One language's texts; also the editor's preview of an unsaved draft. */
  render(t: TemplateContent, locale: string, ctx: TouchContext, facts?: TaskFacts): TaskTexts {
    const scope = taskScope(ctx, this.templates.business(), locale, facts);
    const settings = this.templates.settings(locale, this.ownerSettings.get().timezone);
    const r = this.templates.renderer;
    return {
      title: r.render(t.subject, 'text', scope, settings).replace(/\s+/g, ' ').trim().slice(0, 300),
      reason: r.render(t.html, 'text', scope, settings).trim(),
      talkingPoints: r.render(t.text, 'text', scope, settings).trim(),
    };
  }
}
