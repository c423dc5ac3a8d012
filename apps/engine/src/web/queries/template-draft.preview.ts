import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { effectiveZone } from '@touchbase/core';
import {
  buildScope,
  CustomerNotFoundError,
  EmailLayout,
  LAYOUT_KEY,
  SAMPLE_TASK_FACTS,
  sampleTouchContext,
  TemplatePreviewService,
  TemplateTaskComposer,
  TemplateService,
  UnsubscribeLinks,
} from '@touchbase/messaging';
import { SettingsService } from '@touchbase/store';

export interface DraftContent {
  subject: string;
  html: string;
  text: string;
}

export interface DraftPreview {
  /** Problems by field (subject, html, text), from the messaging area's own validation. */
  problems: Array<{ field: string; problem: string }>;
  subject: string;
  html: string;
  text: string;
}

/**
 * The template editor's live preview: checks the UNSAVED draft with TemplateService.validate
 * (the same check as saving) and renders it with the messaging area's renderer and scope for
 * the chosen customer (their latest order and its product), or the sample customer. A task
 * template (channel task) previews as title (subject), reason (html) and talking points (text),
 * with the sample task's facts.
 * TemplatePreviewService renders only saved templates; this renders a draft with its context.
 */
@Injectable()
export class TemplateDraftPreviewer {
  constructor(
    private readonly templates: TemplateService,
    private readonly previews: TemplatePreviewService,
    private readonly links: UnsubscribeLinks,
    private readonly tasks: TemplateTaskComposer,
    private readonly layout: EmailLayout,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  async preview(
    key: string,
    channel: string,
    locale: string,
    draft: DraftContent,
    customerId: number | null,
  ): Promise<DraftPreview> {
    const problems = this.templates.validate(key, channel, locale, draft);
    const empty = { subject: '', html: '', text: '' };
    if (problems.length) return { problems, ...empty };
    if (key === LAYOUT_KEY) return { problems, ...(await this.layoutPreview(locale, draft, customerId)) };
    const ctx =
      (customerId &&
        (await this.previews
          .contextFor(key, customerId)
          .catch((e) => (e instanceof CustomerNotFoundError ? null : Promise.reject(e))))) ||
      sampleTouchContext(this.config.business.currency);
    const scope = buildScope(ctx, this.templates.business(), locale, {
      unsubscribe_url: this.links.url(ctx.customer.id, channel),
      survey_url: `${this.ownerSettings.get().publicBaseUrl}/s/preview`,
    });
    const settings = this.templates.settings(
      locale,
      effectiveZone(ctx.customer.timezone, this.ownerSettings.get().timezone),
    );
    const r = this.templates.renderer;
    try {
      if (channel === 'task') {
        const t = this.tasks.render(draft, locale, ctx, SAMPLE_TASK_FACTS(this.config.business.currency));
        return { problems, subject: t.title, html: t.reason, text: t.talkingPoints };
      }
      if (channel === 'sms')
        return { problems, ...empty, text: r.render(draft.text, 'text', scope, settings).trim() };
      const subject = r.render(draft.subject, 'text', scope, settings).replace(/\s+/g, ' ').trim();
      const body = {
        locale,
        subject,
        html: r.render(draft.html, 'html', scope, settings),
        text: r.render(draft.text, 'text', scope, settings),
      };
      // as the dispatcher sends it: inside the owner's layout
      const wrapped = await this.layout.wrap({ ...body, unsubscribeUrl: String(scope.unsubscribe_url) });
      return { problems, subject, ...wrapped };
    } catch (e) {
      return { problems: [{ field: 'text', problem: (e as Error).message }], ...empty };
    }
  }

  /** A draft layout around the birthday email (the customer's, or the sample's), else around a sample paragraph. */
  private async layoutPreview(
    locale: string,
    draft: DraftContent,
    customerId: number | null,
  ): Promise<Omit<DraftPreview, 'problems'>> {
    const opts = { customerId: customerId ?? undefined, locale };
    const m = await this.previews.preview('birthday', 'email', opts, draft).catch(() => null);
    if (m) return { subject: m.subject, html: m.html, text: m.text };
    const sample = { locale, subject: 'Sample', html: '<p>Sample message</p>', text: 'Sample message' };
    const unsubscribeUrl = `${this.config.http.publicBaseUrl}/u/sample`;
    return { subject: sample.subject, ...this.layout.render(draft, { ...sample, unsubscribeUrl }) };
  }
}
