import { Injectable, Logger } from '@nestjs/common';
import { escapeHtml } from '@touchbase/core';
import { SettingsService } from '@touchbase/store';
import { loadDefaultTemplates, TemplateContent } from './default-templates';
import { LAYOUT_KEY, LayoutInput, layoutScope, textToHtml } from './email-layout-scope';
import { LayoutSkeleton, Slot, slotsArePlain } from './layout-skeleton';
import { limitOutput } from './liquid-renderer';
import { TemplateService } from './template.service';

/**
 * Puts an email into the owner's layout (docs/delivery.md#email-layout): the `_layout` template
 * in the message's language (else the business's, else any), rendered with the effective
 * business settings. When no layout row exists or the stored one fails to render, the shipped
 * layout is used: no email leaves without one.
 */
@Injectable()
export class EmailLayout {
  private readonly log = new Logger('EmailLayout');
  private shipped: Map<string, TemplateContent> | null = null;
  /** Skeletons of the layouts sent with, for one version of the settings (null: not plain, rendered per email). */
  private skeletons = { settings: null as unknown, by: new Map<string, LayoutSkeleton | null>() };

  constructor(
    private readonly templates: TemplateService,
    private readonly settings: SettingsService,
  ) {}

  async wrap(input: LayoutInput): Promise<{ html: string; text: string }> {
    // the owner's latest name, address and logo (re-read at most once a second)
    const s = await this.settings.refresh().catch(() => this.settings.get());
    const stored = await this.templates.resolve(LAYOUT_KEY, 'email', [input.locale, s.defaultLocale]);
    try {
      return this.fill(stored ?? this.builtIn(input.locale), input);
    } catch (e) {
      this.log.warn(`the saved email layout failed (${(e as Error).message}); using the shipped one`);
      return this.fill(this.builtIn(input.locale), input);
    }
  }

  /**
   * What `render` answers, from the layout's skeleton when its per-email values are plain
   * (layout-skeleton.ts): the layout is rendered once per language, settings and kind of email
   * instead of once per email (liquidjs's render was ~8 % of the dispatcher's CPU per email).
   */
  private fill(
    layout: Pick<TemplateContent, 'html' | 'text'>,
    input: LayoutInput,
  ): { html: string; text: string } {
    const content = input.html.trim() || textToHtml(input.text);
    const url = input.unsubscribeUrl ?? '';
    const html = this.skeleton(layout.html, 'html', input, {
      subject: input.subject,
      content,
      unsubscribe_url: url,
    });
    const textValues = { subject: input.subject, content: input.text.trim(), unsubscribe_url: url };
    const text = this.skeleton(layout.text, 'text', input, textValues);
    if (!html || !text) return this.render(layout, input);
    const esc = { subject: escapeHtml(input.subject), content, unsubscribe_url: escapeHtml(url) };
    return {
      html: limitOutput(html.fill(esc)),
      text: `${limitOutput(text.fill(textValues)).trim()}\n`,
    };
  }

  /** The skeleton of one part of a layout for this kind of email, or null when it is rendered per email. */
  private skeleton(
    source: string,
    body: 'html' | 'text',
    input: LayoutInput,
    values: Record<Slot, string>,
  ): LayoutSkeleton | null {
    const s = this.settings.get();
    if (this.skeletons.settings !== s || this.skeletons.by.size >= 100)
      this.skeletons = { settings: s, by: new Map() };
    const key = `${body} ${input.locale} ${LayoutSkeleton.shape(values)} ${source}`;
    let found = this.skeletons.by.get(key);
    if (found === undefined) {
      found = null;
      if (slotsArePlain(source)) {
        const marks = LayoutSkeleton.placeholders(values);
        const sample = {
          locale: input.locale,
          subject: marks.subject,
          html: marks.content,
          text: marks.content,
        };
        found = LayoutSkeleton.of(
          this.renderPart(source, body, { ...sample, unsubscribeUrl: marks.unsubscribe_url }),
        );
      }
      this.skeletons.by.set(key, found);
    }
    return found;
  }

  /** Renders an (unsaved) layout around a message: the editor's preview. */
  render(layout: Pick<TemplateContent, 'html' | 'text'>, input: LayoutInput): { html: string; text: string } {
    return {
      html: this.renderPart(layout.html, 'html', input),
      text: `${this.renderPart(layout.text, 'text', input).trim()}\n`,
    };
  }

  private renderPart(source: string, body: 'html' | 'text', input: LayoutInput): string {
    const s = this.settings.get();
    const settings = this.templates.settings(input.locale, s.timezone);
    return this.templates.renderer.render(
      source,
      body === 'html' ? 'layout' : 'text',
      layoutScope(input, s, body),
      settings,
    );
  }

  /** The shipped layout (config/templates/_layout.yml) in this language, else English. */
  builtIn(locale: string): TemplateContent {
    this.shipped ??= new Map(
      loadDefaultTemplates()
        .filter((t) => t.key === LAYOUT_KEY && t.channel === 'email')
        .map((t) => [t.locale, t]),
    );
    const t = this.shipped.get(locale) ?? this.shipped.get('en');
    if (!t) throw new Error('the shipped email layout (config/templates/_layout.yml) is missing');
    return t;
  }
}
