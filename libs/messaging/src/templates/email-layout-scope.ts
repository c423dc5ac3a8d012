import { BusinessSettings, logoHref } from '@touchbase/config';
import { escapeHtml, FieldProblem } from '@touchbase/core';
import { LiquidRenderer, RenderSettings, SafeHtml } from './liquid-renderer';

/** The reserved template key of the email layout (channel email, one version per language). */
export const LAYOUT_KEY = '_layout';

/** What one email puts into the layout. */
export interface LayoutInput {
  locale: string;
  subject: string;
  /** The rendered HTML body ('' when the message is plain text only). */
  html: string;
  text: string;
  /** The recipient's own unsubscribe link; null when the email is not to a customer. */
  unsubscribeUrl: string | null;
}

/**
 * The layout's variables (docs/delivery.md#email-layout): `content` (the message body: HTML in
 * the HTML layout, written unescaped; text in the text layout), `subject`, `lang`,
 * `business.{name, shop_url, logo_url, address, address_lines}` and `unsubscribe_url` ('' when
 * there is none). Every other value is HTML-escaped by the layout's renderer; the logo is only
 * ever an http(s) address (an uploaded one is served by the engine, see logoHref).
 */
export function layoutScope(
  input: LayoutInput,
  settings: BusinessSettings,
  body: 'html' | 'text',
): Record<string, unknown> {
  const logo = logoHref(settings) ?? '';
  const address = settings.postalAddress.trim();
  return {
    lang: input.locale,
    subject: input.subject,
    content: body === 'html' ? new SafeHtml(input.html.trim() || textToHtml(input.text)) : input.text.trim(),
    business: {
      name: settings.businessName,
      shop_url: settings.shopUrl,
      logo_url: /^https?:\/\//i.test(logo) ? logo : '',
      address,
      address_lines: address ? address.split('\n') : [],
    },
    unsubscribe_url: input.unsubscribeUrl ?? '',
  };
}

/** A plain-text body as HTML: escaped, paragraphs at blank lines, http(s) links clickable. */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map(
      (p) =>
        `<p>${escapeHtml(p)
          .replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}">${u}</a>`)
          .replace(/\n/g, '<br>')}</p>`,
    )
    .join('\n');
}

/**
 * A layout the engine can send with: it parses, knows only the layout's variables, renders for
 * a sample message, and writes both `{{ content }}` and `unsubscribe_url` in the HTML and the
 * text version (an email without its body or its way out is refused when saved).
 */
export function layoutProblems(
  renderer: LiquidRenderer,
  c: { subject: string; html: string; text: string },
  locale: string,
  settings: BusinessSettings,
  render: RenderSettings,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (c.subject.trim()) problems.push({ field: 'subject', problem: 'the layout has no subject of its own' });
  const sample: LayoutInput = {
    locale,
    subject: 'Sample subject',
    html: '<p>Sample message</p>',
    text: 'Sample message',
    unsubscribeUrl: `${settings.publicBaseUrl}/u/sample`,
  };
  for (const [field, kind] of [
    ['html', 'layout'],
    ['text', 'text'],
  ] as const) {
    const source = c[field];
    if (!source.trim()) {
      problems.push({ field, problem: 'must not be empty' });
      continue;
    }
    const found = renderer.validate(field, source, kind, layoutScope(sample, settings, field), render);
    if (found.length) {
      problems.push(...found);
      continue;
    }
    if (!/\{\{-?\s*content\s*-?\}\}/.test(source))
      problems.push({ field, problem: 'must contain {{ content }}, where the message goes' });
    if (!/\bunsubscribe_url\b/.test(source))
      problems.push({ field, problem: 'must contain {{ unsubscribe_url }}, the customer’s way out' });
  }
  return problems;
}
