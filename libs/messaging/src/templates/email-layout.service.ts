import { Injectable, Logger } from '@nestjs/common';
import { SettingsService } from '@touchbase/store';
import { loadDefaultTemplates, TemplateContent } from './default-templates';
import { LAYOUT_KEY, LayoutInput, layoutScope } from './email-layout-scope';
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

  constructor(
    private readonly templates: TemplateService,
    private readonly settings: SettingsService,
  ) {}

  async wrap(input: LayoutInput): Promise<{ html: string; text: string }> {
    // the owner's latest name, address and logo (re-read at most once a second)
    const s = await this.settings.refresh().catch(() => this.settings.get());
    const stored = await this.templates.resolve(LAYOUT_KEY, 'email', [input.locale, s.defaultLocale]);
    try {
      return this.render(stored ?? this.builtIn(input.locale), input);
    } catch (e) {
      this.log.warn(`the saved email layout failed (${(e as Error).message}); using the shipped one`);
      return this.render(this.builtIn(input.locale), input);
    }
  }

  /** Renders an (unsaved) layout around a message: the editor's preview. */
  render(layout: Pick<TemplateContent, 'html' | 'text'>, input: LayoutInput): { html: string; text: string } {
    const s = this.settings.get();
    const r = this.templates.renderer;
    const settings = this.templates.settings(input.locale, s.timezone);
    return {
      html: r.render(layout.html, 'layout', layoutScope(input, s, 'html'), settings),
      text: `${r.render(layout.text, 'text', layoutScope(input, s, 'text'), settings).trim()}\n`,
    };
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
